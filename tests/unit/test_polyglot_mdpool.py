"""``polyglot.mdpool``: Markdown instances reused between conversions, as if new each time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from polyglot import excerpts, mdpool

# This site's extensions (mkdocs.yml), with the options that change what they write.
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.smartsymbols",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
]
CONFIGS: dict[str, Any] = {
    "toc": {"permalink": True},
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span", "pygments_lang_class": True},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
}

# Documents that leave state behind in a Markdown instance if reset did not clear it:
# footnotes, abbreviations, reference links, tab and code block numbering, heading ids, stashed HTML.
DOCUMENTS = [
    "# Title\n\nText[^1] with an ABBR and a [ref][r].\n\n[^1]: A note.\n\n*[ABBR]: An abbreviation\n\n"
    "[r]: https://example.com\n\n## Same\n\n## Same\n",
    '=== "One"\n\n    ```python\n    x = 1\n    ```\n\n=== "Two"\n\n    Two\n\n'
    '!!! note "N"\n\n    Body ==marked== ^^ins^^ ~~del~~ ++ctrl+c++ :smile: $x^2$ `#!py y = 2`\n',
    "# Other\n\nNo ABBR here, [ref][r] undefined, note[^1] undefined.\n\n- [x] done\n- [ ] open\n\n"
    'Term\n:   Definition\n\n<div markdown="1">\n*inside*\n</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    '=== "Three"\n\n    ```python linenums="1"\n    z = 3\n    ```\n\n## Same\n\n??? tip "T"\n    Folded\n',
]


def _fresh(document: str) -> tuple[str, list[Any]]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return md.convert(document), md.toc_tokens


@pytest.mark.parametrize("order", [DOCUMENTS, DOCUMENTS[::-1], DOCUMENTS * 2])
def test_a_reused_instance_converts_each_document_as_a_new_one(order: list[str]) -> None:
    pool = mdpool.MarkdownPool()
    used = set()
    for document in order:
        with pool.borrowed("page", EXTENSIONS, CONFIGS) as md:
            used.add(id(md))
            assert (md.convert(document), md.toc_tokens) == _fresh(document)
    assert len(used) == 1


def test_the_site_extensions_are_all_reusable() -> None:
    import yaml

    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda *_: None)
    loader.add_constructor("!ENV", lambda *_: None)
    with open(Path(__file__).parents[2] / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml.load(file, Loader=loader)
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert mdpool.reusable(names, {})


@pytest.mark.parametrize(
    ("extensions", "configs"),
    [
        (["toc", "markdown.extensions.smarty"], {}),  # not known to reset
        (["footnotes"], {"footnotes": {"UNIQUE_IDS": True}}),  # numbering goes on between documents
        (["markdown.extensions.footnotes"], {"markdown.extensions.footnotes": {"UNIQUE_IDS": True}}),
        ([TocExtension()], {}),  # an instance: shared by every Markdown made
    ],
    ids=["unknown", "unique-ids", "unique-ids-long-name", "extension-object"],
)
def test_other_extensions_get_a_new_instance_each_time(extensions: list[Any], configs: dict[str, Any]) -> None:
    assert not mdpool.reusable(extensions, configs)
    pool = mdpool.MarkdownPool()
    with pool.borrowed("page", extensions, configs) as first:
        pass
    with pool.borrowed("page", extensions, configs) as second:
        assert second is not first


def test_instances_are_kept_by_role_and_arguments() -> None:
    pool = mdpool.MarkdownPool()
    configs = {"toc": {"permalink": True}}
    with pool.borrowed("page", ["toc"], configs) as page:
        pass
    with pool.borrowed("excerpt", ["toc"], configs) as excerpt:
        assert excerpt is not page  # each role registers its own processors
    with pool.borrowed("page", ["toc"], {"toc": {"permalink": False}}) as other:
        assert other is not page
    configs["toc"]["permalink"] = False  # the caller's dict changes: the kept copy does not
    with pool.borrowed("page", ["toc"], {"toc": {"permalink": True}}) as again:
        assert again is page


def test_an_instance_in_use_is_not_lent_again() -> None:
    pool = mdpool.MarkdownPool()
    with pool.borrowed("page", ["toc"], {}) as outer:
        with pool.borrowed("page", ["toc"], {}) as inner:  # a conversion inside a conversion
            assert inner is not outer
            assert inner.convert("# B") == '<h1 id="b">B</h1>'
        assert outer.convert("# A") == '<h1 id="a">A</h1>'
    taken = pool.take("page", ["toc"], {})
    assert taken in (outer, inner)
    assert pool.take("page", ["toc"], {}) in (outer, inner)
    assert pool.take("page", ["toc"], {}) not in (outer, inner)  # both are out


def test_giving_back_twice_or_an_instance_not_from_a_pool_changes_nothing() -> None:
    pool = mdpool.MarkdownPool()
    md = pool.take("page", ["toc"], {})
    pool.give_back(md)
    pool.give_back(md)
    pool.give_back(markdown.Markdown(extensions=["toc"]))  # made elsewhere: not kept
    assert pool.take("page", ["toc"], {}) is md
    assert pool.take("page", ["toc"], {}) is not md


def test_at_most_kept_instances_stay() -> None:
    pool = mdpool.MarkdownPool(kept=2)
    made = []
    for level in range(3):
        with pool.borrowed("page", ["toc"], {"toc": {"baselevel": level + 1}}) as md:
            made.append(md)
    with pool.borrowed("page", ["toc"], {"toc": {"baselevel": 1}}) as md:
        assert md is not made[0]  # the least recently used went
    with pool.borrowed("page", ["toc"], {"toc": {"baselevel": 3}}) as md:
        assert md is made[2]


class _Marker(Treeprocessor):
    def __init__(self, md: markdown.Markdown | None, text: str) -> None:
        super().__init__(md)
        self.text = text

    def run(self, root: Any) -> None:
        for child in root:
            child.set("data-marker", self.text)


def test_a_lazy_excerpt_takes_a_pool_instance_keeps_it_and_gives_it_back_when_released() -> None:
    pool = mdpool.MarkdownPool()
    first = excerpts.LazyMarkdown(markdown.Markdown, pool=pool, extensions=["toc"], extension_configs={})
    first.treeprocessors.register(_Marker(None, "first"), "marker", 0)
    md = excerpts.real(first)
    assert excerpts.real(first) is md  # kept across conversions (views convert again)
    assert md.convert("# A") == '<h1 data-marker="first" id="a">A</h1>'
    second = excerpts.LazyMarkdown(markdown.Markdown, pool=pool, extensions=["toc"], extension_configs={})
    second.treeprocessors.register(_Marker(None, "second"), "marker", 0)
    assert excerpts.real(second) is not md  # the first one still holds it
    first.release()
    assert first.materialized is None
    third = excerpts.LazyMarkdown(markdown.Markdown, pool=pool, extensions=["toc"], extension_configs={})
    third.treeprocessors.register(_Marker(None, "third"), "marker", 0)
    assert excerpts.real(third) is md
    assert md.convert("# A") == '<h1 data-marker="third" id="a">A</h1>'  # its own processor, reset state
    assert [item.name for item in md.treeprocessors._priority].count("marker") == 1


def test_other_lazy_instances_are_made_by_their_factory() -> None:
    pool = mdpool.MarkdownPool()
    made = []

    def factory(**kwargs: Any) -> markdown.Markdown:
        made.append(kwargs)
        return markdown.Markdown(**kwargs)

    other_factory = excerpts.LazyMarkdown(factory, pool=pool, extensions=["toc"], extension_configs={})
    more_arguments = excerpts.LazyMarkdown(
        markdown.Markdown, pool=pool, extensions=["toc"], extension_configs={}, tab_length=2
    )
    no_pool = excerpts.LazyMarkdown(markdown.Markdown, extensions=["toc"], extension_configs={})
    assert excerpts.real(other_factory) is not None and len(made) == 1
    assert excerpts.real(more_arguments).tab_length == 2
    for lazy in (other_factory, more_arguments, no_pool):
        md = excerpts.real(lazy)
        lazy.release()
        assert pool.take("excerpt", ["toc"], {}) is not md  # never given to the pool


def test_a_disabled_pool_makes_a_new_instance_every_time_and_keeps_none() -> None:
    enabled = [False]
    pool = mdpool.MarkdownPool(enabled=lambda: enabled[0])
    with pool.borrowed("page", ["toc"], {}) as first:
        pass
    with pool.borrowed("page", ["toc"], {}) as second:
        assert second is not first  # off: as without the pool (POLYGLOT_CACHE=off)
    enabled[0] = True
    with pool.borrowed("page", ["toc"], {}) as third:
        pass
    with pool.borrowed("page", ["toc"], {}) as fourth:
        assert fourth is third
    enabled[0] = False
    assert pool.take("page", ["toc"], {}) is not third


def test_the_sites_pool_follows_the_speed_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    import speed_hooks

    pool = speed_hooks._markdown_pool()
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    md = pool.take("test-role", ["toc"], {})
    pool.give_back(md)
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    assert pool.take("test-role", ["toc"], {}) is not md
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    assert pool.take("test-role", ["toc"], {}) is md
