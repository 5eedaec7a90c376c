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
