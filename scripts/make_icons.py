"""Render the favicon SVG to the PNG icons the site links (32, 180, 192, 512 px).

Run by `make icons` after editing docs/assets/images/favicon.svg; the PNGs are committed.
Uses the test tools' Playwright on Debian's Chromium (no browser download).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "assets" / "images"
SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180, "icon-192.png": 192, "icon-512.png": 512}


def main() -> int:
    svg = (IMAGES / "favicon.svg").read_text("utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, size in SIZES.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            # The Apple touch icon is shown on an opaque tile: no transparent corners.
            background = "#1f5f8b" if name == "apple-touch-icon.png" else "transparent"
            page.set_content(
                f'<html><body style="margin:0;background:{background}">'
                f'<div style="width:{size}px;height:{size}px">{svg}</div></body></html>'
            )
            page.eval_on_selector("svg", "e => { e.setAttribute('width', '100%'); e.setAttribute('height', '100%'); }")
            page.screenshot(path=str(IMAGES / name), omit_background=background == "transparent")
            page.close()
            print(f"{name}: {size}x{size}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
