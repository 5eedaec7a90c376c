"""Feeds, search-engine and social tags, JSON-LD, root files, icons and cards on the real site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from PIL import Image

from polyglot.blog import category_url
from polyglot.loader import load_site_data
from tests.built.helpers import html_pages, page, soup_of
from tests.conftest import ROOT

DATA = load_site_data(ROOT / "data", ROOT / "docs")
POST = "blog/2026/11/23/how-this-site-is-built/"
WELCOME = "blog/2026/11/16/welcome/"
POSTS_NEWEST_FIRST = ["How this site is built", "Welcome to The Polyglot Engineer"]
SAMPLES = {"post": POST, "page": "philosophy/", "home": ""}


def site_url(built_site: Path) -> str:
    """The site's public address, as the canonical link of the home page says."""
    return page(built_site, "").select_one("link[rel=canonical]")["href"]


def meta(soup, key: str) -> list[str]:
    return [t["content"] for t in soup.select(f'meta[property="{key}"], meta[name="{key}"]')]


def ld_graph(soup) -> list[dict]:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def of_type(graph: list[dict], kind: str) -> dict:
    found = [node for node in graph if node["@type"] == kind]
    assert len(found) == 1, f"{kind} in {[n['@type'] for n in graph]}"
    return found[0]


# --- Feeds -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_blog_feeds_parse_cleanly_with_every_post_newest_first(built_site: Path, name: str) -> None:
    feed = feedparser.parse((built_site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert titles == POSTS_NEWEST_FIRST
    base = site_url(built_site)
    assert [e.link for e in feed.entries] == [base + POST, base + WELCOME]


def test_rss_items_carry_front_matter_dates_author_and_absolute_excerpt(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "feed_rss_created.xml").read_bytes())
    assert feed.version == "rss20"
    first, second = feed.entries
    assert first.published_parsed[:3] == (2026, 11, 23)
    assert second.published_parsed[:3] == (2026, 11, 16)
    assert first.author == "Saad Laouadi"
    assert {t.term for t in first.tags} >= {"Practical Guides", "mkdocs"}
    summary = first.summary
    assert summary.startswith("<p>This blog is a static site")
    assert "The pipeline" not in summary, "excerpt only (feeds.content: excerpt)"
    for url in re.findall(r'(?:href|src)="([^"]+)"', second.summary):
        assert urlsplit(url).scheme == "https", url


def json_feed(path: Path) -> dict:
    """A JSON Feed 1.1, checked for its required fields (feedparser 6.0 reads RSS/Atom only)."""
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["home_page_url"].startswith("https://")
    assert data["feed_url"].endswith(path.name)
    for item in data["items"]:
        assert item["id"] and item["url"].startswith("https://")
        assert item.get("content_html") or item.get("content_text")
    return data


def test_json_feed_is_json_feed_1_1(built_site: Path) -> None:
    data = json_feed(built_site / "feed_json_created.json")
    assert [i["title"] for i in data["items"]] == POSTS_NEWEST_FIRST
    assert all(i["date_published"].startswith("2026-11-") for i in data["items"])
    assert data["items"][0]["authors"] == [{"name": "Saad Laouadi"}]


@pytest.mark.parametrize("category", [c.name for c in DATA.site.categories])
def test_every_category_has_feeds_with_only_its_posts(built_site: Path, category: str) -> None:
    slug = category_url("blog", category).rstrip("/").rsplit("/", 1)[1]
    expected = {
        "Practical Guides": ["How this site is built"],
        "Production ML Systems": ["Welcome to The Polyglot Engineer"],
    }.get(category, [])
    feed = feedparser.parse((built_site / f"category-{slug}-feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == f"{DATA.site.name}: {category}"
    assert [e.title for e in feed.entries] == expected
    data = json_feed(built_site / f"category-{slug}-feed_json_created.json")
    assert data["title"] == f"{DATA.site.name}: {category}"
    assert [i["title"] for i in data["items"]] == expected


def test_feeds_are_discoverable_from_every_sample_page(built_site: Path) -> None:
    for url in SAMPLES.values():
        soup = page(built_site, url)
        links = {(a["type"], resolve(url, a["href"])) for a in soup.select("link[rel=alternate][type]")}
        assert ("application/rss+xml", "feed_rss_created.xml") in links
        assert ("application/feed+json", "feed_json_created.json") in links
    post_links = {resolve(POST, a["href"]) for a in page(built_site, POST).select("link[rel=alternate]")}
    assert "category-practical-guides-feed_rss_created.xml" in post_links
    category = "blog/category/practical-guides/"
    category_links = {resolve(category, a["href"]) for a in page(built_site, category).select("link[rel=alternate]")}
    assert "category-practical-guides-feed_json_created.json" in category_links


def resolve(base: str, href: str) -> str:
    return urlsplit(urljoin("http://x/" + base, href)).path.lstrip("/")


# --- Head: canonical, description, Open Graph, Twitter, article ----------------


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_sample_pages_have_canonical_description_og_and_twitter_tags(built_site: Path, kind: str) -> None:
    url = SAMPLES[kind]
    soup = page(built_site, url)
    base = site_url(built_site)
    assert soup.select_one("link[rel=canonical]")["href"] == base + url
    (description,) = meta(soup, "description")
    assert 20 < len(description) <= 160
    assert meta(soup, "og:url") == [base + url]
    assert meta(soup, "og:description") == [description]
    assert meta(soup, "og:site_name") == [DATA.site.name]
    assert meta(soup, "og:type") == ["article" if kind == "post" else "website"]
    assert meta(soup, "twitter:card") == ["summary_large_image"]
    (image,) = meta(soup, "og:image")
    assert meta(soup, "twitter:image") == [image]
    assert meta(soup, "og:image:alt") and meta(soup, "og:image:width") == ["1200"]
    card = built_site / urlsplit(image).path.removeprefix(urlsplit(base).path)
    with Image.open(card) as img:
        assert img.format == "PNG" and img.size == (1200, 630)


def test_post_has_article_times_author_and_its_own_description(built_site: Path) -> None:
    soup = page(built_site, POST)
    assert meta(soup, "description") == [
        "The architecture behind this blog, from validated YAML data to a strict MkDocs Material build "
        "with no third-party requests."
    ]
    assert meta(soup, "article:published_time") == ["2026-11-23T00:00:00+00:00"]
    assert meta(soup, "article:modified_time") == ["2026-11-23T00:00:00+00:00"]
    assert meta(soup, "article:author") == [site_url(built_site) + "authors/saad-laouadi/"]
    assert meta(soup, "author") == ["Saad Laouadi"]
    assert meta(soup, "article:section") == ["Practical Guides"]


def test_page_without_description_falls_back_to_its_first_paragraph(built_site: Path) -> None:
    about = (ROOT / "docs" / "about.md").read_text("utf-8")
    (description,) = meta(page(built_site, "about"), "description")
    if "description:" not in about.split("---")[1]:
        assert description.split()[0] in about
    assert description


# --- JSON-LD -------------------------------------------------------------------


def test_post_json_ld_has_blog_posting_people_and_breadcrumbs(built_site: Path) -> None:
    graph = ld_graph(page(built_site, POST))
    posting = of_type(graph, "BlogPosting")
    base = site_url(built_site)
    assert posting["headline"] == "How this site is built"
    assert posting["datePublished"].startswith("2026-11-23")
    assert posting["url"] == base + POST and posting["mainEntityOfPage"]["@id"] == base + POST
    assert posting["image"]["url"].endswith(".png")
    (person,) = posting["author"]
    assert person["@type"] == "Person" and person["name"] == "Saad Laouadi"
    assert person["sameAs"] == [str(c.url) for c in DATA.people["saad-laouadi"].contacts if c.kind != "email"]
    assert not any(s.startswith("mailto:") or "@" in s for s in person["sameAs"])
    crumbs = of_type(graph, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == [DATA.site.name, "Blog", "How this site is built"]
    assert [c["position"] for c in crumbs] == [1, 2, 3] and crumbs[-1]["item"] == base + POST


def test_home_json_ld_is_a_website_with_a_search_action(built_site: Path) -> None:
    site = of_type(ld_graph(page(built_site, "")), "WebSite")
    assert site["name"] == DATA.site.name and site["url"] == site_url(built_site)
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert "{search_term_string}" in action["target"]["urlTemplate"]
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize("pid", list(DATA.people))
def test_author_pages_have_a_person_with_same_as(built_site: Path, pid: str) -> None:
    graph = ld_graph(page(built_site, f"authors/{pid}"))
    person = of_type(graph, "ProfilePage")["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == DATA.people[pid].name
    assert person["sameAs"] == [str(c.url) for c in DATA.people[pid].contacts if c.kind != "email"]
    assert [c["name"] for c in of_type(graph, "BreadcrumbList")["itemListElement"]][-1] == DATA.people[pid].name


def test_page_json_ld_has_breadcrumbs(built_site: Path) -> None:
    crumbs = of_type(ld_graph(page(built_site, "philosophy")), "BreadcrumbList")["itemListElement"]
    assert crumbs[0]["item"] == site_url(built_site) and len(crumbs) == 2


# --- Root files ----------------------------------------------------------------


def test_robots_txt_points_at_the_sitemap(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {site_url(built_site)}sitemap.xml" in robots
    assert (built_site / "sitemap.xml").is_file()


def test_llms_txt_lists_posts_and_pages_with_descriptions(built_site: Path) -> None:
    text = (built_site / "llms.txt").read_text("utf-8")
    base = site_url(built_site)
    assert text.startswith(f"# {DATA.site.name}\n\n> {DATA.site.tagline}")
    posts = text.split("## Posts")[1].split("## Pages")[0]
    assert re.findall(r"- \[([^\]]+)\]", posts) == POSTS_NEWEST_FIRST
    assert f"]({base}{POST}): The architecture behind this blog" in posts
    pages = text.split("## Pages")[1].split("## Categories")[0]
    for url in ("philosophy/", "about/", "projects/", "privacy/", "authors/ibrahim-lahlou/"):
        assert f"]({base}{url}): " in pages, url
    assert "archive" not in pages


def test_web_app_manifest_and_icons(built_site: Path) -> None:
    soup = page(built_site, "")
    manifest_href = soup.select_one("link[rel=manifest]")["href"]
    data = json.loads((built_site / resolve("", manifest_href)).read_text("utf-8"))
    assert data["name"] == DATA.site.name and data["display"] == "standalone"
    sizes = {}
    for icon in data["icons"]:
        with Image.open(built_site / icon["src"]) as img:
            sizes[icon["sizes"]] = img.size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
    for selector, size in (("link[rel=icon][sizes='32x32']", 32), ("link[rel=apple-touch-icon]", 180)):
        with Image.open(built_site / resolve("", soup.select_one(selector)["href"])) as img:
            assert img.size == (size, size)
    assert soup.select_one("link[rel=icon][href$='favicon.svg']") is not None
    assert (built_site / "sw.js").is_file()


# --- End of a post ---------------------------------------------------------------


def test_post_ends_with_share_links_and_a_copy_button(built_site: Path) -> None:
    share = page(built_site, POST).select_one(".pe-share")
    links = {a.get_text(strip=True): a["href"] for a in share.select("a.pe-share__link")}
    assert set(links) == {"X", "LinkedIn", "Hacker News", "Reddit", "Email"}
    encoded = site_url(built_site).replace(":", "%3A").replace("/", "%2F")
    for name, href in links.items():
        assert encoded in href, name
    button = share.select_one("button.pe-copy-link")
    assert button["data-pe-url"] == site_url(built_site) + POST
    assert button.has_attr("hidden"), "shown by site.js only"
    assert page(built_site, "philosophy").select_one(".pe-share") is None


def test_no_related_posts_when_nothing_is_shared(built_site: Path) -> None:
    # The two seed posts share no tag and no category.
    assert page(built_site, POST).select_one(".pe-related") is None


def test_pages_carry_no_script_from_the_lightbox_plugin_and_no_third_party_script(built_site: Path) -> None:
    for path in html_pages(built_site):
        html = path.read_text("utf-8")
        assert "init-glightbox" not in html and "glightbox-style" not in html, path
        soup = soup_of(path)
        for script in soup.select("script[src]"):
            assert not urlsplit(script["src"]).netloc, (path, script["src"])
        for style in soup.select("style[data-href]"):
            style.decompose()  # the site's stylesheet, inlined, styles comments for sites that opt in
        start = soup.body.find_all("script")[-1]
        assert start.get("src") is None and "loadMaterialOnDemand" in (start.string or ""), path
        start.decompose()  # the inline start-up script, which loads comments for sites that opt in
        assert "giscus" not in str(soup).lower(), "comments are off by default"
    assert (built_site / "assets/javascripts/glightbox.min.js").is_file()
    assert (built_site / "assets/stylesheets/glightbox.min.css").is_file()


def test_consent_is_off_by_default(built_site: Path) -> None:
    soup = page(built_site, POST)
    assert soup.select_one("[data-md-component=consent]") is None
    assert "googletagmanager" not in str(soup)
    privacy = page(built_site, "privacy").get_text(" ")
    assert "no cookies" in privacy and "None are enabled on this site" in privacy
