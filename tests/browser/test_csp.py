"""The Content-Security-Policy in a real browser: every page type, zero violations, features intact.

The browser visits the site's real address, answered from the built files the way GitHub
Pages answers (``404.html`` for unknown addresses), so the policy's 'self', instant
navigation and the sitemap work as in production. An init script records every
``securitypolicyviolation`` event before any page script runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import wait_until
from tests.browser.test_reader import page_urls

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber}
  );
});
"""


def site_url(site: Path) -> str:
    """The address the site was built for (its sitemap's first entry)."""
    loc = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert loc is not None
    return loc.group(1)


def serve_like_github_pages(ctx, site: Path, url: str, elsewhere_handler=None) -> list[str]:
    """Answer every request to ``url`` from the built files, like GitHub Pages would.

    The browser visits the real HTTPS address (so 'self', instant navigation and the
    sitemap behave as in production); nothing reaches the network: a request to any
    other origin is recorded in the returned list, then aborted (or answered by
    ``elsewhere_handler(route)``, standing in for a third-party service).
    """
    parts = urlsplit(url)
    origin, prefix = f"{parts.scheme}://{parts.netloc}", parts.path
    elsewhere: list[str] = []

    def handle(route) -> None:
        request = urlsplit(route.request.url)
        if f"{request.scheme}://{request.netloc}" != origin:
            elsewhere.append(route.request.url)
            if elsewhere_handler is None:
                route.abort()
            else:
                elsewhere_handler(route)
            return
        path = unquote(request.path)
        target = site / path[len(prefix) :] if path.startswith(prefix) else site / "__missing__"
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, body=(site / "404.html").read_bytes(), content_type="text/html; charset=utf-8")

    ctx.route("**/*", handle)
    return elsewhere


@pytest.fixture(scope="module")
def pages_url(built_site: Path) -> str:
    return site_url(built_site)


