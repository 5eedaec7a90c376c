"""``polyglot.cssinline``: which links become ``<style>`` elements, and what they hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from polyglot import cssinline
from polyglot.cssinline import inline_stylesheets, site_path, stylesheet_href
from polyglot.render import render_verbatim

SHEETS = {"assets/stylesheets/main.css": ".a{b:c}", "assets/stylesheets/site.css": ".d{e:f}"}


def element(path: str, css: str) -> str:
    return f"[{path}|{css}]"


def inline(html: str, page: str = "index.html", site_url: str = "https://example.org/") -> str:
    return inline_stylesheets(html, page, site_url, SHEETS.get, element)


@pytest.mark.parametrize(
    ("tag", "href"),
    [
        ('<link rel="stylesheet" href="a.css">', "a.css"),
        ("<link href=a.css rel=stylesheet />", "a.css"),
        ('<LINK REL="Stylesheet" HREF="a.css" media="all">', "a.css"),
        ('<link rel="stylesheet" href="a.css" media="print">', None),  # not every medium
        ('<link rel="alternate stylesheet" href="a.css">', None),
        ('<link rel="stylesheet" href="a.css" disabled>', None),
        ('<link rel="stylesheet" href="a.css" integrity="sha384-x">', None),
        ('<link rel="preload" href="a.css" as="style">', None),
        ('<link rel="stylesheet">', None),
    ],
)
def test_only_plain_stylesheet_links_are_candidates(tag: str, href: str | None) -> None:
    assert stylesheet_href(tag) == href


@pytest.mark.parametrize(
    ("href", "page", "site_url", "path"),
    [
        ("assets/a.css", "index.html", "https://example.org/", "assets/a.css"),
        ("../../assets/a.css?v=1#x", "blog/post/index.html", "https://example.org/", "assets/a.css"),
        ("/assets/a.css", "404.html", "https://example.org/", "assets/a.css"),
        ("/repo/assets/a.css", "404.html", "https://example.org/repo/", "assets/a.css"),
        ("/other/assets/a.css", "404.html", "https://example.org/repo/", None),  # another site on the host
        ("https://example.org/repo/assets/a.css", "index.html", "https://example.org/repo/", "assets/a.css"),
        ("https://cdn.example.net/a.css", "index.html", "https://example.org/", None),  # another origin
        ("//cdn.example.net/a.css", "index.html", "https://example.org/", None),
        ("https://example.org/a.css", "index.html", "", None),  # no site_url: nothing absolute is ours
        ("../a.css", "index.html", "https://example.org/", None),  # outside the site
        ("", "index.html", "https://example.org/", None),
    ],
)
def test_site_path_resolves_links_of_the_site_only(href: str, page: str, site_url: str, path: str | None) -> None:
    assert site_path(href, page, site_url) == path


def test_links_in_the_head_become_style_elements_in_place() -> None:
    html = (
        '<html><head><meta charset="utf-8"><link rel="stylesheet" href="../assets/stylesheets/main.css">'
        '<link rel="stylesheet" href="https://cdn.example.net/x.css"><link rel="stylesheet" '
        'href="../assets/stylesheets/site.css"><link rel="icon" href="x.png"></head>'
        '<body><link rel="stylesheet" href="../assets/stylesheets/site.css"></body></html>'
    )
    assert inline(html, page="blog/index.html") == (
        '<html><head><meta charset="utf-8">[assets/stylesheets/main.css|.a{b:c}]'
        '<link rel="stylesheet" href="https://cdn.example.net/x.css">[assets/stylesheets/site.css|.d{e:f}]'
        '<link rel="icon" href="x.png"></head>'
        '<body><link rel="stylesheet" href="../assets/stylesheets/site.css"></body></html>'
    )


def test_a_stylesheet_that_could_end_its_element_early_stays_a_link() -> None:
    sheets = {"a.css": '.x::after{content:"</style><script>alert(1)</script>"}', "b.css": "<!--.y{z:w}"}
    html = '<head><link rel="stylesheet" href="a.css"><link rel="stylesheet" href="b.css"></head>'
    assert inline_stylesheets(html, "index.html", "", sheets.get, element) == html


def test_missing_files_and_pages_without_a_head_are_left_alone() -> None:
    assert inline('<head><link rel="stylesheet" href="nope.css"></head>') == (
        '<head><link rel="stylesheet" href="nope.css"></head>'
    )
    assert inline('<p><link rel="stylesheet" href="assets/stylesheets/main.css"></p>') == (
        '<p><link rel="stylesheet" href="assets/stylesheets/main.css"></p>'
    )


def test_the_partial_holds_the_stylesheet_verbatim_under_one_name_on_every_page(env) -> None:
    """Material's instant navigation keeps the <head> elements the next page has too (compared
    by their HTML): the element must be the same on every page, whatever the page's depth."""
    css = '.a>.b{content:"&<>"}\n  .c{\n    d: e;\n  }'

    def render(path: str, text: str) -> str:
        return render_verbatim(env, "inline-style.html", path=path, css=Markup(text))

    shallow = inline_stylesheets(
        '<head><link rel="stylesheet" href="assets/a.css"></head>', "index.html", "", {"assets/a.css": css}.get, render
    )
    deep = inline_stylesheets(
        '<head><link rel="stylesheet" href="../../assets/a.css"></head>',
        "blog/post/index.html",
        "",
        {"assets/a.css": css}.get,
        render,
    )
    assert shallow == deep == f'<head><style data-href="assets/a.css">{css}</style></head>'


def test_inline_site_rewrites_every_page_and_counts(tmp_path: Path) -> None:
    css = tmp_path / "assets" / "stylesheets"
    css.mkdir(parents=True)
    (css / "main.css").write_text(".a{b:c}", "utf-8")
    (tmp_path / "index.html").write_text('<head><link rel="stylesheet" href="assets/stylesheets/main.css"></head>')
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "index.html").write_text(
        '<head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
        '<link rel="stylesheet" href="../assets/stylesheets/gone.css"></head>'
    )
    (tmp_path / "plain.html").write_text("<p>no head</p>")

    counts = cssinline.inline_site(tmp_path, "https://example.org/", element)

    assert counts == {"assets/stylesheets/main.css": 2}
    assert (tmp_path / "index.html").read_text() == "<head>[assets/stylesheets/main.css|.a{b:c}]</head>"
    assert (tmp_path / "blog" / "index.html").read_text() == (
        "<head>[assets/stylesheets/main.css|.a{b:c}]"
        '<link rel="stylesheet" href="../assets/stylesheets/gone.css"></head>'
    )
    assert (tmp_path / "plain.html").read_text() == "<p>no head</p>"
    assert (css / "main.css").read_text() == ".a{b:c}"  # the file stays
