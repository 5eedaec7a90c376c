"""``polyglot.components`` and ``polyglot.build``: the blocks pages embed, over a hand-made Build."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from polyglot.build import Build
from polyglot.components import (
    authors_block,
    category_block,
    contact_block,
    fill_latest_posts,
    latest_posts_block,
    latest_posts_slot,
    projects_block,
    stack_block,
)
from polyglot.errors import DataError
from polyglot.loader import SiteData, load_site_data
from polyglot.models import Project
from polyglot.posts import Post, parse_post
from polyglot.stack import python_literal

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
HOME, ABOUT, BLOG, POST_PAGE = "", "about/", "blog/", "blog/2026/11/16/welcome/"


def render_markdown(text: str) -> str:
    return markdown.markdown(text)


@pytest.fixture(scope="module")
def data() -> SiteData:
    return load_site_data(REPO / "data", DOCS)


def page_url(src_uri: str) -> str:
    """The URL MkDocs gives a page with directory URLs."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def post_url(post: Post) -> str:
    slug = post.meta.slug or Path(post.src_uri).stem
    return f"blog/{post.meta.created:%Y/%m/%d}/{slug}/"


def make_post(data: SiteData, name: str, date: str, *, draft: bool = False, pin: bool = False, extra: str = "") -> Post:
    author = next(iter(data.people))
    text = (
        f"---\ntitle: Post {name}\ndescription: About {name}.\ndate: {date}\nauthors: [{author}]\n"
        f"categories: [{data.category_names[0]}]\nslug: {name}\ndraft: {str(draft).lower()}\n"
        f"pin: {str(pin).lower()}\n{extra}---\n\nExcerpt of *{name}*.\n\n<!-- more -->\n\n{'word ' * 600}\n"
    )
    return parse_post(
        text,
        f"blog/posts/{name}.md",
        f"docs/blog/posts/{name}.md",
        authors=data.people,
        categories=data.category_names,
    )


@pytest.fixture
def make_build(data: SiteData, env) -> Callable[..., Build]:
    def factory(posts: list[Post] | None = None, **kwargs: object) -> Build:
        urls = {"index.md": "", "about.md": page_url("about.md")}
        urls.update({f"authors/{p.name}": page_url(f"authors/{p.name}") for p in (DOCS / "authors").glob("*.md")})
        for post in posts or []:
            urls[post.src_uri] = post_url(post)
        build = Build(data=data, env=env, posts=list(posts or []), urls=urls)
        for post in posts or []:
            post.rendered(render_markdown(post.body))
        for key, value in kwargs.items():
            setattr(build, key, value)
        return build

    return factory


# --- Build --------------------------------------------------------------------------------------------------


def test_build_defaults(data: SiteData, env) -> None:
    build = Build(data=data, env=env)
    assert build.include_drafts is False
    assert build.blog_dir == "blog"
    assert build.posts == [] and build.urls == {}


def test_url_of(make_build) -> None:
    assert make_build().url_of("about.md") == "about/"


def test_url_of_unknown_raises_key_error_with_message(make_build) -> None:
    with pytest.raises(KeyError) as info:
        make_build().url_of("nope.md")
    assert info.value.args == ("no page built from docs/nope.md",)


def test_real_posts_have_urls(data: SiteData, make_build) -> None:
    posts = [
        parse_post(
            path.read_text(encoding="utf-8-sig"),
            path.relative_to(DOCS).as_posix(),
            path.relative_to(REPO).as_posix(),
            authors=data.people,
            categories=data.category_names,
        )
        for path in sorted((DOCS / "blog" / "posts").glob("*.md"))
    ]
    build = make_build(posts)
    html = latest_posts_block(build, HOME, n=len(posts) or 1)
    published = [p for p in posts if not p.meta.draft]
    assert html.count("<article") == len(published)
    for post in published:
        assert f'href="{post_url(post)}"' in html


# --- stack_block --------------------------------------------------------------------------------------------


def test_stack_block_code_and_cards(data: SiteData, make_build) -> None:
    person = data.people["ibrahim-lahlou"]
    block = stack_block(make_build(), "ibrahim-lahlou", ABOUT)
    code, _, cards = block.partition("\n\n")
    assert code == "```python\n" + python_literal("stack", person.stack) + "\n```"
    assert cards.startswith('<div class="grid pe-grid pe-stack" data-person="ibrahim-lahlou">')
    assert cards.count('class="card pe-card pe-stack__group"') == len(person.stack)
    keys = re.findall(r'data-key="([^"]+)"', cards)
    assert keys == list(person.stack)
    for items in person.stack.values():
        for item in items:
            assert f"<li>{item}</li>" in cards


