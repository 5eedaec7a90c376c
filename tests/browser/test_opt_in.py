"""In Chromium, on a site that opts in to comments and analytics and has a content image.

Nothing from a third party loads before the reader consents; after consent, exactly the
ticked services load, under the page's Content-Security-Policy with no violation. The
content image opens in the self-hosted lightbox. Third-party answers are stand-ins served
by the test (the machine has no network): what is checked is what the page asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import wait_until
from tests.browser.test_csp import WATCH_VIOLATIONS, serve_like_github_pages, site_url, violations

pytestmark = pytest.mark.browser

POST = "blog/2026/11/16/welcome/"
GISCUS_STUB = "window.__giscusRan = (window.__giscusRan || 0) + 1;"


def _third_party(route) -> None:
    """Stand-ins for the services: Giscus' client counts its runs, the rest answer empty."""
    if urlsplit(route.request.url).netloc == "giscus.app":
        route.fulfill(status=200, body=GISCUS_STUB, content_type="text/javascript")
    elif route.request.resource_type == "script":
        route.fulfill(status=200, body="", content_type="text/javascript")
    else:
        route.fulfill(status=204, body="")


@pytest.fixture
def reader(browser, opted_in_site: Path) -> Iterator[tuple[object, list[str], str]]:
    """A fresh reader (no consent stored) whose third-party requests are recorded."""
    url = site_url(opted_in_site)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(WATCH_VIOLATIONS)
    elsewhere = serve_like_github_pages(ctx, opted_in_site, url, _third_party)
    yield ctx.new_page(), elsewhere, url
    ctx.close()


def _consent_dialog(pg) -> object:
    # The component itself has no box (its overlay and panel are fixed): wait for the panel.
    dialog = pg.locator("[data-md-component=consent] .md-consent__inner")
    dialog.wait_for(state="visible", timeout=10000)
    return dialog


def _accept_only(pg, service: str) -> None:
    """Tick ``service`` alone in the consent panel's settings and accept (the page reloads)."""
    dialog = _consent_dialog(pg)
    dialog.locator("label.md-button", has_text="Manage settings").click()
    dialog.locator("label", has_text=service).click()
    with pg.expect_navigation():
        dialog.locator("button.md-button--primary", has_text="Accept").click()


def _settle(pg) -> None:
    pg.wait_for_load_state("networkidle")
    pg.wait_for_timeout(300)


def test_nothing_from_a_third_party_loads_before_the_reader_chooses(reader) -> None:
    pg, elsewhere, url = reader
    pg.goto(url + POST)
    dialog = _consent_dialog(pg)
    assert dialog.locator("h4", has_text="Cookie consent").is_visible()
    _settle(pg)
    assert elsewhere == []
    assert pg.locator(".pe-giscus").count() == 1
    assert pg.locator(".pe-giscus script").count() == 0
    assert violations(pg) == []


def test_consent_to_comments_alone_loads_giscus_and_no_analytics(reader) -> None:
    pg, elsewhere, url = reader
    pg.goto(url + POST)
    _accept_only(pg, "Comments (Giscus, GitHub)")
    pg.locator(".pe-giscus").scroll_into_view_if_needed()  # the reader reaches the comments
    wait_until(pg, "window.__giscusRan === 1")
    script = pg.locator(".pe-giscus script")
    assert script.get_attribute("src") == "https://giscus.app/client.js"
    assert script.get_attribute("data-repo") == "owner/repo"
    assert script.get_attribute("data-category-id") == "DIC_y"
    assert script.get_attribute("data-theme") in ("light", "dark")
    _settle(pg)
    assert [urlsplit(u).netloc for u in elsewhere] == ["giscus.app"]
    assert violations(pg) == []
    assert pg.locator("[data-md-component=consent] .md-consent__inner").is_hidden(), "the choice is remembered"


def test_consent_to_analytics_loads_google_analytics_under_the_policy(reader) -> None:
    pg, elsewhere, url = reader
    pg.goto(url + POST)
    _accept_only(pg, "Google Analytics")
    wait_until(pg, "document.querySelector('script[src*=\"googletagmanager.com/gtag/js\"]') !== null")
    _settle(pg)
    hosts = {urlsplit(u).netloc for u in elsewhere}
    assert "www.googletagmanager.com" in hosts and "giscus.app" not in hosts
    assert any("id=G-TEST123" in u for u in elsewhere)
    assert pg.locator(".pe-giscus script").count() == 0
    assert violations(pg) == []


def test_rejecting_loads_nothing_now_or_on_the_next_page(reader) -> None:
    pg, elsewhere, url = reader
    pg.goto(url + POST)
    dialog = _consent_dialog(pg)
    with pg.expect_navigation():
        dialog.locator("button[type=reset]", has_text="Reject").click()
    _settle(pg)
    assert pg.locator("[data-md-component=consent] .md-consent__inner").is_hidden()
    pg.goto(url)
    _settle(pg)
    assert elsewhere == []
    assert pg.evaluate("window.__giscusRan") is None
    assert violations(pg) == []


def test_a_content_image_opens_in_the_self_hosted_lightbox_and_closes(reader) -> None:
    pg, elsewhere, url = reader
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.goto(url + POST)
    with pg.expect_navigation():  # the consent panel would cover the image
        _consent_dialog(pg).locator("button[type=reset]", has_text="Reject").click()
    _settle(pg)
    assert not any("glightbox" in u for u in requested), "a page without images does not load the lightbox"
    pg.goto(url)
    link = pg.locator("article a.glightbox")
    assert link.locator("img").get_attribute("alt") == "A test figure"
    link.scroll_into_view_if_needed()  # the reader reaches the image
    wait_until(pg, "typeof window.GLightbox === 'function'")
    assert {u.split("/")[-1] for u in requested if "glightbox" in u} == {"glightbox.min.js", "glightbox.min.css"}
    assert all(u.startswith(url) for u in requested if "glightbox" in u)
    link.click()
    slide = pg.locator(".glightbox-container .gslide-image img")
    slide.wait_for(state="visible", timeout=10000)
    assert slide.get_attribute("src").endswith("assets/images/test-figure.png")
    assert slide.get_attribute("alt") == "A test figure"
    pg.keyboard.press("Escape")
    pg.locator(".glightbox-container").wait_for(state="detached", timeout=10000)
    assert elsewhere == []
    assert violations(pg) == []
