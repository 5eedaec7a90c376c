"""``polyglot.scaffold``: what ``make post`` writes is a valid draft post, named and dated right."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot.loader import load_site_data
from polyglot.posts import EXCERPT_SEPARATOR, parse_post
from polyglot.scaffold import (
    DESCRIPTION_PLACEHOLDER,
    ScaffoldError,
    pick_author,
    pick_category,
    post_url,
    preview_url,
    scaffold_post,
    slug_of,
)

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def data(tmp_path, write_data):
    data_dir, docs_dir = write_data(tmp_path)
    return load_site_data(data_dir, docs_dir)


def scaffold(data, title="Shipping a drift monitor", **kwargs):
    return scaffold_post(
        title, date=DAY, people=data.people, owner=data.site.owner, categories=data.category_names, **kwargs
    )


def parse(data, post):
    return parse_post(post.text, post.src_path, post.src_path, authors=data.people, categories=data.category_names)


def test_default_post_is_a_valid_draft_by_the_owner_in_the_first_category(data) -> None:
    post = scaffold(data)
    parsed = parse(data, post)
    assert post.src_path == "blog/posts/shipping-a-drift-monitor.md"
    assert post.url == "blog/2026/11/23/shipping-a-drift-monitor/"
    assert parsed.meta.title == "Shipping a drift monitor"
    assert parsed.meta.draft is True
    assert parsed.meta.created == dt.datetime(2026, 11, 23)
    assert parsed.meta.authors == ["saad-laouadi"]
    assert parsed.meta.categories == ["Production ML Systems"]
    assert parsed.meta.slug == "shipping-a-drift-monitor"
    assert parsed.meta.description == DESCRIPTION_PLACEHOLDER
    assert post.text.count(EXCERPT_SEPARATOR) == 1
    assert post.text.startswith("---\ntitle: Shipping a drift monitor\n")
    assert "\ndate: 2026-11-23\n" in post.text  # a YAML date, not a quoted string
    assert "\nauthors: [saad-laouadi]\n" in post.text


def test_category_and_author_by_id_name_case_or_slug(data) -> None:
    post = scaffold(data, category="practical-guides", author="Ibrahim Lahlou")
    parsed = parse(data, post)
    assert parsed.meta.categories == ["Practical Guides"]
    assert parsed.meta.authors == ["ibrahim-lahlou"]
    assert pick_category("PRACTICAL GUIDES", data.category_names) == "Practical Guides"
    assert pick_author("ibrahim-lahlou", data.people, "saad-laouadi") == "ibrahim-lahlou"
    assert pick_author("", data.people, "saad-laouadi") == "saad-laouadi"


def test_unknown_category_lists_the_allowed_ones(data) -> None:
    with pytest.raises(ScaffoldError) as exc:
        scaffold(data, category="Cooking")
    message = str(exc.value)
    assert "unknown category 'Cooking'" in message
    assert "  - Production ML Systems\n  - Practical Guides" in message


def test_unknown_author_lists_the_known_ones(data) -> None:
    with pytest.raises(ScaffoldError) as exc:
        scaffold(data, author="bob")
    assert "unknown author 'bob'" in str(exc.value)
    assert "  - saad-laouadi (Saad Laouadi)\n  - ibrahim-lahlou (Ibrahim Lahlou)" in str(exc.value)


def test_no_categories_is_an_error() -> None:
    with pytest.raises(ScaffoldError, match="no categories"):
        pick_category(None, [])


@pytest.mark.parametrize("title", ["", "   ", "!!!"])
def test_a_title_that_makes_no_slug_is_refused(data, title) -> None:
    with pytest.raises(ScaffoldError):
        scaffold(data, title=title)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Why Rust? A Python engineer's take", "why-rust-a-python-engineers-take"),
        ("  FastAPI   in   production ", "fastapi-in-production"),
        ("Déploiement: côté serveur", "deploiement-cote-serveur"),
    ],
)
def test_slug_from_title(title, slug) -> None:
    assert slug_of(title) == slug


@given(
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x85\u2028\u2029"),
        min_size=1,
        max_size=60,
    ).filter(lambda t: any(c.isalnum() for c in t))
)
def test_any_title_round_trips_through_front_matter(tmp_path_factory, title) -> None:
    from tests.unit.conftest import write_data

    data_dir, docs_dir = write_data(tmp_path_factory.mktemp("data"))
    data = load_site_data(data_dir, docs_dir)
    try:
        post = scaffold(data, title=title)
    except ScaffoldError:
        return  # letters that slugify drops entirely
    assert parse(data, post).meta.title == " ".join(title.split())


def test_post_url_follows_the_blog_url_format() -> None:
    assert post_url("blog", "x", DAY) == "blog/2026/11/23/x/"
    assert post_url("news", "x", DAY, url_format="{slug}") == "news/x/"
    assert post_url("blog", "x", DAY, date_format="yyyy") == "blog/2026/x/"


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("https://you.github.io/the-polyglot-engineer/", "http://127.0.0.1:8000/the-polyglot-engineer/blog/x/"),
        ("https://example.org/", "http://127.0.0.1:8000/blog/x/"),
        ("", "http://127.0.0.1:8000/blog/x/"),
    ],
)
def test_preview_url_is_under_the_site_path(site_url, expected) -> None:
    assert preview_url(site_url, "blog/x/") == expected