def test_stack_block_uses_site_icons(data: SiteData, make_build) -> None:
    cards = stack_block(make_build(), "ibrahim-lahlou", ABOUT, code=False)
    assert not cards.startswith("```")
    assert cards.count("<svg") == len(data.people["ibrahim-lahlou"].stack)


def test_stack_block_code_only(make_build) -> None:
    block = stack_block(make_build(), "ibrahim-lahlou", ABOUT, cards=False)
    assert block.startswith("```python\nstack = {\n")
    assert block.endswith("\n}\n```")
    assert "<div" not in block


def test_stack_block_nothing(make_build) -> None:
    assert stack_block(make_build(), "ibrahim-lahlou", ABOUT, code=False, cards=False) == ""


def test_stack_block_unknown_person(data: SiteData, make_build) -> None:
    with pytest.raises(DataError) as info:
        stack_block(make_build(), "ada-lovelace", ABOUT)
    known = ", ".join(data.people)
    assert str(info.value) == f"data/people.yml: ada-lovelace: stack(): unknown person (known: {known})"


# --- contact_block ------------------------------------------------------------------------------------------


def test_contact_block_defaults_to_owner(data: SiteData, make_build) -> None:
    html = contact_block(make_build(), None, HOME)
    assert f'data-person="{data.site.owner}"' in html
    assert html.count('class="card pe-card pe-contact') == len(data.owner.contacts)


@pytest.mark.parametrize("pid", ["saad-laouadi", "ibrahim-lahlou"])
def test_contact_block_for_a_person(data: SiteData, make_build, pid: str) -> None:
    html = contact_block(make_build(), pid, ABOUT)
    person = data.people[pid]
    assert f'data-person="{pid}"' in html
    assert "mailto:" not in html
    for contact in person.contacts:
        if contact.address:
            assert contact.address not in html
        else:
            assert f'href="{contact.url}" rel="me noopener"' in html


def test_contact_block_unknown_person(make_build) -> None:
    with pytest.raises(DataError) as info:
        contact_block(make_build(), "ada-lovelace", HOME)
    assert str(info.value).startswith("data/people.yml: ada-lovelace: contact_cards(): unknown person (known: ")


# --- latest_posts_block -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "about"), [(HOME, "about/"), (ABOUT, "./"), (BLOG, "../about/")])
def test_latest_posts_coming_soon_without_posts(make_build, page: str, about: str) -> None:
    html = latest_posts_block(make_build(), page)
    assert html.startswith('<p class="pe-empty">Coming soon')
    assert f'<a href="{about}">About</a>' in html
    assert "<article" not in html


def test_latest_posts_coming_soon_with_only_drafts(data: SiteData, make_build) -> None:
    build = make_build([make_post(data, "draft", "2026-11-20", draft=True)])
    assert "Coming soon" in latest_posts_block(build, HOME)


def test_latest_posts_cards_with_relative_urls(data: SiteData, make_build) -> None:
    posts = [make_post(data, "first", "2026-11-16"), make_post(data, "second", "2026-11-20")]
    build = make_build(posts)
    home = latest_posts_block(build, HOME)
    assert home.count("<article") == 2
    assert home.index("Post second") < home.index("Post first")
    assert '<a href="blog/2026/11/16/first/">Post first</a>' in home
    assert '<a href="blog/">All posts' in home
    assert "Coming soon" not in home
    assert "Excerpt of first." in home
    about = latest_posts_block(build, ABOUT)
    assert '<a href="../blog/2026/11/20/second/">Post second</a>' in about
    assert '<a href="../blog/">All posts' in about
    inside = latest_posts_block(build, POST_PAGE)
    assert '<a href="../../20/second/">Post second</a>' in inside
    assert '<a href="../../../../">All posts' in inside


def test_latest_posts_limit_and_drafts(data: SiteData, make_build) -> None:
    posts = [
        make_post(data, "a", "2026-01-01"),
        make_post(data, "b", "2026-02-01"),
        make_post(data, "c", "2026-03-01", draft=True),
        make_post(data, "d", "2025-01-01", pin=True),
    ]
    html = latest_posts_block(make_build(posts), HOME, n=2)
    assert re.findall(r">Post (\w)</a>", html) == ["d", "b"]
    drafts = latest_posts_block(make_build(posts, include_drafts=True), HOME, n=10)
    assert re.findall(r">Post (\w)</a>", drafts) == ["d", "c", "b", "a"]
    assert drafts.count("pe-draft") == 1


