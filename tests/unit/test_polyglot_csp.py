"""``polyglot.csp``: inline-script hashes, the policy, and where its meta tag goes."""

from __future__ import annotations

import base64
import hashlib

import pytest

from polyglot import csp
from polyglot.errors import DataError

PAGE = """<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <title>t</title>
    <script>var a = 1;</script>
    <script src="x.js"></script>
    <script id="__config" type="application/json">{"a": 1}</script>
  </head>
  <body>
    <script>
      var b = "</scr" + "ipt>";
    </script>
    <article class="md-content__inner"><p>Hello</p></article>
    <script type="module">import "./m.js";</script>
  </body>
</html>
"""


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_inline_scripts_are_the_executable_ones_with_their_exact_text() -> None:
    bodies = [s.body for s in csp.inline_scripts(PAGE)]
    assert bodies == ["var a = 1;", '\n      var b = "</scr" + "ipt>";\n    ', 'import "./m.js";']


def test_script_hash_is_the_browser_s_sha256_source_expression() -> None:
    assert csp.script_hash("var a = 1;") == sha("var a = 1;")
    # A known vector: the empty script.
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_non_ascii_scripts_are_hashed_as_utf8() -> None:
    assert csp.script_hash("var s = 'é';") == sha("var s = 'é';")


def test_apply_inserts_one_policy_after_the_charset_and_before_any_script() -> None:
    out = csp.apply(PAGE)
    tag_at = out.index('<meta http-equiv="Content-Security-Policy"')
    assert out.index('<meta charset="utf-8">') < tag_at < out.index("<script")
    assert out.count("Content-Security-Policy") == 1
    policy = csp.read_policy(out)
    assert policy is not None
    for script in csp.inline_scripts(PAGE):
        assert csp.script_hash(script.body) in policy["script-src"]
    assert sha('{"a": 1}') not in policy["script-src"]  # JSON data blocks never execute


def test_default_policy_is_strict_where_it_matters() -> None:
    policy = csp.read_policy(csp.apply(PAGE))
    assert policy is not None
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    for directive, sources in policy.items():
        assert all(s.startswith("'") or s in ("data:",) for s in sources), (directive, sources)
    assert "frame-ancestors" not in policy  # ignored (with a console error) in <meta>


def test_applying_twice_replaces_the_policy() -> None:
    once = csp.apply(PAGE)
    assert csp.apply(once).count("Content-Security-Policy") == 1


def test_without_charset_the_policy_opens_head() -> None:
    out = csp.insert_meta("<html><head><script>x</script></head></html>", "default-src 'self'")
    assert out.startswith('<html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">')


def test_a_charset_after_the_first_script_does_not_move_the_policy_past_it() -> None:
    html = "<html><head><script>x</script><meta charset='utf-8'></head></html>"
    out = csp.insert_meta(html, "p")
    assert out.index("Content-Security-Policy") < out.index("<script>")


def test_a_document_without_head_is_left_alone() -> None:
    assert csp.insert_meta("<p>fragment</p>", "p") == "<p>fragment</p>"
    assert csp.read_policy("<p>fragment</p>") is None


def test_inline_script_in_the_page_content_fails() -> None:
    html = PAGE.replace("<p>Hello</p>", "<p>Hello</p><script>steal()</script>")
    with pytest.raises(csp.InlineCodeError, match=r"line \d+: inline <script> in the page content"):
        csp.check_inline_code(html)


@pytest.mark.parametrize(
    "snippet",
    ['<img src="x.png" onerror="alert(1)">', '<a href="#" onclick="go()">x</a>', "<body onload=init()>"],
)
def test_inline_event_handlers_fail_anywhere(snippet: str) -> None:
    html = PAGE.replace("<title>t</title>", snippet) if "body" in snippet else PAGE.replace("<p>Hello</p>", snippet)
    with pytest.raises(csp.InlineCodeError, match="inline event handler"):
        csp.check_inline_code(html)


def test_javascript_urls_fail_in_content_but_material_s_inert_one_in_the_frame_is_allowed() -> None:
    frame = PAGE.replace("<title>t</title>", '<title>t</title><a href="javascript:void(0)">share</a>')
    assert csp.check_inline_code(frame)
    content = PAGE.replace("<p>Hello</p>", '<a href="JavaScript:alert(1)">x</a>')
    with pytest.raises(csp.InlineCodeError, match="javascript: URL"):
        csp.check_inline_code(content)


def test_self_closing_article_does_not_leave_content_mode_open() -> None:
    html = "<html><head></head><body><article/><script>ok()</script></body></html>"
    assert [s.in_content for s in csp.check_inline_code(html)] == [False]


def test_merge_sources_adds_an_integration_s_origins() -> None:
    policy = csp.merge_sources(
        {"img-src": ["https://img.example.org"], "frame-src": ["https://www.youtube-nocookie.com"]}
    )
    assert policy["img-src"] == ("'self'", "data:", "https://img.example.org")
    assert policy["frame-src"] == ("'self'", "https://www.youtube-nocookie.com")
    assert csp.merge_sources(None) == csp.DEFAULT_POLICY


