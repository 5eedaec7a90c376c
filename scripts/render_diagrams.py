"""Draw every Mermaid diagram of docs/ into docs/assets/diagrams/<key>.svg (``make diagrams``).

    python scripts/render_diagrams.py [--check]

Uses the site's self-hosted Mermaid (docs/assets/vendor/mermaid) and Material's diagram styles
(from the installed theme), in Debian's Chromium through Playwright, exactly as Material draws
them in the browser; the build then inlines the drawings (hooks/polyglot/diagrams.py). Text is
measured in Helvetica/Arial metrics (Liberation Sans here), the first fonts of the site's stack
that have them. Drawings of diagrams that no longer exist are removed. ``--check`` draws
nothing and exits 1 when a diagram has no drawing or a drawing has no diagram.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "scripts")]
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from polyglot import diagrams  # noqa: E402

DOCS = ROOT / "docs"
OUT = DOCS / "assets" / "diagrams"
MERMAID = DOCS / "assets" / "vendor" / "mermaid" / "mermaid.min.js"

FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"


def sources() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(DOCS.rglob("*.md")):
        for source in diagrams.fenced_sources(path.read_text("utf-8")):
            found[diagrams.key(source)] = source
    return found


def material_theme_css() -> str:
    """Material's Mermaid styles, as its bundle passes them to Mermaid (from the source map)."""
    import material

    pattern = str(Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "bundle.*.min.js.map")
    source_map = json.loads(Path(glob.glob(pattern)[0]).read_text("utf-8"))
    for name, content in zip(source_map["sources"], source_map["sourcesContent"], strict=True):
        if name.endswith("components/content/mermaid/index.css"):
            return content
    raise SystemExit("Material's Mermaid styles not found in its bundle's source map")


def draw(todo: dict[str, str]) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(f'<html><body style="font-family:{FONT};--md-mermaid-font-family:{FONT}"></body></html>')
        page.add_script_tag(path=str(MERMAID))
        page.evaluate(
            """(themeCSS) => mermaid.initialize({
                 startOnLoad: false, themeCSS,
                 sequence: {actorFontSize: "16px", messageFontSize: "16px", noteFontSize: "16px"}
               })""",
            material_theme_css(),
        )
        drawn = {}
        for drawing_key, source in todo.items():
            drawn[drawing_key] = page.evaluate(
                "async ([id, text]) => (await mermaid.render(id, text)).svg",
                [diagrams.element_id(source), source],
            )
        browser.close()
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing or stale drawings")
    args = parser.parse_args()

    wanted = sources()
    existing = {p.stem for p in OUT.glob("*.svg")} if OUT.is_dir() else set()
    missing = {k: v for k, v in wanted.items() if k not in existing}
    stale = existing - set(wanted)
    if args.check:
        for k, v in missing.items():
            print(f"not drawn: {k} ({v.splitlines()[0]} ...)")
        for k in sorted(stale):
            print(f"no longer in docs/: {OUT.relative_to(ROOT)}/{k}.svg")
        return 1 if missing or stale else 0

    OUT.mkdir(parents=True, exist_ok=True)
    for drawing_key, svg in draw(missing).items():
        (OUT / f"{drawing_key}.svg").write_text(svg + "\n", "utf-8")
        print(f"drew {drawing_key}.svg")
    for drawing_key in stale:
        (OUT / f"{drawing_key}.svg").unlink()
        print(f"removed {drawing_key}.svg")
    print(f"{len(wanted)} diagrams, {len(missing)} drawn, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