def test_latest_posts_slot_is_filled_once_posts_are_rendered(data: SiteData, make_build) -> None:
    post = make_post(data, "timed", "2026-11-16")
    build = make_build([post])
    slot = latest_posts_slot(build, 3)
    assert 'data-pe-latest-posts="3"' in slot
    page = f"<main>{slot}</main>"
    filled = fill_latest_posts(build, page, HOME)
    assert "pe-latest-slot" not in filled
    assert "3 min read" in filled and "Excerpt of timed." in filled
    assert fill_latest_posts(build, "<main>no slot</main>", HOME) == "<main>no slot</main>"


def test_build_finds_posts_by_source(data: SiteData, make_build) -> None:
    post = make_post(data, "found", "2026-11-16")
    build = make_build([post])
    assert build.post_at(post.src_uri) is post
    assert build.post_at("about.md") is None
    later = make_post(data, "later", "2026-11-17")
    build.posts.append(later)  # the index follows the list as it grows
    assert build.post_at(later.src_uri) is later
    build.posts = [later]  # and a new list
    assert build.post_at(post.src_uri) is None and build.post_at(later.src_uri) is later
    again = make_post(data, "found", "2026-11-18")  # a second post read from the same file
    build.posts = [post, again]
    assert build.post_at(post.src_uri) is post  # the first one, as before


def test_latest_posts_readtime_from_front_matter(data: SiteData, make_build) -> None:
    post = make_post(data, "given", "2026-11-16", extra="readtime: 12\n")
    html = latest_posts_block(make_build([post]), HOME)
    assert "12 min read" in html
    assert post.readtime == 12


def test_latest_posts_unknown_url(data: SiteData, make_build) -> None:
    post = make_post(data, "lost", "2026-11-16")
    build = make_build([post])
    del build.urls[post.src_uri]
    with pytest.raises(KeyError, match=re.escape("no page built from docs/blog/posts/lost.md")):
        latest_posts_block(build, HOME)


def test_latest_posts_custom_blog_dir(data: SiteData, make_build) -> None:
    html = latest_posts_block(make_build([make_post(data, "x", "2026-11-16")], blog_dir="writing"), ABOUT)
    assert '<a href="../writing/">All posts' in html


# --- category_block -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "prefix"), [(HOME, "blog/"), (ABOUT, "../blog/"), (BLOG, "")])
def test_category_block(data: SiteData, make_build, page: str, prefix: str) -> None:
    html = category_block(make_build(), page)
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert len(hrefs) == len(data.site.categories)
    assert hrefs[0] == prefix + "category/production-ml-systems/"
    for category in data.site.categories:
        assert f"<span>{category.name}</span>" in html
    assert html.count("<svg") == len(data.site.categories)


# --- authors_block ------------------------------------------------------------------------------------------


def test_authors_block(data: SiteData, make_build) -> None:
    html = authors_block(make_build(), ABOUT)
    assert html.count('class="card pe-card pe-person"') == len(data.people)
    for pid, person in data.people.items():
        assert f'src="../{person.avatar}"' in html
        assert f'<a href="../authors/{pid}/">{person.name}</a>' in html
    home = authors_block(make_build(), HOME)
    assert 'src="assets/images/avatars/saad-laouadi.svg"' in home


def test_authors_block_missing_profile_page(make_build) -> None:
    build = make_build()
    del build.urls["authors/ibrahim-lahlou.md"]
    with pytest.raises(KeyError, match=re.escape("no page built from docs/authors/ibrahim-lahlou.md")):
        authors_block(build, ABOUT)


# --- projects_block -----------------------------------------------------------------------------------------


def test_projects_block_empty(data: SiteData, make_build) -> None:
    build = make_build()
    build.data = dataclasses.replace(data, projects=[])
    html = projects_block(build, "projects/")
    assert "No projects yet" in html
    assert "<article" not in html


def test_projects_block_with_a_project(data: SiteData, make_build, project) -> None:
    project["author"] = "ibrahim-lahlou"
    build = make_build()
    build.data = dataclasses.replace(data, projects=[Project(**project)])
    html = projects_block(build, "projects/")
    assert html.count("<article") == 1
    assert 'by <a href="../authors/ibrahim-lahlou/">Ibrahim Lahlou</a>' in html
    assert '<a href="https://example.org/demo" rel="noopener">Live demo</a>' in html
    assert "No projects yet" not in html


def test_projects_block_real_data(data: SiteData, make_build) -> None:
    html = projects_block(make_build(), "projects/")
    if data.projects:
        assert html.count("<article") == len(data.projects)
    else:
        assert "No projects yet" in html