def test_merge_sources_replaces_none_when_an_integration_opts_in() -> None:
    policy = csp.merge_sources({"object-src": ["'self'"]})
    assert policy["object-src"] == ("'self'",)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"script-src": ["'unsafe-inline'"]}, "extra.csp.script-src[0]", "would allow injected scripts"),
        ({"script-src": ["'unsafe-eval'"]}, "extra.csp.script-src[0]", "would allow injected scripts"),
        ({"img-src": ["http://insecure.example"]}, "extra.csp.img-src[0]", "not an allowed source"),
        ({"img-src": ["*"]}, "extra.csp.img-src[0]", "not an allowed source"),
        ({"frame-ancestors": ["'none'"]}, "extra.csp.frame-ancestors", "unknown directive"),
        ({"img-src": "https://x.org"}, "extra.csp.img-src", "must be a list"),
    ],
)
def test_merge_sources_refuses_bad_sources_naming_the_field(extra: dict, field: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        csp.merge_sources(extra)
    assert f"mkdocs.yml: {field}: {message}" in str(info.value)


def test_merge_sources_needs_a_mapping() -> None:
    with pytest.raises(DataError, match=r"mkdocs.yml: extra.csp: must map directives"):
        csp.merge_sources(["img-src"])  # type: ignore[arg-type]


def test_a_script_that_can_be_inlined_comes_back_unchanged() -> None:
    source = 'var a = "<scr" + "ipt>"; /* <b>markup</b> in a comment */\n'
    assert csp.inlinable_script(source, "overrides/x.js") is source


@pytest.mark.parametrize(("bad", "found"), [("</script>", "</script"), ("</SCRIPT >", "</SCRIPT"), ("<!-- x", "<!--")])
def test_a_script_that_would_break_out_of_its_element_names_file_and_line(bad: str, found: str) -> None:
    with pytest.raises(DataError) as caught:
        csp.inlinable_script(f"var a = 1;\n// {bad}\n", "overrides/x.js")
    assert str(caught.value) == (f"overrides/x.js: line 2: {found!r} cannot appear in a script inlined into every page")


# --- The fast scan (lexbor) agrees with the reference scan (html.parser) ----------------------------

AGREEING = [
    PAGE,
    "",
    "<p>plain</p>",
    "<html><head><title>A &amp; B</title></head><body><article><a href='/x'>x</a></article></body></html>",
    "<script>/* mentions <script src> in a comment */ var a = 1;</script><p>after</p>",
    "<svg><title>icon</title><path d='M0'/></svg><script>var b = 2;</script>",
    "<a href='javascript:void(0)'>outside the content</a><article><p>in</p></article>",
]
# Markup on which the two parsers could read different tags: the fast scan stands aside.
UNVOUCHED = [
    "<title>a<b onclick=1>c</title>",  # RCDATA: html.parser sees a tag, browsers see text
    "<textarea><b onclick=1></b></textarea>",
    "<template><a onclick=1></a></template>",  # lexbor keeps template content outside the tree
    "<!-- <script>x</script> --><script>y</script>",
    "<svg><script>a&amp;b</script></svg>",  # foreign content: lexbor decodes the text
    "<script>a</script x><b onclick=1>",  # end tags the two parsers end a script at differently
    "<p>line\r\n</p><script>a\r\nb</script>",  # browsers hash the script with \n
    "<script><!--<script></script>x</script>",  # script data double-escaped: HTML5 reads on
]
# Findings: reported by the reference scan, with line numbers.
FINDINGS = [
    "<div onclick=1>x</div>",
    "<a/onmouseover=1>x</a>",
    "<article><a href=' JavaScript:alert(1)'>x</a></article>",
    "<article href='javascript:x'><p>x</p></article>",
    "<article><script>var c = 3;</script></article>",
    "<article><div><p>x</p></div>\n<script>var d = 4;</script></article>",
]


@pytest.mark.parametrize("html", AGREEING + UNVOUCHED + FINDINGS)
def test_the_scan_is_the_reference_scan(html: str) -> None:
    assert csp.scan(html) == csp.scan_slow(html)


@pytest.mark.parametrize("html", AGREEING)
def test_the_fast_scan_vouches_for_well_formed_pages(html: str) -> None:
    assert csp._scan_fast(html) == csp.scan_slow(html)


@pytest.mark.parametrize("html", UNVOUCHED + FINDINGS)
def test_the_fast_scan_leaves_doubtful_markup_and_findings_to_the_reference(html: str) -> None:
    assert csp._scan_fast(html) is None


def test_findings_keep_their_line_numbers() -> None:
    html = "<p>one</p>\n<p>two</p>\n<div onclick=1>three</div>"
    assert csp.scan(html).handlers == ["line 3: <div onclick=...> (inline event handler)"]
