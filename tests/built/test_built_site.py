"""The strictly built site holds the seeds' facts, each on the right page and person."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

import site_hooks
from polyglot import cssinline, cssprune
from polyglot.loader import load_site_data
from polyglot.stack import python_literal
from tests.built.helpers import content, html_pages, page, soup_of, text
from tests.conftest import ROOT

DATA = load_site_data(ROOT / "data", ROOT / "docs")
START_SCRIPT = ROOT / "overrides" / site_hooks.START_SCRIPT
SAAD = DATA.people["saad-laouadi"]
IBRAHIM = DATA.people["ibrahim-lahlou"]
POSTS = {
    "blog/2026/11/23/how-this-site-is-built/": "How this site is built",
    "blog/2026/11/16/welcome/": "Welcome to The Polyglot Engineer",
}


def resolve(base_url: str, href: str) -> str:
    """Site-relative URL of ``href`` found on the page at ``base_url``."""
    return urlsplit(urljoin("http://x/" + base_url, href)).path.lstrip("/")


def test_home_has_hero_themes_and_signoff(built_site: Path) -> None:
    home = content(page(built_site, ""))
    body = text(home)
    assert home.h1.get_text(strip=True).rstrip("¶") == "The Polyglot Engineer"
    assert "Building production ML systems that actually work." in body
    assert "This blog is about closing that gap." in body
    assert "Production ML is 90% engineering, 10% ML. Let's talk about the 90%." in body
    cards = home.select(".pe-themes a.pe-card")
    assert [c.select_one(".pe-card__title").get_text(strip=True) for c in cards] == DATA.category_names
    for card, category in zip(cards, DATA.site.categories, strict=True):
        assert category.description.split(".")[0] in text(card)
        target = resolve("", card["href"])
        assert (built_site / target / "index.html").is_file(), f"theme card {category.name} -> {target}"


def test_home_latest_posts_are_the_newest_published_posts(built_site: Path) -> None:
    home = content(page(built_site, ""))
    links = [resolve("", a["href"]) for a in home.select(".pe-post__title a")]
    blog_index = content(page(built_site, "blog"))
    newest = [resolve("blog/", a["href"]) for a in blog_index.select("article.md-post h2 a")]
    assert links == newest[: len(links)]
    assert links == list(POSTS)
    for card, title in zip(home.select(".pe-post"), POSTS.values(), strict=True):
        assert card.select_one(".pe-post__title").get_text(strip=True) == title
        assert re.search(r"\w+ \d{1,2}, 20\d\d · \d+ min read", text(card.select_one(".pe-post__meta")))
        assert len(card.select_one(".pe-post__excerpt").get_text(strip=True)) > 40
    assert "Coming soon" not in text(home)


def test_home_reading_time_matches_the_post_page(built_site: Path) -> None:
    home = content(page(built_site, ""))
    for card in home.select(".pe-post"):
        url = resolve("", card.select_one("a")["href"])
        minutes = re.search(r"(\d+) min read", text(card)).group(1)
        post = page(built_site, url)
        assert f"{minutes} min read" in text(post.select_one(".md-post__meta, .md-sidebar--post") or post)


def test_home_get_in_touch_is_the_owner_contacts(built_site: Path) -> None:
    cards = content(page(built_site, "")).select(".pe-contacts .pe-contact")
    assert len(cards) == len(SAAD.contacts)
    hrefs = {a["href"] for a in content(page(built_site, "")).select(".pe-contacts a[href]")}
    assert {str(c.url) for c in SAAD.contacts if c.url} == hrefs


def test_ibrahim_profile_has_his_facts_stack_and_contacts(built_site: Path) -> None:
    soup = content(page(built_site, "authors/ibrahim-lahlou"))
    body = text(soup)
    for fact in (
        "I turn research papers into scalable infrastructure",
        "Ibrahim Lahlou",
        "getting models to production is the easy part",
        "ENSA Oujda",
        "Code is static. Data evolves. Models decay.",
        "In theory, theory and practice are the same. In practice, they're not.",
    ):
        assert fact in body, fact
    code = soup.select_one(".language-python, .highlight code")
    assert code is not None
    assert python_literal("stack", IBRAHIM.stack) in code.get_text()
    groups = soup.select(".pe-stack .pe-stack__group")
    assert [g["data-key"] for g in groups] == list(IBRAHIM.stack)
    for group, items in zip(groups, IBRAHIM.stack.values(), strict=True):
        assert [li.get_text(strip=True) for li in group.select("li")] == items
    hrefs = {a["href"] for a in soup.select(".pe-contacts a[href]")}
    assert hrefs == {"https://github.com/IbLahlou", "https://twitter.com/ILoDo01"}
    assert "dr-saad-la" not in str(soup) and "Seven years" not in body


def test_saad_profile_has_only_his_facts(built_site: Path) -> None:
    soup = content(page(built_site, "authors/saad-laouadi"))
    body = text(soup)
    assert "Seven years of building AI systems across agriculture, healthcare, and cybersecurity" in body
    for language in SAAD.stack["languages"]:
        assert language in body
    hrefs = {a["href"] for a in soup.select(".pe-contacts a[href]")}
    assert hrefs == {"https://linkedin.com/in/dr-saad-laouadi", "https://github.com/dr-saad-la"}
    assert "IbLahlou" not in str(soup) and "ENSA" not in body and "Prefect" not in body


def test_about_links_both_authors(built_site: Path) -> None:
    soup = content(page(built_site, "about"))
    targets = {resolve("about/", a["href"]) for a in soup.select(".pe-people a[href]")}
    assert {"authors/saad-laouadi/", "authors/ibrahim-lahlou/"} <= targets


def test_philosophy_page_structure(built_site: Path) -> None:
    soup = content(page(built_site, "philosophy"))
    body = text(soup)
    assert soup.select_one(".pe-diagram svg") is not None, "the diagram is drawn ahead of time (make diagrams)"
    assert soup.select_one("pre.mermaid") is None
    diagram = soup.select_one(".pe-diagram svg").get_text()
    for node in ("Data Collection", "Model Registry", "Monitoring & Retraining", "Versioning (DVC)"):
        assert node in diagram
    assert "feat: add real-time inference API" in body
    assert soup.select_one(".language-python") is not None
    assert soup.select(".admonition, details, .grid, .tabbed-set"), "no Material components used"
    for fact in ("Clarity Over Cleverness", "WCAG 2.1", "Quality over quantity. Impact over hype."):
        assert fact in body


def test_projects_page_shows_the_empty_state(built_site: Path) -> None:
    soup = content(page(built_site, "projects"))
    assert not DATA.projects
    assert "No projects yet." in text(soup) and "data/projects.yml" in text(soup)


@pytest.mark.parametrize("category", [c.name for c in DATA.site.categories])
def test_every_category_has_a_page(built_site: Path, category: str) -> None:
    from polyglot.blog import category_url

    soup = content(page(built_site, category_url("blog", category)))
    assert category in text(soup)


def test_archive_exists_and_lists_posts(built_site: Path) -> None:
    soup = content(page(built_site, "blog/archive/2026"))
    titles = [a.get_text(strip=True) for a in soup.select("article.md-post h2 a")]
    assert titles == list(POSTS.values())


def test_posts_show_author_linking_to_profile(built_site: Path) -> None:
    for url in POSTS:
        soup = page(built_site, url)
        links = {
            resolve(url, a["href"]) for a in soup.select(".md-post__authors a, .md-author a, nav a") if a.get("href")
        }
        assert "authors/saad-laouadi/" in links


def test_no_email_address_or_mailto_in_any_html(built_site: Path) -> None:
    addresses = [c.address for p in DATA.people.values() for c in p.contacts if c.address]
    for path in html_pages(built_site):
        html = path.read_text("utf-8")
        # The only mailto: link allowed is the share-by-email link, which has no address.
        assert not re.search(r"mailto:(?!\?)", html), path
        for address in addresses:
            assert address not in html, path
            assert address.split("@")[1] not in html, path


def test_external_contact_links_are_rel_me_noopener(built_site: Path) -> None:
    for url in ("", "authors/ibrahim-lahlou", "authors/saad-laouadi"):
        for a in content(page(built_site, url)).select(".pe-contacts a[href]"):
            assert set(a["rel"]) >= {"me", "noopener"}


def test_sitemap_lists_every_page(built_site: Path) -> None:
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {urlsplit(loc.text).path for loc in tree.findall(".//s:loc", ns)}
    base = urlsplit(tree.find(".//s:loc", ns).text).path.split("/")[1]
    for path in html_pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        if rel == "404.html":
            continue
        url = "/" + base + "/" + rel.removesuffix("index.html")
        assert url in listed, url
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_search_index_holds_posts(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for url in POSTS:
        assert url in locations


def test_404_page_helps(built_site: Path) -> None:
    soup = page(built_site, "404.html")
    body = text(soup)
    assert "Page not found" in body
    assert soup.select_one("label[for='__search']") is not None
    assert any(a.get_text(strip=True) == "Go to the home page" for a in soup.select("a"))


def test_no_third_party_urls_in_page_heads(built_site: Path) -> None:
    for path in html_pages(built_site):
        soup = soup_of(path)
        for tag in soup.select("script[src], link[href][rel~=stylesheet], link[rel=preconnect]"):
            url = tag.get("src") or tag.get("href")
            assert not urlsplit(url).netloc, f"{path}: {url}"


def test_the_start_script_is_inline_and_no_script_is_requested_at_page_load(built_site: Path) -> None:
    """Every page ends with the start-up script, inline (nothing to fetch before the first
    paint), after Material's configuration that it reads and the inert tags of the scripts it
    loads later; the same on every page. No script of any page is fetched at load."""
    source = START_SCRIPT.read_text("utf-8").strip()
    for path in html_pages(built_site):
        soup = soup_of(path)
        scripts = soup.find_all("script")
        assert [s["src"] for s in scripts if s.get("src")] == [], path
        assert scripts[-1].parent is soup.body, path
        assert (scripts[-1].string or "").strip() == source, path
        config = scripts.index(soup.select_one("script#__config"))
        later = [s.get("type") for s in scripts[config + 1 : -1]]
        assert later and set(later) == {"polyglot/deferred"}, (path, later)


def test_no_page_waits_for_a_stylesheet_request(built_site: Path) -> None:
    """Material's (pruned) stylesheets and the site's own are inlined in every page, each cut
    down to what that page's markup and the site's own scripts can match of the built file
    (which boot.js loads whole with Material's bundle); pages differ, and smaller."""
    sheets_dir = built_site / "assets" / "stylesheets"
    expected = [
        *(f"assets/stylesheets/{p.name}" for p in sheets_dir.glob("main.*.min.css")),
        *(f"assets/stylesheets/{p.name}" for p in sheets_dir.glob("palette.*.min.css")),
        "assets/stylesheets/site.css",
    ]
    scripts = [p.read_text("utf-8") for p in sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))]
    scripts.append(START_SCRIPT.read_text("utf-8"))
    sheets = cssinline.make_sheets({p: (built_site / p).read_text("utf-8") for p in expected}, scripts)
    sizes: dict[str, set[int]] = {p: set() for p in expected}
    for path in html_pages(built_site):
        html = path.read_text("utf-8")
        soup = soup_of(path)
        assert soup.select("link[rel~=stylesheet]") == [], path
        styles = soup.select("head > style[data-href]")
        assert [s["data-href"] for s in styles] == expected, path
        bare = _INLINED.sub("", html)
        tokens = cssinline.page_tokens(bare, sheets)
        properties = cssinline.page_properties(bare, sheets, tokens)
        for style in styles:
            href = style["data-href"]
            assert style.string == cssinline.critical_css(sheets, href, tokens, properties), (path, href)
            sizes[href].add(len(style.string))
        # Every custom property the page reads at its first paint is declared in it.
        inline = "".join(s.string or "" for s in soup.find_all("style"))
        reads = cssprune.custom_properties_read(html) & sheets.declared()
        assert reads <= cssprune.declared(cssprune.compile_css(inline)), (path, reads)
    for href in expected:
        whole = len((built_site / href).read_text("utf-8"))
        assert max(sizes[href]) < whole, href  # no page needs the whole file
    assert len(sizes[expected[0]]) > 3  # pages with other markup get other rules


_INLINED = re.compile(r"(<style data-href=[^>]*>).*?(</style>)", re.S)


def test_footer_social_links_are_the_owners_web_profiles(built_site: Path) -> None:
    owner = DATA.people[DATA.site.owner]
    expected = [str(c.url) for c in owner.contacts if c.kind != "email"]
    for url in ("", "philosophy", "blog/2026/11/16/welcome"):
        links = [a["href"] for a in page(built_site, url).select(".md-social a.md-social__link")]
        assert links == expected, url


def test_blog_authors_come_from_the_people_data(built_site: Path) -> None:
    post = page(built_site, "blog/2026/11/16/welcome")
    author = post.select_one(".md-profile, .md-post__authors, .md-sidebar--post")
    assert SAAD.name in text(author) and SAAD.role in text(author)
    avatar = post.select_one(".md-profile img, .md-author img")
    assert avatar is not None and avatar["src"].endswith(SAAD.avatar)


def test_nothing_is_escaped_twice(built_site: Path) -> None:
    for path in html_pages(built_site):
        html = path.read_text("utf-8")
        assert "&amp;amp;" not in html and "&amp;lt;" not in html and "&amp;#" not in html, path
