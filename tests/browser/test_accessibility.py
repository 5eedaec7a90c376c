"""Readers first: axe finds nothing, nothing leaves the site, the keyboard reaches and shows
everything, motion can be turned off, and search loads only when a reader searches."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser

# One page of each type; the long post has code, math, a table and a Mermaid diagram.
PAGE_TYPES = {
    "home": "",
    "blog index": "blog/",
    "long post": "blog/2026/11/23/how-this-site-is-built/",
    "text post": "blog/2026/11/16/welcome/",
    "author": "authors/saad-laouadi/",
    "philosophy": "philosophy/",
    "projects": "projects/",
}
SCHEMES = {"light": "default", "dark": "slate"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
INDEX = "search/search_index.json"
WORKER = "/workers/search."


def settle(page, path: str) -> None:
    """Load ``path`` as a reader gets it, before any interaction."""
    page.goto(path)
    page.wait_for_load_state("networkidle")


def material_loaded(page) -> bool:
    return page.evaluate("typeof window.component$ !== 'undefined'")


def interact(page) -> None:
    """The reader's first interaction: Material's bundle loads and takes over; then the reader
    scrolls through the page, so what renders on approach (math, undrawn diagrams) renders."""
    page.mouse.move(200, 300)
    wait_until(page, "typeof window.component$ !== 'undefined'", timeout=20)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    if page.locator(".arithmatex").count():
        page.locator(".arithmatex .katex").first.wait_for(state="attached", timeout=15000)
    if page.locator("pre.mermaid").count():
        page.locator("div.mermaid").first.wait_for(state="attached", timeout=20000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)  # the navigation tabs Material hid while scrolling fade back in


def describe(violations: list[dict]) -> list[tuple[str, list]]:
    return [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations]


@pytest.mark.parametrize("color_scheme", SCHEMES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violations(browser, base_url: str, page_type: str, color_scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for viewport_name, viewport in VIEWPORTS.items():
        ctx = browser.new_context(color_scheme=color_scheme, viewport=viewport)
        try:
            page = ctx.new_page()
            settle(page, base_url + PAGE_TYPES[page_type])
            assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[color_scheme]
            for state in ("as loaded", "after the first interaction"):
                if state != "as loaded":
                    interact(page)
                results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                violations = results.response["violations"]
                where = f"{page_type} ({color_scheme}, {viewport_name}, {state})"
                assert not violations, f"{where}: {describe(violations)}"
                assert results.response["passes"], "axe ran no check"
        finally:
            ctx.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_request_leaves_the_site(context, base_url: str, page_type: str) -> None:
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    settle(page, base_url + PAGE_TYPES[page_type])
    interact(page)  # and what loads on the first interaction or on approach
    page.wait_for_timeout(500)
    site = urlsplit(base_url).netloc
    assert urls, "no request was recorded"
    elsewhere = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != site]
    assert not elsewhere, elsewhere


# --- Search loads on demand ------------------------------------------------------------


def search_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if u.endswith(INDEX) or WORKER in u]


@pytest.mark.parametrize("start", ["slash key", "click in the field", "search button (mobile)"])
def test_search_index_loads_only_when_a_search_starts(browser, base_url: str, start: str) -> None:
    mobile = start.endswith("(mobile)")
    ctx = browser.new_context(viewport=VIEWPORTS["mobile" if mobile else "desktop"])
    try:
        urls: list[str] = []
        ctx.on("request", lambda request: urls.append(request.url))
        page = ctx.new_page()
        page.goto(base_url + "blog/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        assert search_requests(urls) == [], "search loaded before the reader searched"

        field = page.locator("input[data-md-component=search-query]")
        if start == "slash key":
            page.keyboard.press("/")
        elif start == "click in the field":
            field.click()
        else:
            page.locator("label.md-header__button[for=__search]").click()
        field.press_sequentially("pydantic")
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=15000)
        assert "how-this-site-is-built" in result.get_attribute("href")
        assert any(u.endswith(INDEX) for u in urls)
    finally:
        ctx.close()


def test_search_index_is_not_fetched_on_the_next_page_either(page, base_url: str) -> None:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    page.locator(".md-tabs__link", has_text="Philosophy").click()
    page.wait_for_url("**/philosophy/")
    page.wait_for_load_state("networkidle")
    assert search_requests(urls) == []
    page.keyboard.press("/")
    page.locator("input[data-md-component=search-query]").press_sequentially("pydantic")
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)


def test_a_shared_search_link_loads_search_at_once(page, base_url: str) -> None:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(base_url + "?q=pydantic")
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    assert any(u.endswith(INDEX) for u in urls)


# --- Material's bundle on demand -------------------------------------------------------


def page_requests(urls: list[str]):
    """A request listener that records what the page asks for; the service worker's own
    fetches (it answers the page's requests from the network, network first) are the same
    files again, so they are left out."""
    return lambda request: urls.append(request.url) if request.service_worker is None else None


def bundle_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if "/assets/javascripts/bundle." in u]


@pytest.mark.parametrize("page_type", ["home", "text post", "author", "projects"])
def test_material_loads_on_the_first_interaction(context, base_url: str, page_type: str) -> None:
    urls: list[str] = []
    context.on("request", page_requests(urls))
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[page_type])
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert bundle_requests(urls) == [] and not material_loaded(page)
    theme_colors = page.locator("meta[name=theme-color]").count()  # the site's own, in the head
    interact(page)
    assert len(bundle_requests(urls)) == 1
    # Material is in charge now: it tracks the palette and the header.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    # Material's palette component adds its own theme-color tag.
    assert page.locator("meta[name=theme-color]").count() == theme_colors + 1


def test_material_loads_when_code_annotations_come_near(page, base_url: str) -> None:
    urls: list[str] = []
    page.on("request", page_requests(urls))
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(base_url + PAGE_TYPES["long post"])
    page.wait_for_load_state("networkidle")
    assert bundle_requests(urls) == []  # the annotated code block is further down
    page.evaluate("document.querySelector('.highlight + ol').scrollIntoView()")  # no input event
    page.locator(".md-annotation").first.wait_for(timeout=20000)  # Material turned it into a marker
    assert len(bundle_requests(urls)) == 1


def test_palette_toggle_works_before_material_loads(browser, base_url: str) -> None:
    # No service worker: requests it answers would bypass the route that holds the bundle back.
    ctx = browser.new_context(color_scheme="light", service_workers="block")
    try:
        page = ctx.new_page()
        page.route("**/assets/javascripts/bundle.*", lambda route: route.abort())  # never arrives
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        toggle = page.locator("form[data-md-component=palette] label:visible")
        assert toggle.count() == 1 and toggle.first.get_attribute("title").startswith("Switch to")
        toggle.first.click()  # system -> light
        toggle.first.click()  # light -> dark
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert not material_loaded(page)
        page.reload()  # remembered, as Material remembers it
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    finally:
        ctx.close()


def test_search_shortcut_works_before_material_loads(page, base_url: str) -> None:
    page.route("**/assets/javascripts/bundle.*", lambda route: route.abort())
    page.goto(base_url + "blog/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.dataset.mdComponent") == "search-query"
    assert page.locator("input[data-md-component=search-query]").input_value() == ""


# --- Keyboard --------------------------------------------------------------------------


def focused(page) -> dict:
    """The focused element and how its focus shows (on the visible label for a radio)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
          const style = getComputedStyle(shown);
          const box = shown.getBoundingClientRect();
          return {
            tag: el.tagName, classes: [...el.classList], inArticle: !!el.closest('article'),
            label: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40),
            outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            opacity: parseFloat(style.opacity), hidden: shown.hidden,
            box: [box.left, box.top, box.right, box.bottom],
            viewport: [innerWidth, innerHeight],
          };
        }"""
    )


def visible_focus(info: dict) -> bool:
    left, top, right, bottom = info["box"]
    width, height = info["viewport"]
    on_screen = right > 0 and bottom > 0 and left < width and top < height and right - left > 0
    outlined = info["outline"] != "none" and info["outlineWidth"] > 0
    return on_screen and not info["hidden"] and info["opacity"] > 0.5 and outlined


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_skip_link_appears_on_focus_and_moves_focus_to_the_article(browser, base_url: str, color_scheme: str) -> None:
    ctx = browser.new_context(color_scheme=color_scheme, viewport=VIEWPORTS["desktop"])
    try:
        page = ctx.new_page()
        page.goto(base_url + PAGE_TYPES["long post"])
        page.wait_for_load_state("networkidle")
        skip = page.locator("a.md-skip")
        assert skip.count() == 1
        assert float(skip.evaluate("el => getComputedStyle(el).opacity")) == 0  # hidden until focused
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)  # its fade-in
        info = focused(page)
        assert "md-skip" in info["classes"] and visible_focus(info), info
        page.keyboard.press("Enter")
        page.wait_for_timeout(600)
        page.keyboard.press("Tab")
        assert focused(page)["inArticle"], focused(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("color_scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_tab_reaches_palette_toggle_and_search_with_visible_focus(
    browser, base_url: str, color_scheme: str, viewport: str
) -> None:
    ctx = browser.new_context(color_scheme=color_scheme, viewport=VIEWPORTS[viewport])
    try:
        page = ctx.new_page()
        page.goto(base_url + PAGE_TYPES["text post"])
        page.wait_for_load_state("networkidle")
        reached: dict[str, dict] = {}
        for _ in range(8):
            page.keyboard.press("Tab")
            page.wait_for_timeout(350)  # the skip link fades in
            info = focused(page)
            if "md-option" in info["classes"]:
                reached.setdefault("palette", info)
            elif "md-search__input" in info["classes"]:
                reached.setdefault("search", info)
            else:
                assert visible_focus(info), info  # nothing in between is focused out of sight
        assert set(reached) == {"palette", "search"}, reached
        for name, info in reached.items():
            assert visible_focus(info), (name, info)
        assert reached["palette"]["label"].startswith("Switch to")
    finally:
        ctx.close()


def test_keyboard_opens_the_navigation_drawer_on_small_screens(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport=VIEWPORTS["mobile"])
    try:
        page = ctx.new_page()
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        for _ in range(12):
            page.keyboard.press("Tab")
            page.wait_for_timeout(120)
            if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
                break
        else:
            pytest.fail("Tab never reached the navigation")
        page.wait_for_timeout(400)  # the drawer slides in
        assert page.evaluate("document.getElementById('__drawer').checked")
        assert visible_focus(focused(page)), focused(page)
    finally:
        ctx.close()


def transition_seconds(page, selector: str) -> float:
    durations = page.locator(selector).first.evaluate("el => getComputedStyle(el).transitionDuration")
    return max(float(d.strip().removesuffix("s")) for d in durations.split(","))


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_turns_transitions_off(browser, base_url: str, motion: str) -> None:
    ctx = browser.new_context(reduced_motion=motion)
    try:
        page = ctx.new_page()
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        slowest = max(transition_seconds(page, s) for s in ("a.pe-card", ".md-header", ".md-search__inner"))
        if motion == "reduce":
            assert slowest <= 0.001
        else:
            assert slowest > 0.05  # the check above can tell the difference
    finally:
        ctx.close()


# --- Diagrams --------------------------------------------------------------------------

OPEN_SHADOW = """
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""

