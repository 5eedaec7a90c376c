"""Nothing moves sideways while a page streams in.

The browser may paint a page before it has parsed all of it (a smaller page makes that more
likely): at that moment the page can be too short to scroll, and when the rest arrives the
scrollbar appears and narrows the page, moving everything centred by half its width (the
audit saw CLS 0.005 to 0.010 on the blog index at 1350 px). `site.css` reserves the
scrollbar's gutter from the first frame (`scrollbar-gutter: stable` on `html`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

EVERY_KIND = ["", "blog/", "blog/2026/11/16/welcome/", "authors/saad-laouadi/", "about/", "projects/"]

SHORTEN = """() => {
  for (const el of document.querySelectorAll('.md-main, .md-footer')) el.style.display = 'none';
  return document.documentElement.scrollHeight > window.innerHeight;
}"""
HEADER_X = "() => document.querySelector('.md-header__inner').getBoundingClientRect().x"
GUTTER = "() => window.innerWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def with_scrollbars(browser) -> Iterator[object]:
    """Chromium as readers run it: Playwright hides scrollbars by default (``--hide-scrollbars``)."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
    )
    yield chromium
    chromium.close()


@pytest.mark.parametrize("width", [1350, 1920])
def test_the_page_keeps_its_width_whether_or_not_it_scrolls(with_scrollbars, base_url: str, width: int) -> None:
    ctx = with_scrollbars.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        for path in EVERY_KIND:
            page.goto(base_url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("() => document.documentElement.scrollHeight > window.innerHeight"), path
            assert page.evaluate(GUTTER) > 0, path  # a classic scrollbar takes room
            tall = page.evaluate(HEADER_X)
            still_scrolls = page.evaluate(SHORTEN)
            assert still_scrolls is False, path  # the header alone fits: no scrollbar needed
            assert page.evaluate(HEADER_X) == tall, (path, tall)
    finally:
        ctx.close()


LOGO = "document.querySelector('.md-header__button.md-logo img')"
TITLE_BOX = (
    "() => { const r = document.querySelector('.md-header__title').getBoundingClientRect(); return [r.x, r.width]; }"
)
LOGO_LOADED = f"() => {LOGO}.complete && {LOGO}.naturalWidth > 0"


def test_the_header_title_stays_put_while_the_logo_loads(browser, base_url: str) -> None:
    """The logo's <img> is sized by its height only: until its file arrives it had no width,
    and the title beside it moved 24 px when it did (the audit's desktop CLS of 0.0006-0.0008).
    The logo's request is held until the title has been measured."""
    ctx = browser.new_context(viewport={"width": 1350, "height": 940})
    held: list[object] = []
    try:
        page = ctx.new_page()
        page.route("**/assets/images/logo.svg", lambda route: held.append(route))
        page.goto(base_url, wait_until="domcontentloaded")
        page.wait_for_function("() => document.querySelector('.md-header__title') !== null")
        assert held, "the page asks for the logo"
        assert page.evaluate(LOGO_LOADED) is False
        before = page.evaluate(TITLE_BOX)
        for route in held:
            route.continue_()  # type: ignore[attr-defined]
        page.wait_for_function(LOGO_LOADED)
        after = page.evaluate(TITLE_BOX)
        assert page.evaluate(f"() => {LOGO}.offsetWidth") > 0
        assert before == after, (before, after)
    finally:
        ctx.close()
