"""Long pages style and lay out blocks far down when they come near (site.css,
``content-visibility: auto``): skipped at load, drawn when scrolled to, never on the first
screen (it would move), still in the accessibility tree, and no focus outline clipped."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser

LONG_PAGES = ["philosophy/"]
EVERY_KIND = [
    "",
    "blog/",
    "blog/2026/11/23/how-this-site-is-built/",
    "blog/2026/11/16/welcome/",
    "authors/saad-laouadi/",
    "about/",
    "philosophy/",
    "projects/",
]

BLOCKS = """() => [...document.querySelectorAll('article.md-typeset > *')]
  .filter((el) => getComputedStyle(el).contentVisibility === 'auto')"""


def test_blocks_far_below_are_skipped_at_load_and_drawn_when_scrolled_to(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        page = ctx.new_page()
        page.goto(base_url + "philosophy/")
        page.wait_for_load_state("load")
        counts = page.evaluate(f"""() => {{
            const blocks = ({BLOCKS})();
            const last = blocks.at(-1).firstElementChild;
            return [blocks.length, last.checkVisibility({{contentVisibilityAuto: true}})];
        }}""")
        count, last_drawn = counts
        assert count >= 10, counts  # diagrams, admonitions and lists of the philosophy page
        assert last_drawn is False, counts  # far below the screen: not styled or laid out yet
        page.evaluate(f"() => ({BLOCKS})().at(-1).scrollIntoView()")
        wait_until(
            page, f"() => ({BLOCKS})().at(-1).firstElementChild.checkVisibility({{contentVisibilityAuto: true}})"
        )
        # What a skipped block says is in the accessibility tree before it is drawn.
        page.goto(base_url + "philosophy/")
        page.wait_for_load_state("load")
        words = page.evaluate(f"() => ({BLOCKS})().at(-1).textContent.split(/\\s+/).filter(Boolean).slice(0, 4)")
        assert len(words) == 4, words
        assert " ".join(words) in " ".join(page.locator("article").aria_snapshot().split()), words
    finally:
        ctx.close()


@pytest.mark.parametrize(("width", "height"), [(375, 667), (412, 823), (1350, 940), (1920, 1200)])
def test_no_block_on_the_first_screen_is_skipped(browser, base_url: str, width: int, height: int) -> None:
    """A skipped block on the first screen would be drawn a frame late and move what follows
    it (layout shift): on every kind of page, each such block starts below the first screen."""
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        for path in EVERY_KIND:
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            tops = page.evaluate(f"() => ({BLOCKS})().map((el) => el.getBoundingClientRect().top)")
            assert all(top > height for top in tops), (path, tops)
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_focus_outline_is_clipped_by_a_skipped_block(browser, base_url: str, width: int) -> None:
    """Tab through the long page: each focused element inside such a block has its outline
    (width plus offset, on every line box) inside the block's clip edge (its padding box,
    moved out by its ``overflow-clip-margin``)."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        checked = 0
        for path in LONG_PAGES:
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            # A link at the very start of each skipped list and admonition (their top-left
            # corner, the closest a link comes to the block's edge).
            added = page.evaluate(f"""() => ({BLOCKS})().filter((b) => !b.matches('.pe-diagram')).map((b) => {{
                const host = b.querySelector('li, p');
                const link = Object.assign(document.createElement('a'), {{href: '#', textContent: 'edge'}});
                host.prepend(link);
                return b.tagName;
            }})""")
            assert len(added) >= 10, (path, added)
            for _ in range(400):
                page.keyboard.press("Tab")
                found = page.evaluate(f"""() => {{
                    const el = document.activeElement;
                    if (!el || el === document.body) return 'done';
                    const block = ({BLOCKS})().find((b) => b.contains(el));
                    if (!block) return null;
                    const cs = getComputedStyle(el);
                    const grow = cs.outlineStyle === 'none' ? 0
                      : parseFloat(cs.outlineWidth) + parseFloat(cs.outlineOffset);
                    const b = block.getBoundingClientRect(), bs = getComputedStyle(block);
                    // Paint containment clips at the padding box, moved out by overflow-clip-margin.
                    const margin = parseFloat((bs.overflowClipMargin.match(/[0-9.]+px/) || ['0'])[0]);
                    const box = {{left: b.left + parseFloat(bs.borderLeftWidth) - margin,
                                  right: b.right - parseFloat(bs.borderRightWidth) + margin,
                                  top: b.top + parseFloat(bs.borderTopWidth) - margin,
                                  bottom: b.bottom - parseFloat(bs.borderBottomWidth) + margin}};
                    const clipped = [...el.getClientRects()].filter((r) =>
                      r.left - grow < box.left - 0.5 || r.right + grow > box.right + 0.5 ||
                      r.top - grow < box.top - 0.5 || r.bottom + grow > box.bottom + 0.5);
                    return {{el: el.outerHTML.slice(0, 120), grow, clipped: clipped.length}};
                }}""")
                if found == "done":
                    break
                if found is None:
                    continue
                checked += 1
                assert found["grow"] > 0, (path, found)
                assert found["clipped"] == 0, (path, found)
            else:
                pytest.fail(f"{path}: focus never left the page after 400 Tab presses")
        assert checked >= 10  # every link added above, at least
    finally:
        ctx.close()