DIAGRAM_CONTRAST = """() => {
  const rgba = (s) => {
    const m = s.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (fg, bg) => fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]));
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => { const [r, g, b] = c.map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  const out = [];
  const shadows = [...document.querySelectorAll("div.mermaid")].map(host => host.shadowRoot).filter(Boolean);
  for (const root of [...document.querySelectorAll(".pe-diagram"), ...shadows]) {
    for (const node of root.querySelectorAll("g.node")) {
      const shape = node.querySelector("rect, polygon, circle, path");
      const label = node.querySelector(".nodeLabel");
      if (!shape || !label) continue;
      const fill = over(rgba(getComputedStyle(shape).fill), page);
      const text = over(rgba(getComputedStyle(label).color), fill);
      out.push([label.textContent.trim(), ratio(text, fill)]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_diagram_labels_are_legible_in_both_palettes(browser, base_url: str, color_scheme: str) -> None:
    """Drawn ahead of time (inline SVG) or in the browser (Material's closed shadow root, opened here)."""
    ctx = browser.new_context(color_scheme=color_scheme)
    try:
        ctx.add_init_script(OPEN_SHADOW)
        page = ctx.new_page()
        settle(page, base_url + PAGE_TYPES["long post"])
        labels = page.evaluate(DIAGRAM_CONTRAST)
        assert len(labels) >= 5, labels
        low = [(text, round(ratio, 2)) for text, ratio in labels if ratio < 4.5]
        assert not low, low
    finally:
        ctx.close()


# --- The 404 page ------------------------------------------------------------------------


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_axe_finds_no_violations_on_the_404_page(browser, built_site, color_scheme: str) -> None:
    """At the site's real address, answered like GitHub Pages (its links are root-absolute)."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_csp import serve_like_github_pages, site_url

    url = site_url(built_site)
    for viewport_name, viewport in VIEWPORTS.items():
        ctx = browser.new_context(color_scheme=color_scheme, viewport=viewport)
        try:
            elsewhere = serve_like_github_pages(ctx, built_site, url)
            page = ctx.new_page()
            response = page.goto(url + "no/such/page/")
            assert response is not None and response.status == 404
            page.wait_for_load_state("networkidle")
            for state in ("as loaded", "after the first interaction"):
                if state != "as loaded":
                    interact(page)
                violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                found = violations.response["violations"]
                assert not found, f"404 ({color_scheme}, {viewport_name}, {state}): {describe(found)}"
            assert elsewhere == []
        finally:
            ctx.close()


@pytest.mark.parametrize("color_scheme", SCHEMES)
@pytest.mark.parametrize("page_type", ["long post", "projects"])
def test_every_tab_stop_shows_its_focus(browser, base_url: str, page_type: str, color_scheme: str) -> None:
    """Tab through the whole page (Material loaded): each stop is on screen and outlined."""
    ctx = browser.new_context(color_scheme=color_scheme, viewport=VIEWPORTS["desktop"], reduced_motion="reduce")
    try:
        page = ctx.new_page()
        settle(page, base_url + PAGE_TYPES[page_type])
        interact(page)
        seen: list[str] = []
        for _ in range(250):
            page.keyboard.press("Tab")
            page.wait_for_timeout(60)
            info = focused(page)
            if info["tag"] == "BODY":
                break
            key = f"{info['tag']}.{'.'.join(info['classes'])} {info['label']}"
            if seen and key == seen[0]:
                break  # around again
            seen.append(key)
            assert visible_focus(info), (len(seen), info)
        assert len(seen) > 15, seen
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_shown_tooltip_is_its_hosts_description_and_axe_finds_nothing(browser, base_url: str, viewport: str) -> None:
    """Material appends tooltips to <body>, outside every landmark: hovering a section's "¶"
    link shows one. It describes its host and is not stray text of its own."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = ctx.new_page()
        settle(page, base_url + PAGE_TYPES["long post"])
        interact(page)
        host = page.locator("article h2 a.headerlink").first
        host.scroll_into_view_if_needed()
        host.hover()
        wait_until(page, "document.querySelector('.md-tooltip2--active') !== null", timeout=10)
        tooltip = page.locator(".md-tooltip2--active")
        assert tooltip.get_attribute("role") == "tooltip"
        assert tooltip.get_attribute("id") == host.get_attribute("aria-describedby")
        assert tooltip.is_visible()
        expect(host).to_have_accessible_description("Link to this section")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"long post ({viewport}, tooltip shown): {describe(violations)}"
    finally:
        ctx.close()
