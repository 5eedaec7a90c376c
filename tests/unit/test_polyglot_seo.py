"""``polyglot.seo``: meta tags and JSON-LD for posts, profiles, pages and home."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from polyglot.models import Person
from polyglot.seo import (
    Author,
    Image,
    PageInfo,
    absolute,
    iso,
    json_ld,
    meta_tags,
    person_ld,
    script_json,
    shorten,
    twitter_handle,
)

SITE = "https://example.org/blog-site/"


def person(**overrides) -> Person:
    data = {
        "name": "Ibrahim Lahlou",
        "role": "ML Engineer",
        "bio": "Builds systems.",
        "avatar": "a.svg",
        "profile": "authors/i.md",
        "contacts": [
            {"kind": "email", "label": "Mail", "address": "ib@example.org"},
            {"kind": "twitter", "label": "X", "url": "https://twitter.com/ILoDo01"},
            {"kind": "github", "label": "GH", "url": "https://github.com/IbLahlou"},
        ],
    }
    data.update(overrides)
    return Person.model_validate(data)


def author() -> Author:
    return Author(pid="ib", person=person(), url=SITE + "authors/i/", avatar=SITE + "a.svg")


def post_info(**overrides) -> PageInfo:
    data = {
        "kind": "post",
        "title": "Shipping",
        "description": "A post.",
        "url": SITE + "blog/x/",
        "site_name": "Site",
        "site_url": SITE,
        "image": Image(url=SITE + "card.png", alt="Card", width=1200, height=630),
        "authors": [author()],
        "published": dt.datetime(2026, 1, 2),
        "modified": dt.datetime(2026, 2, 3),
        "section": "Practical Guides",
        "tags": ["mlops"],
        "breadcrumbs": [("Site", SITE), ("Blog", SITE + "blog/"), ("Shipping", SITE + "blog/x/")],
    }
    data.update(overrides)
    return PageInfo(**data)


def test_absolute_joins_under_the_site_path() -> None:
    assert absolute("https://e.org/sub", "blog/") == "https://e.org/sub/blog/"
    assert absolute("https://e.org/sub/", "") == "https://e.org/sub/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("short", "short"), ("  a\n b  ", "a b"), ("word " * 50, ("word " * 31).strip() + "…")],
)
def test_shorten(text: str, expected: str) -> None:
    assert shorten(text) == expected
    assert len(shorten(text)) <= 160


def test_iso_reads_naive_dates_as_utc() -> None:
    assert iso(dt.datetime(2026, 1, 2)) == "2026-01-02T00:00:00+00:00"


def test_twitter_handle_from_x_or_twitter_url() -> None:
    assert twitter_handle(person()) == "@ILoDo01"
    assert twitter_handle(person(contacts=[{"kind": "github", "label": "g", "url": "https://github.com/x"}])) is None


def test_person_same_as_lists_web_profiles_never_email() -> None:
    data = person_ld(author())
    assert data["sameAs"] == ["https://twitter.com/ILoDo01", "https://github.com/IbLahlou"]
    assert "example.org" not in json.dumps(data).replace(SITE, "")


def test_post_meta_tags() -> None:
    tags = {(a, k): c for a, k, c in meta_tags(post_info())}
    assert tags[("property", "og:type")] == "article"
    assert tags[("property", "og:image")] == SITE + "card.png"
    assert tags[("name", "twitter:card")] == "summary_large_image"
    assert tags[("name", "twitter:creator")] == "@ILoDo01"
    assert tags[("property", "article:published_time")] == "2026-01-02T00:00:00+00:00"
    assert tags[("property", "article:modified_time")] == "2026-02-03T00:00:00+00:00"
    assert tags[("property", "article:author")] == SITE + "authors/i/"
    assert tags[("property", "article:section")] == "Practical Guides"


def test_page_without_image_uses_a_summary_card() -> None:
    tags = {(a, k): c for a, k, c in meta_tags(post_info(kind="page", image=None, authors=[]))}
    assert tags[("name", "twitter:card")] == "summary"
    assert ("property", "og:image") not in tags
    assert ("property", "article:published_time") not in tags
    assert tags[("property", "og:type")] == "website"


def test_post_json_ld_is_a_blog_posting_with_authors_and_breadcrumbs() -> None:
    graph = json_ld(post_info())["@graph"]
    posting, crumbs = graph
    assert posting["@type"] == "BlogPosting"
    for key in ("headline", "datePublished", "dateModified", "author", "image", "mainEntityOfPage", "publisher"):
        assert key in posting, key
    assert posting["author"][0]["@type"] == "Person"
    assert [i["position"] for i in crumbs["itemListElement"]] == [1, 2, 3]


def test_home_json_ld_is_a_website_with_a_search_action() -> None:
    info = post_info(kind="home", breadcrumbs=[("Site", SITE)], search_url=SITE)
    (site,) = json_ld(info)["@graph"]
    assert site["@type"] == "WebSite"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == SITE + "?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_profile_json_ld_is_a_profile_page_about_a_person() -> None:
    info = post_info(kind="profile", profile=author(), title="Ibrahim")
    profile = json_ld(info)["@graph"][0]
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["@type"] == "Person"
    tags = {(a, k): c for a, k, c in meta_tags(info)}
    assert tags[("property", "profile:first_name")] == "Ibrahim"
    assert tags[("property", "profile:last_name")] == "Lahlou"


def test_script_json_cannot_close_its_script_element() -> None:
    text = str(script_json({"title": "</script><script>alert(1)</script> & co"}))
    assert "</script" not in text and "<" not in text
    assert json.loads(text)["title"] == "</script><script>alert(1)</script> & co"
