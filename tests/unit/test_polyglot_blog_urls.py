"""``polyglot.blog`` (authors file, category pages) and ``polyglot.urls`` (page-relative links)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from material.plugins.blog.config import BlogConfig
from mkdocs.utils import get_relative_url

from polyglot.blog import authors_file, category_page, category_slug, category_src_path, category_url
from polyglot.models import Category, Person
from polyglot.urls import relative_url


def person(profile: str, **extra: str) -> Person:
    return Person(
        name=extra.get("name", "Ada Lovelace"),
        role=extra.get("role", "Engineer"),
        bio="Bio.",
        avatar=extra.get("avatar", "assets/images/avatars/ada.svg"),
        profile=profile,
        contacts=[{"kind": "github", "label": "GitHub", "url": "https://github.com/ada"}],
    )


# --- authors_file -------------------------------------------------------------------------------------------


def test_authors_file(baseline) -> None:
    people = {pid: Person(**raw) for pid, raw in baseline["people"].items()}
    assert authors_file(people) == {
        "authors": {
            "saad-laouadi": {
                "name": "Saad Laouadi",
                "description": "Founder",
                "avatar": "assets/images/avatars/saad-laouadi.svg",
                "url": "authors/saad-laouadi/",
            },
            "ibrahim-lahlou": {
                "name": "Ibrahim Lahlou",
                "description": "ML Engineer",
                "avatar": "assets/images/avatars/ibrahim-lahlou.svg",
                "url": "authors/ibrahim-lahlou/",
            },
        }
    }


def test_authors_file_keeps_order() -> None:
    people = {"b": person("b.md"), "a": person("a.md")}
    assert list(authors_file(people)["authors"]) == ["b", "a"]


@pytest.mark.parametrize(
    ("profile", "url"),
    [
        ("authors/ada.md", "authors/ada/"),
        ("about.md", "about/"),
        ("authors/index.md", "authors/"),
        ("index.md", ""),
        ("people/ada/index.md", "people/ada/"),
    ],
)
def test_authors_file_profile_urls(profile: str, url: str) -> None:
    assert authors_file({"ada": person(profile)})["authors"]["ada"]["url"] == url


def test_authors_file_profile_ending_in_index() -> None:
    assert authors_file({"ada": person("authors/myindex.md")})["authors"]["ada"]["url"] == "authors/myindex/"


def test_authors_file_profile_readme() -> None:
    assert authors_file({"ada": person("authors/ada/README.md")})["authors"]["ada"]["url"] == "authors/ada/"


def test_real_authors_urls_match_mkdocs(repo) -> None:
    from mkdocs.structure.files import File

    from polyglot.loader import load_site_data

    data = load_site_data(repo / "data", repo / "docs")
    urls = authors_file(data.people)["authors"]
    for pid, p in data.people.items():
        file = File(p.profile, str(repo / "docs"), "/tmp/site", use_directory_urls=True)
        assert urls[pid]["url"] == file.url


# --- categories ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Production ML Systems", "Multi-Language Development", "Lessons from the Field", "C++ & Rust: Ünïcode!", "a  b"],
)
def test_category_slug_matches_material_default(name: str) -> None:
    material_slugify = BlogConfig.categories_slugify.default
    separator = BlogConfig.categories_slugify_separator.default
    assert category_slug(name) == material_slugify(name, separator)


def test_category_slug_values() -> None:
    assert category_slug("Production ML Systems") == "production-ml-systems"
    assert category_slug("Lessons from the Field") == "lessons-from-the-field"


def test_category_src_path_and_url() -> None:
    assert category_src_path("blog", "Practical Guides") == "blog/category/practical-guides.md"
    assert category_url("blog", "Practical Guides") == "blog/category/practical-guides/"
    assert category_url("writing/blog", "A B") == "writing/blog/category/a-b/"


def test_category_url_follows_material_format() -> None:
    fmt = BlogConfig.categories_url_format.default
    assert category_url("blog", "Practical Guides") == posixpath.join("blog", fmt.format(slug="practical-guides")) + "/"


CATEGORY = Category(name="Practical Guides", icon="material/tools", description="Step-by-step tutorials.")


def test_category_page_empty_state() -> None:
    page = category_page(CATEGORY, 0)
    assert page.startswith("# Practical Guides\n\nStep-by-step tutorials.\n")
    assert '!!! info "No posts yet"' in page
    assert "[all posts](../index.md)" in page
    html = markdown.markdown(page, extensions=["admonition"])
    assert '<div class="admonition info">' in html
    assert '<a href="../index.md">all posts</a>' in html


@pytest.mark.parametrize("count", [1, 2, 10])
def test_category_page_with_posts_has_no_empty_state(count: int) -> None:
    page = category_page(CATEGORY, count)
    assert page == "# Practical Guides\n\nStep-by-step tutorials.\n"
    assert "No posts yet" not in page


# --- relative_url -------------------------------------------------------------------------------------------

HOME, ABOUT, POST = "", "about/", "blog/2026/11/16/welcome/"


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("", HOME, "./"),
        ("blog/", HOME, "blog/"),
        ("about/", HOME, "about/"),
        ("assets/x.svg", HOME, "assets/x.svg"),
        ("", ABOUT, ".."),
        ("blog/", ABOUT, "../blog/"),
        ("about/", ABOUT, "./"),
        ("assets/x.svg", ABOUT, "../assets/x.svg"),
        ("authors/saad-laouadi/", ABOUT, "../authors/saad-laouadi/"),
        ("", POST, "../../../../.."),
        ("blog/", POST, "../../../../"),
        ("about/", POST, "../../../../../about/"),
        ("assets/images/avatars/x.svg", POST, "../../../../../assets/images/avatars/x.svg"),
        (POST, POST, "./"),
        ("blog/category/practical-guides/", "blog/", "category/practical-guides/"),
        ("about/", "404.html", "about/"),
    ],
)
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


@pytest.mark.parametrize("page", [ABOUT, POST, "blog/", "a/b/", "404.html", "x/y.html"])
@pytest.mark.parametrize("target", ["", "blog/", "about/", "assets/x.svg", "a/b/c/", "x/y.html"])
def test_relative_url_matches_mkdocs(target: str, page: str) -> None:
    ours, theirs = relative_url(target, page), get_relative_url(target, page)
    # The one accepted difference: the site root from a root-level page is "./" here, "." in MkDocs.
    assert ours == theirs or (ours, theirs) == ("./", ".")


segment = st.text(alphabet="abcxyz019-", min_size=1, max_size=4)
dir_url = st.lists(segment, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
file_url = st.builds(lambda d, f: d + f + ".svg", dir_url, segment)


@given(target=dir_url | file_url, page=dir_url | st.builds(lambda d, f: d + f + ".html", dir_url, segment))
def test_relative_url_resolves_to_the_target(target: str, page: str) -> None:
    base = "https://example.org/site/"
    rel = relative_url(target, page)
    assert not rel.startswith("/")
    assert urljoin(base + page, rel) == base + target


def test_write_file_replaces_the_file_whole_and_skips_unchanged_text(tmp_path, monkeypatch) -> None:
    import os

    from polyglot import blog

    path = tmp_path / "cache" / "authors.yml"
    blog.write_file(path, "authors: {}\n")
    assert path.read_text("utf-8") == "authors: {}\n"
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def record(src, dst):  # the new text arrives by one rename of a complete file
        replaced.append((Path(src).read_text("utf-8"), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(blog.os, "replace", record)
    blog.write_file(path, "authors: {}\n")
    assert replaced == []  # unchanged: not written again
    blog.write_file(path, "authors: {a: 1}\n")
    assert replaced == [("authors: {a: 1}\n", str(path))]
    assert path.read_text("utf-8") == "authors: {a: 1}\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["authors.yml"]  # no temporary left