@pytest.fixture
def watched(browser, built_site: Path, pages_url: str) -> Iterator[tuple[object, list[str]]]:
    """A page whose CSP violations (window.__cspViolations) and console errors are recorded."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    parts = urlsplit(pages_url)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"{parts.scheme}://{parts.netloc}")
    ctx.add_init_script(WATCH_VIOLATIONS)
    elsewhere = serve_like_github_pages(ctx, built_site, pages_url)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    yield pg, errors
    ctx.close()
    assert elsewhere == [], "requests to other origins"


def violations(pg) -> list[dict[str, object]]:
    return pg.evaluate("window.__cspViolations")


def wait_for_enhancements(pg) -> None:
    """Let lazy features finish: diagrams not drawn ahead of time, and math, which load as they
    come near the screen (scrolled to, as a reader would)."""
    pg.wait_for_load_state("networkidle")
    if pg.locator(".mermaid").count():
        pg.locator(".mermaid").first.scroll_into_view_if_needed()
        wait_until(pg, "!document.querySelector('pre.mermaid')")
    if pg.locator(".arithmatex").count():
        pg.locator(".arithmatex").first.scroll_into_view_if_needed()
        pg.locator(".arithmatex .katex").first.wait_for(timeout=10000)


def test_every_page_loads_with_no_csp_violation_and_no_console_error(watched, pages_url: str, built_site: Path):
    pg, errors = watched
    urls = page_urls(built_site)
    assert len(urls) >= 10
    for url in urls:
        response = pg.goto(pages_url + url)
        assert response is not None and response.status == 200, url
        assert pg.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, url
        wait_for_enhancements(pg)
        assert violations(pg) == [], url or "home"
    assert errors == []


def test_the_404_page_works_under_its_policy(watched, pages_url: str):
    pg, errors = watched
    response = pg.goto(pages_url + "no/such/page/")
    assert response is not None and response.status == 404
    wait_for_enhancements(pg)
    assert pg.locator("h1", has_text="Page not found").is_visible()
    # Material's own script ran (the search is wired up) under the 404 page's policy.
    pg.keyboard.press("/")
    assert pg.evaluate("document.activeElement.getAttribute('data-md-component')") == "search-query"
    assert violations(pg) == []
    # The one console error is the page's own 404 status, which is the point of the page.
    assert errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]


def test_the_policy_is_enforced_not_decorative(watched, pages_url: str):
    pg, _ = watched
    pg.goto(pages_url)
    pg.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    assert pg.evaluate("window.__ran") is None
    assert [v["directive"] for v in violations(pg)] == ["script-src-elem"]


def test_instant_navigation_diagrams_and_math_work_under_the_policy(watched, pages_url: str):
    pg, errors = watched
    pg.goto(pages_url)
    pg.wait_for_load_state("networkidle")
    # Material's bundle (and with it instant navigation) loads on the reader's first
    # interaction (boot.js): the pointer moves before it clicks.
    pg.mouse.move(200, 300)
    wait_until(pg, "typeof window.component$ !== 'undefined'")
    pg.evaluate("window.__samePage = true")  # survives only if navigation stays instant
    # Each page inlines what it can match of the stylesheets; the whole files came with the
    # bundle, at the end of <body>, in the same order. Instant navigation swaps the next
    # page's <style>s into <head> and keeps the whole files (the same elements).
    whole = "() => [...document.querySelectorAll('link[data-pe-whole]')].map(l => [l.__kept === true, !!l.sheet])"
    order = (
        "() => [...document.querySelectorAll('style[data-href], link[data-pe-whole]')]"
        ".map(e => (e.getAttribute('data-href') || new URL(e.href).pathname).split('/').pop())"
    )
    wait_until(pg, "[...document.querySelectorAll('link[data-pe-whole]')].filter(l => l.sheet).length === 3")
    names = pg.evaluate(order)
    assert names[3:] == names[:3] and names[2] == "site.css"
    pg.evaluate("() => document.querySelectorAll('link[data-pe-whole]').forEach(l => { l.__kept = true; })")
    assert pg.evaluate(whole) == [[True, True]] * 3
    pg.locator(".md-tabs a", has_text="Philosophy").first.click()
    pg.wait_for_url("**/philosophy/")
    # The diagram, drawn ahead of time (make diagrams) and swapped in with the page.
    pg.locator(".pe-diagram svg").first.wait_for(timeout=20000)
    assert pg.locator(".pe-diagram svg").first.bounding_box()["height"] > 100
    pg.locator(".md-tabs a", has_text="Blog").first.click()
    pg.wait_for_url("**/blog/")
    pg.locator("article a[href*='how-this-site-is-built']").first.click()
    pg.wait_for_url("**/how-this-site-is-built/")
    # The address changes before the new content is swapped in: wait for the math itself.
    pg.locator(".arithmatex .katex").first.wait_for(timeout=15000)
    assert pg.evaluate("window.__samePage") is True
    assert pg.evaluate(whole) == [[True, True]] * 3
    # This page's <style>s (the one that is the same on both pages kept in place, the others
    # swapped in after it), then the whole files, which set the cascade: all of their rules
    # come later than any inlined one.
    after = pg.evaluate(order)
    assert sorted(after[:3]) == sorted(names[:3]) and after[3:] == names[3:]
    assert violations(pg) == []
    assert errors == []


def test_math_keeps_its_stylesheet_through_instant_navigation(watched, pages_url: str):
    """site.js loads KaTeX's stylesheet (and GLightbox's) once per visit: it must survive
    instant navigation, which replaces what is in <head>, for math met again later."""
    pg, errors = watched
    post = pages_url + "blog/2026/11/23/how-this-site-is-built/"
    pg.goto(post)
    pg.mouse.move(200, 300)
    wait_until(pg, "typeof window.component$ !== 'undefined'")
    pg.evaluate("window.__samePage = true")
    katex_css = (
        "() => [...document.querySelectorAll('link[rel=stylesheet]')]"
        ".filter(l => /katex\\.min\\.css$/.test(l.href) && l.sheet).length"
    )
    pg.locator(".arithmatex").first.scroll_into_view_if_needed()
    wait_until(pg, katex_css)
    pg.locator(".md-tabs a", has_text="Philosophy").first.click()
    pg.wait_for_url("**/philosophy/")
    pg.locator(".pe-diagram svg").first.wait_for(timeout=20000)
    pg.go_back()
    wait_until(pg, "location.pathname.endsWith('/how-this-site-is-built/')")
    pg.locator(".arithmatex .katex").first.wait_for(timeout=15000)
    assert pg.evaluate("window.__samePage") is True
    assert pg.evaluate(katex_css) == 1
    assert "KaTeX_Main" in pg.evaluate("getComputedStyle(document.querySelector('.katex')).fontFamily")
    assert violations(pg) == []
    assert errors == []


def test_search_palette_and_code_copy_work_under_the_policy(watched, pages_url: str):
    pg, errors = watched
    pg.emulate_media(color_scheme="light")
    pg.goto(pages_url + "blog/2026/11/23/how-this-site-is-built/")
    wait_for_enhancements(pg)

    palette = pg.locator("form[data-md-component=palette] label:visible").first
    palette.click()
    pg.locator("form[data-md-component=palette] label:visible").first.click()
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"

    block = pg.locator("article div.highlight").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = pg.evaluate("navigator.clipboard.readText()")
    shown = block.locator("code").inner_text()
    assert copied.split() and copied.split() == shown.split()

    pg.keyboard.press("/")
    # Material searches on key presses, once its worker is ready: type like a reader.
    wait_until(pg, "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    pg.locator("input[data-md-component=search-query]").press_sequentially("pydantic", delay=30)
    result = pg.locator(".md-search-result__item a").first
    result.wait_for(timeout=15000)
    assert "how-this-site-is-built" in result.get_attribute("href")

    assert violations(pg) == []
    assert errors == []
