"""Readers first, for what only some sites show: a series, related posts, a cover, a lightbox
image and the cookie-consent dialog of opted-in services. axe finds nothing in both palettes,
and every control they add shows its keyboard focus. One fixture build holds them all."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
import yaml
from PIL import Image

from tests.browser.conftest import _QuietHandler
from tests.browser.test_accessibility import AXE_TAGS, SCHEMES, VIEWPORTS, describe, focused, visible_focus
from tests.built.test_found_and_shared_fixtures import url, write_post
from tests.conftest import copy_project, run_build

pytestmark = pytest.mark.browser

MIDDLE = url("drift-part-two", "2026-02-01")  # series with previous and next, related posts
COVERED = url("drift-part-three", "2026-03-01")


@pytest.fixture(scope="module")
def sharing_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("a11y-sharing") / "project")
    images = project / "docs" / "assets" / "images" / "covers"
    images.mkdir(parents=True)
    Image.new("RGB", (960, 540), "#1a5276").save(images / "drift.png")
    series = "series: Drift in production\n"
    write_post(project, "drift-part-one", "2026-01-01", tags="drift", extra=series)
    write_post(project, "drift-part-two", "2026-02-01", tags="drift", extra=series)
    cover = "cover:\n  src: assets/images/covers/drift.png\n  alt: Drift score rising over six weeks\n"
    write_post(project, "drift-part-three", "2026-03-01", tags="drift", extra=series + cover)
    index = project / "docs" / "index.md"
    index.write_text(index.read_text("utf-8") + "\n![Drift chart](assets/images/covers/drift.png)\n", "utf-8")
    site_yml = project / "data" / "site.yml"
    data = yaml.safe_load(site_yml.read_text("utf-8"))
    data["privacy"] = {
        "analytics": {"provider": "google", "property": "G-TEST123"},
        "comments": {"repo": "owner/repo", "repo_id": "R_x", "category": "Comments", "category_id": "DIC_y"},
    }
    data["social_cards"] = False
    site_yml.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = run_build(project, project / "site")
    assert result.ok, result.log
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
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


def consent(page, accept: bool) -> None:
    """Answer Material's cookie-consent dialog (shown until the reader decides)."""
    dialog = page.locator(".md-consent")
    dialog.wait_for(state="attached", timeout=10000)
    if accept:
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
            assert visible_focus(info), info
    finally:
        ctx.close()
