"""``polyglot.diagrams``: which drawing belongs to which Mermaid block, and inlining it."""

from __future__ import annotations

import html
from pathlib import Path

from polyglot import diagrams

ROOT = Path(__file__).resolve().parents[2]
SOURCE = 'flowchart TD\n    a["x < y & z"] --> b'


def test_key_ignores_surrounding_blank_lines_and_trailing_spaces() -> None:
    assert diagrams.key(SOURCE) == diagrams.key("\n" + SOURCE.replace("b", "b   ") + "\n\n")
    assert diagrams.key(SOURCE) != diagrams.key(SOURCE + " --> c")
    assert len(diagrams.key(SOURCE)) == diagrams.KEY_LENGTH
    assert diagrams.element_id(SOURCE) == f"pe-diagram-{diagrams.key(SOURCE)}"


def test_fenced_sources_finds_backtick_tilde_and_indented_fences() -> None:
    markdown = (
        "Text\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n"
        "~~~~ mermaid\ngraph TD\n~~~~\n\n"
        "- item\n\n    ```mermaid\n    flowchart TD\n      c --> d\n    ```\n\n"
        "```python\nprint('not a diagram')\n```\n"
    )
    assert list(diagrams.fenced_sources(markdown)) == ["flowchart LR\n  a --> b", "graph TD", "flowchart TD\n  c --> d"]


def test_inline_replaces_drawn_blocks_and_keeps_the_others() -> None:
    drawn = f'<pre class="mermaid"><code>{html.escape(SOURCE, quote=False)}</code></pre>'
    other = '<pre class="mermaid"><code>graph LR\n  new --&gt; one</code></pre>'
    page = f"<p>before</p>{drawn}<p>between</p>{other}"
    drawings = {diagrams.key(SOURCE): "<svg>drawn</svg>"}
    out = diagrams.inline(page, drawings.get, lambda svg, source: f"<div>{svg}|{source}</div>")
    assert out == f"<p>before</p><div><svg>drawn</svg>|{SOURCE}</div><p>between</p>{other}"


def test_reader_reads_drawings_by_key(tmp_path: Path) -> None:
    (tmp_path / "abc.svg").write_text("<svg/>", "utf-8")
    read = diagrams.reader(tmp_path)
    assert read("abc") == "<svg/>"
    assert read("missing") is None


def test_every_diagram_of_the_site_is_drawn_and_every_drawing_used() -> None:
    """Run `make diagrams` after adding or editing a ```mermaid block."""
    wanted = {diagrams.key(s) for p in (ROOT / "docs").rglob("*.md") for s in diagrams.fenced_sources(p.read_text())}
    drawn = {p.stem for p in (ROOT / "docs" / "assets" / "diagrams").glob("*.svg")}
    assert wanted, "the site has diagrams"
    assert wanted == drawn, "run `make diagrams`"
