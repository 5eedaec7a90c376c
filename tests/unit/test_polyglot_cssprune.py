"""``polyglot.cssprune``: which selectors can match the site, and what is left of a stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot import cssprune
from polyglot.cssprune import Used, collect_used, html_tokens, js_tokens, prune_css, selector_used, split_top_level

USED = Used(
    tokens=frozenset({"md-typeset", "admonition", "note", "md-header", "__search", "js", "slate", "ltr"}),
    attributes=frozenset({"data-md-color-scheme", "dir", "role", "dialog", "hidden"}),
    prefixes=("md-tag",),
)


def test_html_tokens_are_attribute_names_value_words_and_inline_script_words() -> None:
    html = (
        "<div class=\"md-typeset  admonition\" id=__main data-x='a b' hidden>"
        "<script>el.classList.add('md-header--shadow')</script></div>"
    )
    tokens = html_tokens(html)
    assert {"class", "md-typeset", "admonition", "id", "__main", "data-x", "a", "b", "hidden"} <= tokens
    assert "md-header--shadow" in tokens
    assert "div" not in tokens  # element names are never required


def test_js_tokens_are_words() -> None:
    assert js_tokens('h("div",{class:"md-tooltip2 md-typeset"})') >= {"md-tooltip2", "md-typeset", "class", "h"}


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".md-typeset .admonition.note", True),
        (".md-typeset .admonition.tip", False),  # no page has a tip
        ("#__search:checked~.md-header", True),
        ("#__drawer", False),
        ("[data-md-color-scheme=slate] .md-header", True),
        ("[data-md-color-scheme=default] .md-header", False),
        ('[data-md-color-scheme="slate"]', True),
        ("[dir=rtl] .md-header", False),
        ("[dir=ltr] .md-header", True),
        ("[role=dialog]", True),
        ("[data-unknown]", False),
        ("[data-md-color-scheme^=sl]", True),  # only exact values are checked
        (".md-tag--python", True),  # built at run time from a prefix
        (".md-typeset code:not(.focus-visible)", True),  # arguments never require anything
        (".md-typeset :is(.tabbed-set, .admonition)", True),
        ("html.js .md-typeset", True),
        ("body", True),
        ("[hidden]", True),
        ('[href$=".svg#only-dark"]', False),  # no page has an href
    ],
)
def test_selector_used(selector: str, kept: bool) -> None:
    assert selector_used(selector, USED) is kept


def test_split_top_level_ignores_commas_in_brackets_parentheses_and_strings() -> None:
    assert split_top_level('a:is(.b,.c),[x="1,2"],d') == ["a:is(.b,.c)", '[x="1,2"]', "d"]


def test_prune_css_keeps_used_rules_and_drops_the_rest() -> None:
    css = (
        '@charset "UTF-8";'
        "/* a comment */"
        ":root{--x:1}"
        ".md-typeset,.unused{color:red}"
        ".unused{color:blue}"
        "@media screen and (min-width:60em){.unused{a:b}.md-header{c:d}}"
        "@media print{.unused{a:b}}"
        "@supports (x:y){@media screen{.md-header{e:f}}}"
        "@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}"
        '.md-header:after{content:"}{"}'
        "}"  # a stray brace is skipped
    )
    out = prune_css(css, USED)
    assert out == (
        '@charset "UTF-8";'
        ":root{--x:1}"
        ".md-typeset{color:red}"
        "@media screen and (min-width:60em){.md-header{c:d}}"
        "@supports (x:y){@media screen{.md-header{e:f}}}"
        "@keyframes spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}"
        '.md-header:after{content:"}{"}'
    )


def test_prune_css_keeps_a_trailing_statement_and_an_escaped_quote() -> None:
    assert prune_css('.md-header{content:"a\\"}"}@import url(x.css)', USED) == (
        '.md-header{content:"a\\"}"}@import url(x.css);'
    )
    assert prune_css("/* unterminated", USED) == ""
    assert prune_css(".md-header{/* } */color:red}", USED) == ".md-header{/* } */color:red}"


def test_prune_css_rejects_unbalanced_braces() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        prune_css(".md-header{color:red", USED)


def test_collect_used_filters_theme_words_but_not_attribute_words() -> None:
    used = collect_used(
        ['<div class="pe-card"></div>'],
        own_scripts=["el.className = 'pe-email'"],
        theme_scripts=['h("div",{class:"md-tooltip2",role:"tooltip"}); var wordy = 1'],
    )
    assert {"pe-card", "pe-email", "md-tooltip2"} <= used.tokens
    assert "wordy" not in used.tokens and "tooltip" not in used.tokens
    assert used.has_attribute("tooltip") and used.has_attribute("wordy")
    assert used.has("tabbed-control--prev")  # built from parts at run time


def test_prune_site_rewrites_theme_stylesheets_only(tmp_path: Path) -> None:
    css = tmp_path / "assets" / "stylesheets"
    js = tmp_path / "assets" / "javascripts"
    css.mkdir(parents=True)
    js.mkdir(parents=True)
    (tmp_path / "index.html").write_text('<p class="kept">x</p>', "utf-8")
    (js / "bundle.1234.min.js").write_text('h("div",{class:"md-added"})', "utf-8")
    (js / "site.js").write_text('el.classList.add("ours")', "utf-8")
    (css / "main.1234.min.css").write_text(".kept{a:b}.md-added{c:d}.ours{e:f}.gone{g:h}", "utf-8")
    (css / "main.1234.min.css.map").write_text("{}", "utf-8")
    (css / "palette.5678.min.css").write_text("[data-md-color-primary=red]{i:j}", "utf-8")
    (css / "site.css").write_text(".gone{k:l}", "utf-8")

    done = cssprune.prune_site(tmp_path)

    assert [(d.path, d.after < d.before) for d in done] == [
        ("assets/stylesheets/main.1234.min.css", True),
        ("assets/stylesheets/palette.5678.min.css", True),
    ]
    assert (css / "main.1234.min.css").read_text("utf-8") == ".kept{a:b}.md-added{c:d}.ours{e:f}"
    assert (css / "palette.5678.min.css").read_text("utf-8") == ""
    assert not (css / "main.1234.min.css.map").exists()
    assert (css / "site.css").read_text("utf-8") == ".gone{k:l}"  # the site's own stylesheet is left alone


def test_html_tokens_without_scripts_are_the_markup_only() -> None:
    html = '<p class="a" data-x="b c"><script id="s">el.classList.add("from-js")</script>'
    assert html_tokens(html, scripts=False) == {"class", "a", "data-x", "b", "c"}
    assert {"from-js", "s", "id"} <= html_tokens(html)


def _tokens_read_every_time(html: str, scripts: bool = True) -> set[str]:
    """html_tokens as it was before attribute texts were remembered (the reference)."""
    tokens: set[str] = set()
    if scripts:
        for script in cssprune._SCRIPT.finditer(html):
            tokens |= js_tokens(script.group(1))
    for attributes in cssprune._TAG.findall(html if scripts else cssprune._SCRIPT.sub("", html)):
        for name, double, single, bare in cssprune.ATTRIBUTE.findall(attributes):
            tokens.add(name.lower())
            value = double or single or bare
            if value:
                tokens.update(value.split())
    return tokens


_TAGS = st.sampled_from(
    [
        '<a href="/x/" class="md-nav__link md-nav__link--active">',
        "<span class=n>",
        "<div id=__main data-x='a b' hidden>",
        '<IMG SRC="c.png" Alt="C d">',
        "<p>text</p>",
        '<script>el.classList.add("from-js")</script>',
        "<input type=checkbox checked/>",
        "<b title=\"a=b 'c'\">",
    ]
)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.one_of(_TAGS, st.text(alphabet="<>=\"' abc/", max_size=12)), max_size=30))
def test_remembered_attribute_texts_give_the_tokens_read_every_time(parts: list[str]) -> None:
    html = "".join(parts)
    for scripts in (True, False):
        assert html_tokens(html, scripts) == _tokens_read_every_time(html, scripts)
        assert html_tokens(html, scripts) == _tokens_read_every_time(html, scripts)  # remembered now


def test_attribute_texts_are_kept_for_two_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cssprune, "_ATTRIBUTE_TOKENS", [{}, {}])
    monkeypatch.setattr(cssprune, "_ATTRIBUTE_TOKENS_KEPT", 2)
    first = cssprune.attribute_tokens(' class="a b"')
    assert first == {"class", "a", "b"}
    cssprune.attribute_tokens(" id=c")
    cssprune.attribute_tokens(" id=d")  # a third text: a new generation begins
    assert cssprune.attribute_tokens(' class="a b"') is first  # still in the last generation
    for text in (" id=e", " id=f", " id=g", " id=h"):
        cssprune.attribute_tokens(text)
    young, old = cssprune._ATTRIBUTE_TOKENS
    assert ' class="a b"' not in young and ' class="a b"' not in old  # two generations on: forgotten
    assert len(young) <= 2 and len(old) <= 2
    assert cssprune.attribute_tokens(' class="a b"') == first  # read again, same words
    long = " class=" + "x" * cssprune._ATTRIBUTE_TEXT_KEPT
    assert cssprune.attribute_tokens(long) == {"class", "x" * cssprune._ATTRIBUTE_TEXT_KEPT}
    assert all(long not in generation for generation in cssprune._ATTRIBUTE_TOKENS)  # too long to keep


def test_a_compiled_stylesheet_prunes_like_prune_css_for_any_tokens() -> None:
    css = (
        '@charset "UTF-8";.a,.b>.c{x:y}/* note */[data-k="v w"]{z:0}#i:not(.q){a:b}'
        "@media (min-width:1px){.b{c:d}@supports (x:y){.c{e:f}}}@keyframes k{0%{o:1}}"
    )
    statements = cssprune.compile_css(css)
    assert cssprune.names(statements) == {"a", "b", "c", "data-k", "v", "w", "i"}
    for tokens in ({"a"}, {"b", "c"}, {"data-k", "v", "w"}, {"i"}, set(), {"a", "b", "c", "data-k", "v", "w", "i"}):
        used = Used(frozenset(tokens), frozenset(tokens))
        assert cssprune.prune_compiled(statements, used) == prune_css(css, used)
    only_b = Used(frozenset({"b"}), frozenset({"b"}))
    assert cssprune.prune_compiled(statements, only_b) == (
        '@charset "UTF-8";@media (min-width:1px){.b{c:d}}@keyframes k{0%{o:1}}'
    )


VARS = (
    ":root{--md-a:red;--md-icon:url(\"data:image/svg+xml;charset=utf-8,<svg a='1;2'/>\");color:var(--md-a)}"
    ".md-x{--md-b:1px;border-width:var(--md-b)}"
    ".md-y{mask-image:var(--md-icon)}"
    "@media screen{[data-scheme=dark]{--md-a:blue;--md-c:var(--md-d)}}"
    ".md-only-vars{--md-e:1}"
    "@keyframes k{to{opacity:var(--md-k)}}"
)


def test_compiled_rules_know_the_custom_properties_they_declare_and_read() -> None:
    statements = cssprune.compile_css(VARS)
    assert cssprune.declared(statements) == {"--md-a", "--md-icon", "--md-b", "--md-c", "--md-e"}
    every = cssprune.Used(frozenset({"md-x", "md-y", "data-scheme", "dark"}), frozenset({"data-scheme", "dark"}))
    assert cssprune.reads(statements, every) == {"--md-a", "--md-b", "--md-icon", "--md-d", "--md-k"}
    # Rules the tokens drop read nothing: .md-y (the icon) is not on the page.
    some = cssprune.Used(frozenset({"md-x"}), frozenset())
    assert cssprune.reads(statements, some) == {"--md-a", "--md-b", "--md-k"}


def test_prune_compiled_drops_declarations_of_custom_properties_not_read() -> None:
    statements = cssprune.compile_css(VARS)
    used = cssprune.Used(frozenset({"md-x", "md-only-vars"}), frozenset())
    assert cssprune.prune_compiled(statements, used, frozenset({"--md-a", "--md-b"})) == (
        ":root{--md-a:red;color:var(--md-a)}.md-x{--md-b:1px;border-width:var(--md-b)}"
        "@keyframes k{to{opacity:var(--md-k)}}"
    )
    # Without a set of properties, every declaration stays (as prune_css).
    assert cssprune.prune_compiled(statements, used) == cssprune.prune_css(VARS, used)
    # A string holding a semicolon does not split a declaration.
    icon = cssprune.prune_compiled(statements, used, frozenset({"--md-icon"}))
    expected = ":root{--md-icon:url(\"data:image/svg+xml;charset=utf-8,<svg a='1;2'/>\");color:var(--md-a)}"
    assert icon.startswith(expected)


def test_custom_properties_read_by_markup_and_named_by_inline_scripts() -> None:
    html = (
        '<div style="color: var( --pe-ink )"></div><style>.x{fill:var(--md-mermaid-node)}</style>'
        '<script>el.style.getPropertyValue("--md-typeset-a-color"); i--; --j;</script><p>--not-in-a-script</p>'
    )
    assert cssprune.custom_properties_read(html) == {"--pe-ink", "--md-mermaid-node", "--md-typeset-a-color", "--j"}


def test_page_texts_read_each_file_when_asked_and_keep_none(tmp_path: Path, monkeypatch) -> None:
    paths = []
    for name, text in (("a.html", '<p class="md-a">'), ("b.html", '<p class="md-b">')):
        (tmp_path / name).write_text(text, "utf-8")
        paths.append(tmp_path / name)
    pages = cssprune.PageTexts(paths)
    reads: list[str] = []
    real = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: reads.append(self.name) or real(self, *a, **k))
    assert len(pages) == 2 and reads == []
    assert list(pages) == ['<p class="md-a">', '<p class="md-b">'] and reads == ["a.html", "b.html"]
    assert pages[1] == '<p class="md-b">' and pages[:1] == ['<p class="md-a">']
    (tmp_path / "a.html").write_text('<p class="md-c">', "utf-8")
    assert next(iter(pages)) == '<p class="md-c">'  # read again, not remembered
    assert collect_used(pages).tokens >= {"md-c", "md-b"}


def test_html_tokens_read_every_form_of_attribute_value() -> None:
    html = (
        '<div CLASS="a  b" id=\'c\' data-x=d hidden data-empty="" data-e=\'\' title="e>f">'
        '<input value = "g h" disabled/><br/><p data-y=i>'
    )
    names = {"class", "id", "data-x", "hidden", "data-empty", "data-e", "title", "value", "disabled", "data-y"}
    assert html_tokens(html, scripts=False) == names | {"a", "b", "c", "d", "e>f", "g", "h", "i"}


def test_word_counts_give_the_union_of_every_page_as_pages_come_and_go() -> None:
    import random

    from polyglot.cssprune import WordCounts

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(60)]
    texts = {f"p{i}": frozenset(rng.sample(vocabulary, 8)) for i in range(40)}
    counts, previous = WordCounts(), {}
    asked: list[str] = []
    keys = rng.sample(sorted(texts), 20)
    for round_no in range(30):
        # Every seventh round most pages changed (counted from scratch); otherwise a few pages
        # go, come, or repeat (two pages with the same text).
        few = [*keys[2:], rng.choice(sorted(texts)), keys[0]]
        keys = rng.sample(sorted(texts), 20) if round_no % 7 == 6 else few
        asked.clear()

        def words(at: int, keys: list[str] = keys) -> frozenset[str]:
            asked.append(keys[at])
            return texts[keys[at]]

        union = counts.union(keys, words, previous)
        assert union == set().union(*(texts[k] for k in keys))
        assert all(count > 0 for count in counts.counts.values())
        assert len(asked) == len(set(asked))  # each page's words read once at most
        previous = {key: texts[key] for key in keys}


def test_word_counts_count_again_when_a_page_that_went_is_unknown() -> None:
    from polyglot.cssprune import WordCounts

    counts = WordCounts()
    pages = {"a": frozenset({"x", "y"}), "b": frozenset({"y"}), "c": frozenset({"z"}), "d": frozenset({"q"})}
    keys = ["a", "b", "c"]
    assert counts.union(keys, lambda at: pages[keys[at]], {}) == {"x", "y", "z"}
    keys = ["d", "b", "c"]  # "a" went, and its words are not known: count everything again
    asked: list[int] = []
    assert counts.union(keys, lambda at: asked.append(at) or pages[keys[at]], {}) == {"q", "y", "z"}
    assert sorted(asked) == [0, 1, 2]
    keys = ["d", "b"]
    assert counts.union(keys, lambda at: pages[keys[at]], {"c": pages["c"]}) == {"q", "y"}
    assert "z" not in counts.counts


def test_word_counts_start_again_after_a_failed_update() -> None:
    from polyglot.cssprune import WordCounts

    counts = WordCounts()
    assert counts.union(["a"], lambda at: frozenset({"x"}), {}) == {"x"}

    def broken(at: int) -> frozenset[str]:
        raise OSError("page gone")

    with pytest.raises(OSError):
        counts.union(["a", "b"], broken, {"a": frozenset({"x"})})
    assert not counts.counts and not counts.held
