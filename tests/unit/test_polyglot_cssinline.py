"""``polyglot.cssinline``: which links become ``<style>`` elements, and what they hold."""

from __future__ import annotations

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


THEME = (
    "html{a:b}.md-x{c:d}.md-y{e:f}.js .md-x{g:h}[data-k=v]{i:j}"
    "@media screen{.md-y{k:l}.md-x{m:n}}@font-face{font-family:x}"
)
OWN_JS = "el.classList.add('pe-added')"


def sheets_of(texts: dict[str, str], scripts: tuple[str, ...] = (OWN_JS,)) -> cssinline.Sheets:
    return cssinline.make_sheets(texts, scripts)


def test_each_page_gets_what_its_markup_and_the_sites_scripts_can_match() -> None:
    """Rules for markup the page lacks are left to the whole file (boot.js loads it with
    Material's bundle); what the page's inline scripts only read does not count, what the
    site's own scripts add and the first inline script's ``js`` class do."""
    sheets = sheets_of({"assets/main.css": THEME, "assets/site.css": ".pe-added{o:p}.pe-other{q:r}"})
    html = (
        '<html class="no-js"><head><link rel="stylesheet" href="assets/main.css">'
        '<link rel="stylesheet" href="assets/site.css">'
        "<script>document.querySelector('.md-y')</script></head>"
        '<body><p class="md-x" data-k="v">x</p></body></html>'
    )
    tokens = cssinline.page_tokens(html, sheets)
    assert tokens == {"md-x", "js", "pe-added", "data-k", "v"}
    assert cssinline.critical_css(sheets, "assets/main.css", tokens) == (
        "html{a:b}.md-x{c:d}.js .md-x{g:h}[data-k=v]{i:j}@media screen{.md-x{m:n}}@font-face{font-family:x}"
    )
    out = cssinline.inline_page(html, "index.html", "https://example.org/", sheets, element)
    assert out.startswith(
        '<html class="no-js"><head>[assets/main.css|html{a:b}.md-x{c:d}.js .md-x{g:h}[data-k=v]{i:j}'
        "@media screen{.md-x{m:n}}@font-face{font-family:x}][assets/site.css|.pe-added{o:p}]<script>"
    )


def test_critical_css_is_a_pruning_of_the_file_with_the_pages_tokens() -> None:
    """The same rules as pruning the whole file with the page's tokens (cssprune.prune_css):
    tokens no selector names are dropped first, and change nothing."""
    from polyglot import cssprune

    sheets = sheets_of({"a.css": THEME})
    for markup in ('<p class="md-y">', '<p class="md-x md-y unrelated" id="z">', "<p>"):
        tokens = cssinline.page_tokens(markup, sheets)
        assert "unrelated" not in tokens and "z" not in tokens
        full = cssprune.html_tokens(markup) | sheets.script_words | {"js"}
        assert cssinline.critical_css(sheets, "a.css", tokens) == cssprune.prune_css(
            THEME, cssprune.Used(frozenset(full), frozenset(full))
        )


def test_sheets_digest_names_stylesheets_and_scripts() -> None:
    base = sheets_of({"a.css": ".a{b:c}"})
    assert base.digest == sheets_of({"a.css": ".a{b:c}"}).digest
    assert base.digest != sheets_of({"a.css": ".a{b:d}"}).digest
    assert base.digest != sheets_of({"b.css": ".a{b:c}"}).digest
    assert base.digest != sheets_of({"a.css": ".a{b:c}"}, ("other",)).digest
    assert base.script_words == {"el", "classList", "add", "pe-added"}


def test_only_the_sites_stylesheets_are_inlined_and_pages_without_them_are_unchanged() -> None:
    sheets = sheets_of({"assets/main.css": ".md-x{c:d}"})
    linked = (
        '<head><link rel="stylesheet" href="../assets/main.css">'
        '<link rel="stylesheet" href="../assets/other.css"></head><p class="md-x">'
    )
    assert cssinline.inline_page(linked, "blog/index.html", "", sheets, element) == (
        '<head>[assets/main.css|.md-x{c:d}]<link rel="stylesheet" href="../assets/other.css"></head><p class="md-x">'
    )
    plain = "<head><title>x</title></head><p>"
    assert cssinline.inline_page(plain, "index.html", "", sheets, element) == plain


