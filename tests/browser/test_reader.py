"""What a reader does in a real browser: toggle the palette, search, read diagrams, follow links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import wait_until
from tests.built.helpers import html_pages

pytestmark = pytest.mark.browser


def page_urls(site: Path) -> list[str]:
    urls = []
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        if rel != "404.html":
            urls.append(rel.removesuffix("index.html"))
    return urls


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_palette_toggle_switches_and_survives_reload(page, base_url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(base_url)
    assert scheme(page) == "default"
    # system -> light -> dark: the toggle cycles through the three palettes
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme(page) == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme(page) == "slate"
    page.reload()
    assert scheme(page) == "slate"
    page.goto(base_url + "philosophy/")
    assert scheme(page) == "slate"


def test_system_palette_follows_the_os(browser, base_url: str) -> None:
    ctx = browser.new_context(color_scheme="dark")
    try:
        pg = ctx.new_page()
        pg.goto(base_url)
        assert scheme(pg) == "slate"
    finally:
        ctx.close()


def test_search_finds_a_post_by_a_word_only_it_contains(page, base_url: str, built_site: Path) -> None:
    word = "pydantic"
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    holders = {d["location"].split("#")[0] for d in index["docs"] if word in d["text"].lower() + d["title"].lower()}
    assert holders == {"blog/2026/11/23/how-this-site-is-built/"}, holders
    page.goto(base_url)
    page.keyboard.press("/")
    # Typed key by key: Material searches on key events; fill() only worked when it raced
    # ahead of the search index and Material replayed the query once the index was ready.
    # Material searches on key presses once its worker is ready; a query filled in before
    # that is never run. Wait for the worker, then type like a reader.
    wait_until(page, "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.locator("input[data-md-component=search-query]").press_sequentially(word, delay=30)
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15000)
    assert "how-this-site-is-built" in result.get_attribute("href")


def test_diagrams_are_drawn_ahead_of_time(page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + "philosophy/")
    page.wait_for_load_state("networkidle")
    diagram = page.locator(".pe-diagram svg").first
    diagram.scroll_into_view_if_needed()
    assert diagram.bounding_box()["height"] > 100
    assert "Data Collection" in diagram.text_content()
    assert page.locator("pre.mermaid").count() == 0
    assert not any("mermaid.min.js" in u for u in requests)


def test_an_undrawn_diagram_is_drawn_in_the_browser_from_the_site_itself(page, base_url: str) -> None:
    """A diagram added without `make diagrams` still renders, with the self-hosted Mermaid."""

    def undrawn(route) -> None:
        body = route.fetch().text()
        start = body.index('<div class="pe-diagram"')
        end = body.index("</div>", body.index("</svg>", start)) + len("</div>")
        block = '<pre class="mermaid"><code>flowchart TD\n  a["Undrawn"] --&gt; b["Diagram"]</code></pre>'
        route.fulfill(body=body[:start] + block + body[end:], content_type="text/html")

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/philosophy/", undrawn)
    page.goto(base_url + "philosophy/")
    page.locator("pre.mermaid").scroll_into_view_if_needed()
    diagram = page.locator("div.mermaid").first
    diagram.wait_for(timeout=20000)
    assert diagram.bounding_box()["height"] > 100
    assert any(u.endswith("/assets/vendor/mermaid/mermaid.min.js") for u in requests)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in requests if u.startswith("http")), requests


def test_math_renders_with_self_hosted_katex(page, base_url: str) -> None:
    page.goto(base_url + "blog/2026/11/23/how-this-site-is-built/")
    page.locator(".arithmatex").first.scroll_into_view_if_needed()  # math loads on approach
    page.locator(".arithmatex .katex").first.wait_for(timeout=10000)
    assert page.locator(".arithmatex .katex").count() >= 1


def test_no_horizontal_scroll_at_375px(browser, base_url: str, built_site: Path) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    try:
        pg = ctx.new_page()
        for url in page_urls(built_site):
            pg.goto(base_url + url)
            pg.wait_for_load_state("load")
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{url or 'home'} scrolls sideways: {width}px"
    finally:
        ctx.close()


def test_home_cards_and_post_links_lead_to_real_pages(page, base_url: str) -> None:
    page.goto(base_url)
    hrefs = page.eval_on_selector_all(".pe-themes a.pe-card, .pe-post__title a", "els => els.map(e => e.href)")
    assert len(hrefs) >= 6
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.status == 200, href
        assert page.locator("h1").first.is_visible()


def test_email_card_is_a_working_link_with_javascript(page, base_url: str) -> None:
    page.goto(base_url + "authors/ibrahim-lahlou/")
    link = page.locator(".pe-contact--email a.pe-email")
    link.scroll_into_view_if_needed()  # site.js loads as the card comes near
    wait_until(page, "!!document.querySelector('.pe-contact--email a.pe-email[href]')", timeout=10)
    assert link.get_attribute("href") == "mailto:ibrahimlahlou021@gmail.com"
    assert link.inner_text().strip().endswith("ibrahimlahlou021@gmail.com")
    assert link.is_visible() and link.is_enabled()


def test_email_card_is_readable_without_javascript(browser, base_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(base_url + "authors/ibrahim-lahlou/")
        card = pg.locator(".pe-contact--email")
        assert re.search(r"ibrahimlahlou021 \[at\] gmail \[dot\] com", card.inner_text())
        assert pg.locator(".pe-contact--email a[href]").count() == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_cards_are_readable_in_both_palettes(browser, base_url: str, color_scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(color_scheme=color_scheme)
    try:
        pg = ctx.new_page()
        for url in ("", "authors/ibrahim-lahlou/", "authors/saad-laouadi/"):
            pg.goto(base_url + url)
            expected = "slate" if color_scheme == "dark" else "default"
            assert scheme(pg) == expected
            results = Axe().run(pg, context=".pe-grid", options={"runOnly": ["color-contrast"]})
            violations = results.response["violations"]
            assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    finally:
        ctx.close()
