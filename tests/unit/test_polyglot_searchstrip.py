"""Material's search plugin skips its attribute-stripping scan on pages without such an attribute."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from polyglot import searchstrip


def test_the_pattern_is_materials_own() -> None:
    """The fast path only applies to the exact pattern Material's plugin passes to re.sub."""
    from material.plugins.search.plugin import SearchPlugin

    tree = ast.parse(inspect.getsource(SearchPlugin.on_page_context).strip().replace("\n    ", "\n"))
    patterns = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "sub" and node.args
    ]
    assert patterns == [searchstrip.STRIP]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>No attribute at all.</p>" * 50,
        '<p data-search-exclude="true">Out.</p><p>In.</p>',
        '<h2 id="a" data-search-boost="2">A</h2>\n<p data-search-exclude="x">b</p>',
        "<p>Mentions data-search- in text but no attribute.</p>",
        '<p data-search-exclude="">an empty value is not stripped</p>',
    ],
)
def test_sub_returns_what_re_sub_returns(html: str) -> None:
    fast = searchstrip.SearchRe()
    assert fast.sub(searchstrip.STRIP, "", html) == re.sub(searchstrip.STRIP, "", html)


def test_other_patterns_and_attributes_go_to_re() -> None:
    fast = searchstrip.SearchRe()
    assert fast.sub(r"a+", "b", "caaat") == "cbt"
    assert fast.sub(r"a", "b", "aaa", count=1) == "baa"
    with pytest.raises(TypeError):  # not text: re.sub decides, as without the fast path
        fast.sub(searchstrip.STRIP, "", b"bytes")
    assert fast.compile is re.compile and fast.IGNORECASE is re.IGNORECASE
