"""Readers first, for what only some sites show: a series, related posts, a cover, a lightbox
image and the cookie-consent dialog of opted-in services. axe finds nothing in both palettes,
and every control they add shows its keyboard focus. One fixture build holds them all."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import _QuietHandler, wait_until
from tests.browser.test_accessibility import AXE_TAGS, SCHEMES, VIEWPORTS, describe, focused, visible_focus
from tests.conftest import url

pytestmark = pytest.mark.browser

MIDDLE = url("drift-part-two", "2026-02-01")  # series with previous and next, related posts
COVERED = url("drift-part-three", "2026-03-01")


@pytest.fixture(scope="module")
def sharing_url(opted_in_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(opted_in_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def run_axe(page, where: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
    assert not found, f"{where}: {describe(found)}"


def record_other_origins(ctx, site: str) -> list[str]:
    """Requests to any origin but ``site``'s, as they happen."""
    host = site.split("/")[2]
    elsewhere: list[str] = []
    ctx.on("request", lambda r: elsewhere.append(r.url) if r.url.split("/")[2] != host else None)
    return elsewhere


def settle(dialog) -> None:
    """Wait until the consent dialog has slid onto the screen (0.5 s, however late a loaded
    machine starts it)."""
    # (An animation cancelled meanwhile, once the slide is marked shown, rejects: as good as done.)
    dialog.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished.catch(() => a)))")


def consent(page, accept: bool) -> None:
    """Answer Material's cookie-consent dialog (shown until the reader decides).

    Material shows the dialog 250 ms after load: with ``accept=False`` it is left open, once
    its panel has finished sliding onto the screen.
    """
    dialog = page.locator(".md-consent")
    dialog.wait_for(state="attached", timeout=10000)
    if not accept:
        page.locator(".md-consent .md-consent__inner").wait_for(state="visible", timeout=10000)
        settle(dialog)
    else:
        page.evaluate("__md_set('__consent', {analytics: false, comments: false})")
        page.reload()
        page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_axe_finds_nothing_on_series_related_cover_lightbox_and_consent(
    browser, sharing_url: str, color_scheme: str
) -> None:
    for viewport_name, viewport in VIEWPORTS.items():
        ctx = browser.new_context(color_scheme=color_scheme, viewport=viewport)
        try:
            # Nothing may leave the site before the reader consents.
            elsewhere = record_other_origins(ctx, sharing_url)
            page = ctx.new_page()
            page.goto(sharing_url + MIDDLE)
            page.wait_for_load_state("networkidle")
            run_axe(page, f"consent dialog ({color_scheme}, {viewport_name})")
            consent(page, accept=True)
            for path in (MIDDLE, COVERED, "", "blog/"):
                page.goto(sharing_url + path)
                page.wait_for_load_state("networkidle")
                where = f"{path or 'home'} ({color_scheme}, {viewport_name})"
                run_axe(page, where + " as loaded")
                page.mouse.move(200, 300)
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
                page.wait_for_timeout(800)  # Material's tabs fade back in
                run_axe(page, where + " after the first interaction")
            assert elsewhere == []
        finally:
            ctx.close()


END_OF_POST = ".pe-series a, .pe-related a, .pe-share a, button.pe-copy-link"


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_end_of_post_controls_show_keyboard_focus(browser, sharing_url: str, color_scheme: str) -> None:
    ctx = browser.new_context(color_scheme=color_scheme, viewport=VIEWPORTS["desktop"])
    try:
        page = ctx.new_page()
        page.goto(sharing_url + MIDDLE)
        consent(page, accept=True)
        page.locator("button.pe-copy-link").scroll_into_view_if_needed()
        page.locator("button.pe-copy-link:visible").wait_for(timeout=10000)  # shown by site.js
        count = page.locator(END_OF_POST).count()
        assert count >= 9, count  # previous, next, 3 parts (one is text), 2 related, 5 share, copy
        page.keyboard.press("Tab")  # the reader is on the keyboard
        for i in range(count):
            page.locator(END_OF_POST).nth(i).focus()
            page.wait_for_timeout(50)
            info = focused(page)
            assert visible_focus(info), info
    finally:
        ctx.close()


def test_consent_dialog_controls_show_keyboard_focus(browser, sharing_url: str) -> None:
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = ctx.new_page()
        page.goto(sharing_url)
        consent(page, accept=False)
        controls = page.locator(".md-consent :is(button, input, a, label.md-button, summary):visible")
        assert controls.count() >= 2
        page.keyboard.press("Tab")
        for i in range(controls.count()):
            controls.nth(i).focus()
            page.wait_for_timeout(50)
            info = focused(page)
            assert visible_focus(info), str(info)
    finally:
        ctx.close()


def test_consent_dialog_stays_put_when_material_starts(browser, sharing_url: str) -> None:
    """The dialog slides in once: the reader's first interaction, which starts Material's
    bundle, must not slide it in again under their pointer or keyboard focus."""
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"])
    try:
        page = ctx.new_page()
        page.goto(sharing_url)
        consent(page, accept=False)
        where = "() => Math.round(document.querySelector('.md-consent__inner').getBoundingClientRect().top)"
        settled_top = page.evaluate(where)
        assert settled_top < VIEWPORTS["desktop"]["height"], settled_top
        page.keyboard.press("Tab")  # the first interaction
        tops = []
        for _ in range(40):  # while Material's bundle loads and starts
            tops.append(page.evaluate(where))
            page.wait_for_timeout(25)
        wait_until(page, "() => !!window.document$")  # it has started (a loaded machine is slow)
        for _ in range(12):  # and the 0.5 s a replayed slide would take
            tops.append(page.evaluate(where))
            page.wait_for_timeout(50)
        assert set(tops) == {settled_top}, tops
    finally:
        ctx.close()
