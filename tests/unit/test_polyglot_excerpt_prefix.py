"""Excerpts converted from the text before the separator (``excerpts.prefix_source``):
whenever it gives a text, that text converts to the same excerpt as the whole post does,
with the site's own Markdown configuration as Material's blog gives it to excerpts; where
stopping at the separator would change the excerpt, it gives none."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from markdown import Markdown
from tests.conftest import ROOT

from polyglot import excerpts, pagekey

SEP = "<!-- more -->"


@pytest.fixture(scope="module")
def site_config():
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from material.plugins.blog.structure import _patch
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return config, _patch(config)


def _excerpt(patched, text: str) -> tuple[str, bool, list]:
    """What a view shows: the HTML before the separator, whether more follows, and the
    table of contents of the headings before it."""
    md = Markdown(extensions=patched.markdown_extensions, extension_configs=patched.mdx_configs)
    head, *rest = md.convert(text).split(SEP, 1)
    return head, bool(rest and rest[0]), [t["id"] for t in md.toc_tokens]


SAFE = {
    "paragraphs and links": (
        "# Title\n\nIntro with [a link](other.md), <https://example.org>, `code`, :smile:, ==mark==.\n\n"
        f"Second paragraph.\n\n{SEP}\n\n## Rest\n\nMore [text](other.md#x).\n"
    ),
    "headings, a list, a table, an admonition": (
        "# Title\n\n## Setup\n\n- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"
        f'!!! note "Heads up"\n\n    Body.\n\n{SEP}\n\n## Setup\n\n## Later\n'
    ),
    "definitions before it, used after it": (
        "# Title\n\nSee [the docs][d], an API.\n\n[d]: https://example.org/\n*[API]: Interface\n\n"
        f"{SEP}\n\nAgain [the docs][d] and the API.\n"
    ),
    "an explicit id before it": f"# Title\n\n## Setup {{#setup}}\n\nText.\n\n{SEP}\n\n## Setup\n",
    "code after it that looks like a definition or an id": (
        f"# Title\n\nIntro.\n\n{SEP}\n\n```python\nif items[0]:\n    style = {{'color': '#fff'}}\n```\n"
    ),
    "an indented code block and tabs before it": (
        '# Title\n\n    indented = "code"\n\n=== "One"\n\n    Tab one.\n\n=== "Two"\n\n    Tab two.\n\n'
        f'{SEP}\n\n=== "Three"\n\n    Tab three.\n'
    ),
    "nothing after it": f"# Title\n\nIntro.\n\n{SEP}\n",
    "only blank lines after it": f"# Title\n\nIntro.\n\n{SEP}\n\n\n",
}

# Each one stopped naively at the separator would show another excerpt.
REACHING = {
    "a reference link defined after it": f"# T\n\nSee [the docs][d].\n\n{SEP}\n\n[d]: https://example.org/\n",
    "a reference link defined in a list after it": f"# T\n\nSee [x].\n\n{SEP}\n\n- [x]: https://example.org/\n",
    "a footnote defined after it": f"# T\n\nA note[^1].\n\n{SEP}\n\n[^1]: The note.\n",
    "an abbreviation defined after it": f"# T\n\nAn API.\n\n{SEP}\n\n*[API]: Application Programming Interface\n",
    "an explicit id after it that a heading before it makes way for": (
        f"# T\n\n## Setup\n\nText.\n\n{SEP}\n\n## Other {{#setup}}\n"
    ),
    "the separator in a fence first": f"# T\n\n```\n{SEP}\n```\n\nIntro.\n\n{SEP}\n\nRest.\n",
    "the table of contents marker before it": f"# T\n\n[TOC]\n\n# A\n\n{SEP}\n\n# B\n",
}

# Stopped at the separator, these could differ; the guard does not try.
UNSURE = {
    "no separator": "# T\n\nJust text.\n",
    "separator inside a line": f"# T\n\nIntro {SEP} rest.\n",
    "no blank line before it": f"# T\n\nIntro\n{SEP}\n\nRest.\n",
    "no blank line after it": f"# T\n\nIntro\n\n{SEP}\nRest.\n",
    "raw HTML before it": f'# T\n\n<div markdown="1">\n\nIntro\n\n{SEP}\n\nRest\n\n</div>\n',
    "a comment opened before it": f"# T\n\nIntro <!-- a note\n\n{SEP}\n\nRest.\n",
    "a snippet": f'# T\n\nIntro.\n\n{SEP}\n\n--8<-- "other.md"\n',
    "an id in HTML after it": f'# T\n\n## A\n\n{SEP}\n\n<div id="a" markdown>B</div>\n',
}


@pytest.mark.parametrize("name", sorted(SAFE))
def test_the_text_before_the_separator_converts_to_the_same_excerpt(site_config, name: str) -> None:
    _config, patched = site_config
    text = SAFE[name]
    source = excerpts.prefix_source(text, SEP)
    assert source is not None
    head, more, toc = _excerpt(patched, text)
    head2, more2, toc2 = _excerpt(patched, source)
    assert (head2, more2) == (head, more)
    assert toc2 == toc[: len(toc2)]  # the headings before the separator, with the same ids


@pytest.mark.parametrize("name", sorted(REACHING))
def test_text_after_the_separator_that_reaches_back_converts_the_whole_post(site_config, name: str) -> None:
    _config, patched = site_config
    text = REACHING[name]
    assert excerpts.prefix_source(text, SEP) is None
    naive = text[: text.index(SEP) + len(SEP)] + excerpts.REST_STAND_IN
    assert _excerpt(patched, naive)[0] != _excerpt(patched, text)[0]  # the guard is needed


@pytest.mark.parametrize("name", sorted(UNSURE))
def test_a_separator_that_may_not_split_the_same_way_converts_the_whole_post(name: str) -> None:
    assert excerpts.prefix_source(UNSURE[name], SEP) is None


def test_only_an_html_comment_separator_is_cut_at() -> None:
    text = "# T\n\nIntro.\n\n---\n\nRest.\n"
    assert excerpts.prefix_source(text, "---") is None
    assert excerpts.prefix_source(text.replace("---", "<!-- cut -->"), "<!-- cut -->") is not None


def test_the_stand_in_keeps_only_whether_more_follows() -> None:
    assert excerpts.prefix_source(f"# T\n\nA.\n\n{SEP}\n\nB.\n", SEP) == f"# T\n\nA.\n\n{SEP}{excerpts.REST_STAND_IN}"
    assert excerpts.prefix_source(f"# T\n\nA.\n\n{SEP}\n", SEP) == f"# T\n\nA.\n\n{SEP}"


def test_only_known_extensions_allow_it(site_config) -> None:
    _config, patched = site_config
    extensions, configs = patched.markdown_extensions, patched.mdx_configs
    assert excerpts.prefix_config_safe(extensions, configs)
    assert excerpts.prefix_config_safe(["markdown.extensions.toc"], {})
    assert not excerpts.prefix_config_safe([*extensions, "pymdownx.critic"], configs)
    assert not excerpts.prefix_config_safe([*extensions, object()], configs)
    assert not excerpts.prefix_config_safe(extensions, {**configs, "pymdownx.snippets": {"auto_append": ["a.md"]}})
    assert not excerpts.prefix_config_safe(extensions, {**configs, "toc": {"marker": "[[_TOC_]]"}})


def test_which_templates_may_read_an_excerpts_table_of_contents() -> None:
    assert not pagekey.reads_toc(["{{ post.title }}", "{# post.toc #}{{ page.url }}"])
    assert pagekey.reads_toc(["{% for item in post.toc %}{{ item.title }}{% endfor %}"])
    assert pagekey.reads_toc(["{{ post['toc'] }}"])


def test_the_site_converts_excerpts_from_the_text_before_the_separator(site_config, tmp_path, monkeypatch) -> None:
    import speed_hooks

    config, patched = site_config
    monkeypatch.setattr(speed_hooks, "_template_scans", {})
    assert speed_hooks._excerpt_prefix_separator(config, patched) == SEP
    blog = next(p for p in config.plugins.values() if type(p).__module__.startswith("material.plugins.blog"))
    monkeypatch.setitem(blog.config, "archive_toc", True)  # the archive shows each excerpt's headings
    assert speed_hooks._excerpt_prefix_separator(config, patched) is None
    monkeypatch.setitem(blog.config, "archive_toc", False)
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "post.html").write_text("{{ post.toc | length }}", "utf-8")
    monkeypatch.setattr(config.theme, "dirs", [str(overrides), *config.theme.dirs])
    assert speed_hooks._excerpt_prefix_separator(config, patched) is None


def test_an_excerpts_key_is_what_it_converts(monkeypatch) -> None:
    import speed_hooks

    post = SimpleNamespace(markdown=f"Intro.\n\n{SEP}\n\nRest.\n", title="T", _title_from_render=None)
    monkeypatch.setitem(speed_hooks._state, "excerpt_prefix", SEP)
    text, source, key = speed_hooks._excerpt_source(post, SEP)
    assert text == f"# T\n\n{post.markdown}" and source == f"# T\n\nIntro.\n\n{SEP}{excerpts.REST_STAND_IN}"
    full = speed_hooks._excerpt_source(post, "<!-- other -->")  # another separator: the whole post
    assert full[1] == text and full[2] != key
    post.markdown = f"Intro.\n\n{SEP}\n\nOther rest.\n"
    assert speed_hooks._excerpt_source(post, SEP)[2] == key  # the rest is not converted: same entry
    monkeypatch.setitem(speed_hooks._state, "excerpt_prefix", None)
    assert speed_hooks._excerpt_source(post, SEP)[1] == f"# T\n\n{post.markdown}"


def test_an_excerpt_including_a_snippet_is_left_to_the_plugin(monkeypatch, tmp_path) -> None:
    """A snippet's file is not in the cache key (as for pages): never cache such an excerpt."""
    import speed_hooks
    from polyglot import mdcache

    calls = []

    class Excerpt:
        def _polyglot_original_render(self, page, separator) -> None:
            calls.append((page, separator))

    excerpt = Excerpt()
    excerpt.post = SimpleNamespace(markdown=f'Intro.\n\n--8<-- "a.md"\n\n{SEP}\n\nRest.\n')
    monkeypatch.delenv("POLYGLOT_CACHE", raising=False)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setitem(speed_hooks._state, "excerpt_convertible", True)
    assert speed_hooks._render_excerpt(excerpt, "view", SEP) is None
    assert calls == [("view", SEP)] and not any(tmp_path.iterdir())
