"""In Chromium: pages a reader visited stay readable offline; the copy-link button works."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser

POST = "blog/2026/11/23/how-this-site-is-built/"


def wait_until_cached(page, url: str) -> None:
    """The service worker controls the page and holds ``url`` in its cache."""
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_until(
        page,
        "url => caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.match(url)))))"
        ".then(hits => hits.some(Boolean))",
        arg=url,
    )


def test_a_visited_post_reloads_offline(context, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + POST)
    wait_until_cached(page, base_url + POST)
    context.set_offline(True)
    try:
        page.reload()
        assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "How this site is built"
        assert page.locator("article h2", has_text="The engine: pinned").count() == 1
        # The site's own stylesheet came from the cache too: the page is styled, not bare HTML.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    finally:
        context.set_offline(False)


def test_a_page_never_visited_is_not_invented_offline(context, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + POST)
    wait_until_cached(page, base_url + POST)
    context.set_offline(True)
    try:
        from playwright.sync_api import Error

        with pytest.raises(Error, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
            page.goto(base_url + "projects/")
    finally:
        context.set_offline(False)


def test_copy_link_button_copies_the_post_address(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
        page = ctx.new_page()
        page.goto(base_url + POST)
        button = page.locator("button.pe-copy-link")
        button.scroll_into_view_if_needed()
        assert button.is_visible()
        button.click()
        wait_until(page, "document.querySelector('.pe-copy-link__label').textContent === 'Link copied'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == button.get_attribute("data-pe-url")
        assert copied.endswith(POST)
    finally:
        ctx.close()


def test_share_links_are_plain_links_with_no_third_party_request(page, base_url: str) -> None:
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(base_url + POST)
    page.wait_for_load_state("networkidle")
    assert hosts == {base_url.split("/")[2]}
    assert page.locator(".pe-share a.pe-share__link").count() == 5
