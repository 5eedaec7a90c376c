"""The pruned theme stylesheets keep every rule that can style the site, and each page's
inlined stylesheets every rule that can style that page before Material's bundle runs.

The build drops the rules of Material's stylesheets that no page can match
(hooks/polyglot/cssprune.py). Here each page type is opened with Material's bundle loaded
(and, on one page, with search open and showing results), and every rule of Material's
*original* stylesheets whose selector matches an element of the page is looked up in the
built stylesheets. Interaction states (:hover, :focus, :checked, ...) and pseudo-elements are
ignored when matching, and media conditions are not evaluated, so rules for other states and
screen sizes must be kept too. A page's inlined rules may leave out the declarations of custom
properties that nothing on the page reads (hooks/polyglot/cssinline.py); the whole files keep
them all.
"""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from tests.browser.test_accessibility import PAGE_TYPES, interact, material_loaded, settle

pytestmark = pytest.mark.browser

THEME_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

LIVE_RULES = """([original, built, read]) => {
  const STATES = /::?[-a-z]+(\\((?:[^()]|\\([^()]*\\))*\\))?/g;
  const KEEP = new RegExp("^:(not|is|where|has|nth-child|nth-of-type|nth-last-child|first-child|last-child" +
    "|only-child|first-of-type|last-of-type|root|empty)\\\\b");
  const split = (text) => {
    const parts = []; let depth = 0, start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (c === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
    }
    parts.push(text.slice(start));
    return parts.map(s => s.trim());
  };
  const bare = (selector) => {
    const rest = selector.replace(STATES, (m) => KEEP.test(m) ? m : '').trim();
    return !rest ? '*' : /^[>+~]/.test(rest) ? '* ' + rest : rest;
  };
  const rules = (text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    const out = [];
    const walk = (list, context) => {
      for (const rule of list) {
        if (rule.selectorText !== undefined) {
          const plain = [], custom = {};
          for (let i = 0; i < rule.style.length; i++) {
            const name = rule.style[i], value = rule.style.getPropertyValue(name).trim();
            const important = rule.style.getPropertyPriority(name) ? ' !important' : '';
            if (name.startsWith('--')) custom[name] = value + important;
            else plain.push(`${name}: ${value}${important}`);
          }
          for (const selector of split(rule.selectorText)) out.push([context, selector, plain.join('; '), custom]);
        } else if (rule.cssRules) {
          walk(rule.cssRules, context + ' @' + (rule.conditionText || rule.name || ''));
        }
      }
    };
    walk(sheet.cssRules, '');
    return out;
  };
  // Built rules by context, selector and their declarations other than custom properties.
  const kept = new Map();
  for (const [context, selector, plain, custom] of rules(built)) {
    const key = [context, selector, plain].join(' | ');
    kept.set(key, Object.assign(kept.get(key) || {}, custom));
  }
  const missing = [];
  let live = 0;
  for (const [context, selector, plain, custom] of rules(original)) {
    let matches = false;
    try { matches = document.querySelector(bare(selector)) !== null; } catch (e) { matches = true; }
    if (!matches) continue;
    live++;
    const found = kept.get([context, selector, plain].join(' | '));
    if (!found && plain) { missing.push(`${context} ${selector}`); continue; }
    // A custom property may be left out only where nothing on the page reads it (`read`).
    for (const [name, value] of Object.entries(custom)) {
      if ((found || {})[name] !== value && (read === null || read.includes(name))) {
        missing.push(`${context} ${selector} { ${name} }`);
      }
    }
  }
  return { live, missing };
}"""

# Every custom property the page can read before Material's bundle: var() in its <style>s
# (SVG drawings' too) and style attributes, and any --name its inline scripts mention.
READ = """() => {
  const names = new Set();
  const css = [...document.querySelectorAll('style')].map(s => s.textContent)
    .concat([...document.querySelectorAll('[style]')].map(e => e.getAttribute('style')));
  for (const text of css) for (const m of text.matchAll(/var\\(\\s*(--[\\w-]+)/g)) names.add(m[1]);
  for (const script of document.querySelectorAll('script:not([src])'))
    for (const m of script.textContent.matchAll(/--[a-zA-Z][\\w-]*/g)) names.add(m[0]);
  return [...names];
}"""


def theme_sheets(site: Path) -> list[tuple[str, str]]:
    """(original, built) text of each theme stylesheet."""
    pairs = []
    built_sheets = [*(site / "assets" / "stylesheets").glob("main.*.min.css")]
    built_sheets += (site / "assets" / "stylesheets").glob("palette.*.min.css")  # not glightbox.min.css
    for built in sorted(built_sheets):
        pairs.append(((THEME_CSS / built.name).read_text("utf-8"), built.read_text("utf-8")))
    return pairs


def test_theme_stylesheets_are_pruned(built_site: Path) -> None:
    pairs = theme_sheets(built_site)
    assert len(pairs) == 2  # main and palette
    for original, built in pairs:
        assert len(built) < 0.9 * len(original)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", [*PAGE_TYPES, "blog index with search results"])
def test_every_rule_that_matches_the_page_is_kept(browser, base_url: str, built_site: Path, page_type, scheme) -> None:
    search = page_type.endswith("with search results")
    path = PAGE_TYPES["blog index" if search else page_type]
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        settle(page, base_url + path)
        interact(page)
        if search:
            page.keyboard.press("/")
            page.locator("input[data-md-component=search-query]").press_sequentially("pydantic")
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        for original, built in theme_sheets(built_site):
            result = page.evaluate(LIVE_RULES, [original, built, None])
            assert result["live"] > 0
            assert not result["missing"], result["missing"][:10]
    finally:
        ctx.close()


SITE_CSS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "stylesheets" / "site.css"
INLINED = "(href) => document.querySelector(`style[data-href='${href}']`).textContent"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_holds_every_rule_that_styles_it_before_the_bundle(
    browser, base_url: str, built_site: Path, page_type, scheme
) -> None:
    """A page holds only what it can match of the stylesheets (hooks/polyglot/cssinline.py).
    With Material's bundle and site.js kept away (what boot.js does on its own is in), every
    rule of the original stylesheets that matches an element of the page is in the page."""
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        ctx.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
        ctx.route("**/assets/javascripts/site.js", lambda route: route.abort())
        page = ctx.new_page()
        settle(page, base_url + PAGE_TYPES[page_type])
        assert not material_loaded(page)
        sheets = [*theme_sheets(built_site), (SITE_CSS.read_text("utf-8"), "")]
        read = page.evaluate(READ)
        assert "--md-default-fg-color" in read, read  # the body's text colour, on every page
        hrefs = page.evaluate("() => [...document.querySelectorAll('style[data-href]')].map(s => s.dataset.href)")
        assert len(hrefs) == len(sheets) == 3
        for (original, _), href in zip(sheets, hrefs, strict=True):
            inlined = page.evaluate(INLINED, href)
            assert len(inlined) < len(original)
            result = page.evaluate(LIVE_RULES, [original, inlined, read])
            assert result["live"] > 0, href
            assert not result["missing"], (href, result["missing"][:10])
    finally:
        ctx.close()
