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


LABEL = "document.querySelector('.pe-copy-link__label').textContent"

# The page sees a Clipboard API that refuses every write; the test keeps the real one to read back.
REFUSE_ASYNC_CLIPBOARD = """
(() => {
  const real = navigator.clipboard;
  window.__readClipboard = () => real.readText();
  window.__writeClipboard = (text) => real.writeText(text);
  Object.defineProperty(Navigator.prototype, "clipboard", {
    get() {
      return { writeText: () => Promise.reject(new DOMException("refused", "NotAllowedError")) };
    },
  });
})();
"""


def click_copy_link(ctx, base_url: str, before: str = "") -> tuple[object, object, str]:
    """Open the post in ``ctx`` once it has settled, press "Copy link", return (page, button, label).

    ``before``: a script run on the page just before the click (e.g. to blank the clipboard).
    """
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = ctx.new_page()
    page.goto(base_url + POST)
    if before:
        page.evaluate(before)
    button = page.locator("button.pe-copy-link")
    button.scroll_into_view_if_needed()
    # Math and lazy images above the button load as it scrolls into view: let them land so
    # the click hits the button where it stays.
    page.wait_for_load_state("networkidle")
    page.bring_to_front()
    assert button.is_visible()
    button.click()
    wait_until(page, f"{LABEL} !== 'Copy link'")
    return page, button, page.evaluate(LABEL)


def assert_link_copied(page, button, label: str, read: str) -> None:
    """The button says so, and the clipboard (read by the script ``read``) holds the post's address."""
    assert label == "Link copied"
    copied = page.evaluate(read)
    assert copied == button.get_attribute("data-pe-url")
    assert copied.endswith(POST)


def test_copy_link_button_copies_the_post_address(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page, button, label = click_copy_link(ctx, base_url)
        assert_link_copied(page, button, label, read="navigator.clipboard.readText()")
    finally:
        ctx.close()


def test_copy_link_falls_back_when_the_clipboard_api_refuses(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        ctx.add_init_script(REFUSE_ASYNC_CLIPBOARD)
        page, button, label = click_copy_link(ctx, base_url, before="window.__writeClipboard('not the link')")
        assert page.evaluate("navigator.clipboard.writeText('x').then(() => 'written', () => 'refused')") == "refused"
        assert_link_copied(page, button, label, read="window.__readClipboard()")
    finally:
        ctx.close()


def test_share_links_are_plain_links_with_no_third_party_request(page, base_url: str) -> None:
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(base_url + POST)
    page.wait_for_load_state("networkidle")
    assert hosts == {base_url.split("/")[2]}
    assert page.locator(".pe-share a.pe-share__link").count() == 5


def test_a_posts_social_card_decodes_in_chromium_to_the_pixels_pillow_reads(page, base_url: str, built_site) -> None:
    """The cards' own PNG encoder (polyglot.pngencode) writes files a browser's decoder reads."""
    from PIL import Image

    card = "assets/images/social/" + POST.rstrip("/") + ".png"
    page.goto(base_url + POST)
    pixels = page.evaluate(
        """async url => {
            const image = new Image();
            image.src = url;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = image.naturalWidth;
            canvas.height = image.naturalHeight;
            const pen = canvas.getContext('2d');
            pen.drawImage(image, 0, 0);
            const points = [[0, 0], [8, 300], [100, 100], [600, 315], [1199, 629], [900, 540], [200, 540]];
            return {
                size: [image.naturalWidth, image.naturalHeight],
                points: points.map(([x, y]) => Array.from(pen.getImageData(x, y, 1, 1).data.slice(0, 3))),
            };
        }""",
        base_url + card,
    )
    with Image.open(built_site / card) as image:
        expected = image.convert("RGB")
    assert pixels["size"] == [1200, 630]
    points = [(0, 0), (8, 300), (100, 100), (600, 315), (1199, 629), (900, 540), (200, 540)]
    assert pixels["points"] == [list(expected.getpixel(point)) for point in points]
