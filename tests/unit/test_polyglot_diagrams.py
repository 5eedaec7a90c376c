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
    plain = "<p>no diagram</p><pre><code>graph LR</code></pre>"
    assert diagrams.inline(plain, drawings.get, lambda svg, source: "never") is plain  # nothing to look up


def test_reader_reads_drawings_by_key(tmp_path: Path) -> None:
    (tmp_path / "abc.svg").write_text("<svg/>", "utf-8")
    read = diagrams.reader(tmp_path)
    assert read("abc") == "<svg/>"
    assert read("missing") is None


def test_reader_memo_follows_the_drawing_text_not_its_key(tmp_path: Path) -> None:
    """Trimming is memoized on the drawing's text: a redrawn file under the same key is read anew."""
    style = "<style>#d .kept{fill:red}#d .gone{fill:blue}</style>"
    (tmp_path / "abc.svg").write_text(f'<svg id="d">{style}<g class="kept"/></svg>', "utf-8")
    read = diagrams.reader(tmp_path)
    first = read("abc")
    assert first is not None and ".kept" in first and ".gone" not in first
    hits = diagrams.trim_styles.cache_info().hits
    assert read("abc") == first
    assert diagrams.trim_styles.cache_info().hits == hits + 1  # trimmed once, not per page
    (tmp_path / "abc.svg").write_text(f'<svg id="d">{style}<g class="gone"/></svg>', "utf-8")
    second = read("abc")
    assert second is not None and ".gone" in second and ".kept" not in second


def test_every_diagram_of_the_site_is_drawn_and_every_drawing_used() -> None:
    """Run `make diagrams` after adding or editing a ```mermaid block."""
    wanted = {diagrams.key(s) for p in (ROOT / "docs").rglob("*.md") for s in diagrams.fenced_sources(p.read_text())}
    drawn = {p.stem for p in (ROOT / "docs" / "assets" / "diagrams").glob("*.svg")}
    assert wanted, "the site has diagrams"
    assert wanted == drawn, "run `make diagrams`"


def test_trim_styles_keeps_the_rules_the_drawing_can_match() -> None:
    svg = (
        '<svg id="pe-diagram-k" class="flowchart"><style>'
        "#pe-diagram-k{fill:#333}"
        "#pe-diagram-k .node rect{fill:var(--md-mermaid-node-bg-color)}"
        "#pe-diagram-k .nodeLabel,#pe-diagram-k .actor{color:red}"
        "#pe-diagram-k .actor{stroke:blue}"
        "#pe-diagram-k [data-look=neo]{stroke:green}"
        "@keyframes dash{to{stroke-dashoffset:0}}"
        "#pe-diagram-k p{margin:0}"
        '</style><g class="node default"><rect/><foreignObject><span class="nodeLabel"><p>a</p></span>'
        "</foreignObject></g></svg>"
    )
    trimmed = diagrams.trim_styles(svg)
    style = trimmed[trimmed.index("<style>") + 7 : trimmed.index("</style>")]
    assert style == (
        "#pe-diagram-k{fill:#333}"
        "#pe-diagram-k .node rect{fill:var(--md-mermaid-node-bg-color)}"
        "#pe-diagram-k .nodeLabel{color:red}"
        "@keyframes dash{to{stroke-dashoffset:0}}"
        "#pe-diagram-k p{margin:0}"
    )
    # Only the stylesheet changes.
    assert trimmed.replace(style, "") == svg[: svg.index("<style>") + 7] + svg[svg.index("</style>") :]


def test_the_site_drawings_lose_most_of_their_stylesheet_and_none_of_their_rules_in_use() -> None:
    for path in sorted((ROOT / "docs" / "assets" / "diagrams").glob("*.svg")):
        svg = path.read_text("utf-8")
        trimmed = diagrams.reader(path.parent)(path.stem)
        assert trimmed is not None
        assert len(trimmed) < len(svg) - 5000, path.name
        # Every rule about the node boxes, labels and edges is still there.
        for selector in (" .node rect", " .nodeLabel", " .flowchart-link", " .edgeLabel", " marker"):
            assert selector in trimmed, (path.name, selector)
