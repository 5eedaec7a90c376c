"""``polyglot.links`` and ``polyglot.security``: safe new tabs, no mixed content, one last pass."""

from __future__ import annotations

import pytest

from polyglot import csp, links, security
from polyglot.errors import DataError


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            '<a href="https://x.org" target="_blank">',
            '<a href="https://x.org" target="_blank" rel="noopener noreferrer">',
        ),
        (
            '<a href="https://m.social/@me" target="_blank" rel="noopener me" title="a > b">',
            '<a href="https://m.social/@me" target="_blank" rel="noopener me noreferrer" title="a > b">',
        ),
        (
            "<a target='_BLANK' rel='noreferrer noopener' href=x>",
            "<a target='_BLANK' rel='noreferrer noopener' href=x>",
        ),
        ('<a href="/local/">', '<a href="/local/">'),
        ('<a href="https://x.org" target="_self">', '<a href="https://x.org" target="_self">'),
    ],
)
def test_new_tab_links_get_noopener_noreferrer(tag: str, expected: str) -> None:
    assert links.secure_new_tabs(f"<p>{tag}x</a></p>") == f"<p>{expected}x</a></p>"


def test_abbr_and_other_a_prefixed_tags_are_untouched() -> None:
    html = '<abbr title="x" target="_blank">HTML</abbr>'
    assert links.secure_new_tabs(html) == html


@pytest.mark.parametrize(
    "html",
    [
        '<img src="http://cdn.example/x.png">',
        '<img srcset="/a.png 1x, http://cdn.example/b.png 2x">',
        '<script src="http://cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="http://cdn.example/x.css">',
        '<iframe src="HTTP://video.example/embed"></iframe>',
        '<video poster="http://x.example/p.jpg"></video>',
        '<object data="http://x.example/f.swf"></object>',
        '<IMG SRC="Http://cdn.example/x.png">',  # names and scheme in any case
        '<Link REL="Stylesheet" HREF="hTTp://cdn.example/x.css">',
    ],
)
def test_http_subresources_are_reported(html: str) -> None:
    problems = links.insecure_subresources("<p>\n" + html)
    assert len(problems) == 1 and problems[0].startswith("line 2: <") and "plain http://" in problems[0]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="http://old.example/">a plain link is navigation, not mixed content</a>',
        '<link rel="alternate" href="http://feeds.example/rss.xml">',
        '<link rel="canonical" href="http://x.example/">',
        '<img src="https://cdn.example/x.png" alt="http://in-alt-text">',
        '<img src="/local.png">',
    ],
)
def test_links_and_https_are_not_mixed_content(html: str) -> None:
    assert links.insecure_subresources(html) == []


PAGE = (
    '<html><head><meta charset="utf-8"><script>a()</script></head><body>'
    '<a href="https://x.org" target="_blank">x</a><article>{content}</article></body></html>'
)


def test_finish_page_hardens_links_and_adds_the_policy() -> None:
    out = security.finish_page(PAGE.format(content="<p>ok</p>"), csp.DEFAULT_POLICY, "docs/x.md")
    assert 'rel="noopener noreferrer"' in out
    policy = csp.read_policy(out)
    assert policy is not None and csp.script_hash("a()") in policy["script-src"]


def test_finish_page_reports_every_problem_naming_the_source() -> None:
    content = '<img src="http://x.example/a.png"><script>evil()</script>'
    with pytest.raises(DataError) as info:
        security.finish_page(PAGE.format(content=content), csp.DEFAULT_POLICY, "docs/x.md")
    message = str(info.value)
    assert "docs/x.md: (built page): line 1: <img src=" in message
    assert "docs/x.md: (built page): line 1: inline <script> in the page content" in message


def test_pages_whose_only_http_urls_are_svg_namespaces_have_no_mixed_content() -> None:
    svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink='http://www.w3.org/1999/xlink'><path d='M0'/></svg>"
    css = "<style>a{background:url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>\")}</style>"
    assert links._PLAIN_HTTP.search(svg + css) is None  # the page is not read tag by tag
    assert links.insecure_subresources(svg + css) == []
    # An http:// anywhere else is read: here one an image would load, after the namespaces.
    found = links.insecure_subresources(svg + css + '\n<img src="http://cdn.example/x.png">')
    assert found == ['line 2: <img src="http://cdn.example/x.png"> loads over plain http://']


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>no urls</p>",
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "<SVG XMLNS='HTTP://www.w3.org/2000/svg' Xmlns:XLink='Http://www.w3.org/1999/xlink'></SVG>",
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><a href="HTTP://example.org">x</a>',
        '<svg xmlns="http://a"></svg><svg xmlns="http://b"></svg><p>http://c</p>',
        "<p>xmlns=http://not-quoted</p>",
        '<svg xmlns:xlink="http://a" xlink:href="http://b"/>',
        "<p>\u0130 xmlns:xl\u0131nk='http://a' \u212a http://b</p>",
        "<p>xmlns:xl\u0131nk='http://a'</p>",
    ],
)
def test_the_fast_mixed_content_check_agrees_with_the_pattern(html: str) -> None:
    assert links.has_plain_http(html) is (links._PLAIN_HTTP.search(html) is not None)
