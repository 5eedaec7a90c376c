"""Mermaid diagrams drawn ahead of time: inline SVG instead of 1 MB of JavaScript in the page.

``scripts/render_diagrams.py`` (``make diagrams``) draws every ```` ```mermaid ```` block of
``docs/`` once, with the site's self-hosted Mermaid and Material's diagram styles, into
``docs/assets/diagrams/<key>.svg``, keyed by a hash of the diagram's source. At build time
each diagram whose drawing exists is put into the page as inline SVG; its colours are CSS
variables (``--md-mermaid-*``), so it follows the palette. A diagram without a drawing (new
or edited and not yet drawn) stays a ``<pre class="mermaid">`` that the browser draws, as before.

Mermaid puts its whole stylesheet for the diagram's kind into each drawing (14 KB, scoped to
the drawing's id); :func:`trim_styles` keeps the rules that name only classes, ids and
attributes the drawing has (nothing adds any later: the drawing is static).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from . import cssprune

# What pymdownx.superfences' fence_code_format writes for a ```mermaid block.
_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.S)
_BLOCK_START = '<pre class="mermaid"><code>'
# A ```mermaid fence in Markdown (three or more backticks or tildes, any indentation).
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)
KEY_LENGTH = 16
# A <style> element inside a drawing.
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)


def key(source: str) -> str:
    """The drawing's file stem for a diagram source (blank lines and edges do not count)."""
    lines = [line.rstrip() for line in source.strip().splitlines()]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:KEY_LENGTH]


def element_id(source: str) -> str:
    return f"pe-diagram-{key(source)}"


def fenced_sources(markdown: str) -> Iterator[str]:
    """The source of every Mermaid fence in a Markdown text, indentation removed."""
    for match in _FENCE.finditer(markdown):
        indent = len(match.group("indent"))
        yield "\n".join(line[indent:] for line in match.group("body").splitlines())


def inline(page_html: str, drawing: Callable[[str], str | None], wrap: Callable[[str, str], str]) -> str:
    """Replace each Mermaid block of ``page_html`` that has a drawing with ``wrap(svg, source)``."""

    def replace(match: re.Match[str]) -> str:
        source = html.unescape(match.group("source"))
        svg = drawing(key(source))
        return match.group(0) if svg is None else wrap(svg, source)

    if _BLOCK_START not in page_html:  # most pages: a substring search, not the pattern's
        return page_html
    return _BLOCK.sub(replace, page_html)


@functools.lru_cache(maxsize=256)
def trim_styles(svg: str) -> str:
    """``svg`` with the rules of its ``<style>``s that none of its own elements can match removed.

    Memoized on the drawing's text (a pure function of it): every page, view and rebuild that
    shows a drawing trims its styles once per process."""
    tokens = frozenset(cssprune.html_tokens(_STYLE.sub("", svg), scripts=False))
    used = cssprune.Used(tokens, tokens)
    return _STYLE.sub(lambda m: m.group(1) + cssprune.prune_css(m.group(2), used) + m.group(3), svg)


def reader(folder: Path) -> Callable[[str], str | None]:
    """Look drawings up by key in ``folder``, their styles trimmed (:func:`trim_styles`)."""

    def read(drawing_key: str) -> str | None:
        path = folder / f"{drawing_key}.svg"
        return trim_styles(path.read_text("utf-8")) if path.is_file() else None

    return read