def test_a_page_keeps_the_custom_properties_it_can_read() -> None:
    """Those its kept rules read, those its own markup and inline scripts read or name, and
    those the site's scripts name; Material's icons for what the page lacks go."""
    main = (
        ":root{--md-fg:#000;--md-unused:#111;--md-admonition-icon--note:url(a.svg);"
        "--md-admonition-icon--bug:url(b.svg);--md-js:1;--md-inline:2}"
        ".md-typeset .admonition.note{mask-image:var(--md-admonition-icon--note)}"
        ".md-typeset .admonition.bug{mask-image:var(--md-admonition-icon--bug)}"
        "body{color:var(--md-fg)}"
    )
    sheets = sheets_of({"assets/main.css": main}, ("root.style.setProperty('--md-js', '3')",))
    html = (
        '<head><link rel="stylesheet" href="assets/main.css"></head>'
        '<body><div class="md-typeset"><div class="admonition note" style="top:var(--md-inline)"></div></div></body>'
    )
    tokens = cssinline.page_tokens(html, sheets)
    properties = cssinline.page_properties(html, sheets, tokens)
    assert properties == {"--md-fg", "--md-admonition-icon--note", "--md-js", "--md-inline"}
    out = cssinline.inline_page(html, "index.html", "", sheets, element)
    assert out.startswith(
        "<head>[assets/main.css|:root{--md-fg:#000;--md-admonition-icon--note:url(a.svg);--md-js:1;--md-inline:2}"
        ".md-typeset .admonition.note{mask-image:var(--md-admonition-icon--note)}body{color:var(--md-fg)}]</head>"
    )
    assert sheets.script_properties == {"--md-js"}


def test_pages_with_the_same_words_share_one_cut_per_build(monkeypatch) -> None:
    """A build's sheets keep the cut-down files and the properties their rules read by word
    set: a second page with the same words costs a look-up, with the same result as a cut."""
    from polyglot import cssprune

    calls: list[str] = []
    prune, reads = cssprune.prune_compiled, cssprune.reads
    monkeypatch.setattr(cssprune, "prune_compiled", lambda *a: calls.append("prune") or prune(*a))
    monkeypatch.setattr(cssprune, "reads", lambda *a: calls.append("reads") or reads(*a))
    sheets = sheets_of({"a.css": THEME})
    fresh = sheets_of({"a.css": THEME})
    one, same = cssinline.page_tokens('<p class="md-x">', sheets), cssinline.page_tokens('<b class="md-x">', sheets)
    other = cssinline.page_tokens('<p class="md-y">', sheets)
    assert one == same and one is not same and one != other
    first = cssinline.critical_css(sheets, "a.css", one)
    cut = len(calls)  # a cut prunes the file and, again, each grouping rule in it
    assert cut and set(calls) == {"prune"}
    assert cssinline.critical_css(sheets, "a.css", same) == first and len(calls) == cut
    assert cssinline.critical_css(sheets, "a.css", other) != first and len(calls) == 2 * cut
    kept = len(sheets._results)
    cssinline.critical_css(sheets, "a.css", one, frozenset())  # with properties to keep: another entry
    assert len(sheets._results) == kept + 1
    page_reads = frozenset({"--a"})
    assert cssinline.properties_read(sheets, one, page_reads) == cssinline.properties_read(fresh, one, page_reads)
    expected = cssinline.properties_read(sheets_of({"a.css": THEME}), same, frozenset())
    before = len(calls)
    assert cssinline.properties_read(sheets, same, frozenset()) == expected
    assert len(calls) == before  # the rules' reads for these words were kept: no file read again
    assert cssinline.critical_css(sheets, "a.css", set(one)) == first  # a plain set: computed, not kept
    monkeypatch.setattr(cssinline, "RESULTS_KEPT", 1)
    cssinline.critical_css(sheets, "a.css", frozenset({"md-y"}))  # a new word set
    assert len(sheets._results) == 1  # bounded: emptied before it grows past the limit
