"""Root files (robots.txt, llms.txt, manifest), share links, consent config, lightbox tags."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from polyglot.lightbox import defer
from polyglot.models import Privacy
from polyglot.privacy import extra_config
from polyglot.share import share_links
from polyglot.site_files import Entry, llms_txt, manifest, robots_txt

GISCUS = {"repo": "o/r", "repo_id": "R_1", "category": "Comments", "category_id": "DIC_1"}


def test_robots_allows_all_and_points_at_the_sitemap() -> None:
    assert robots_txt("https://e.org/sub/") == "User-agent: *\nAllow: /\n\nSitemap: https://e.org/sub/sitemap.xml\n"


def test_llms_txt_lists_sections_with_descriptions() -> None:
    text = llms_txt(
        "Site",
        "Tagline.",
        "What the\n site is.",
        [
            ("Posts", [Entry("A [draft] idea", "https://e.org/a/", "First.\nSecond.")]),
            ("Pages", [Entry("About", "https://e.org/about/", "")]),
            ("Empty", []),
        ],
    )
    assert text.startswith("# Site\n\n> Tagline.\n\nWhat the site is.\n")
    assert "## Posts\n\n- [A (draft) idea](https://e.org/a/): First. Second.\n" in text
    assert "- [About](https://e.org/about/)\n" in text
    assert "## Empty" not in text


def test_manifest_is_installable_json() -> None:
    data = json.loads(
        manifest("Site", "S", "About\nit", theme_color="#111", background_color="#fff", icons=[("i.png", 192)])
    )
    assert data["name"] == "Site" and data["start_url"] == "./" and data["display"] == "standalone"
    assert data["icons"] == [{"src": "i.png", "sizes": "192x192", "type": "image/png", "purpose": "any"}]
    assert data["description"] == "About it"


def test_share_links_are_plain_urls_with_title_and_address() -> None:
    links = {link["name"]: link["href"] for link in share_links("https://e.org/p/", "A & B", "Desc")}
    assert set(links) == {"X", "LinkedIn", "Hacker News", "Reddit", "Email"}
    assert parse_qs(urlsplit(links["X"]).query) == {"text": ["A & B"], "url": ["https://e.org/p/"]}
    assert parse_qs(urlsplit(links["Hacker News"]).query) == {"u": ["https://e.org/p/"], "t": ["A & B"]}
    assert parse_qs(urlsplit(links["Reddit"]).query)["url"] == ["https://e.org/p/"]
    assert parse_qs(urlsplit(links["LinkedIn"]).query) == {"url": ["https://e.org/p/"]}
    email = links["Email"]
    assert email.startswith("mailto:?subject=A%20%26%20B&body=")
    assert "https%3A%2F%2Fe.org%2Fp%2F" in email


def test_privacy_is_off_by_default() -> None:
    assert extra_config(Privacy()) == {}
    assert Privacy().any is False


def test_analytics_and_comments_wait_for_unticked_consent() -> None:
    privacy = Privacy.model_validate({"analytics": {"provider": "google", "property": "G-ABC123"}, "comments": GISCUS})
    extra = extra_config(privacy)
    assert extra["analytics"] == {"provider": "google", "property": "G-ABC123"}
    cookies = extra["consent"]["cookies"]
    assert set(cookies) == {"analytics", "comments"}
    assert all(cookie["checked"] is False for cookie in cookies.values())
    assert "reject" in extra["consent"]["actions"]


def test_comments_alone_ask_for_consent_without_analytics() -> None:
    extra = extra_config(Privacy.model_validate({"comments": GISCUS}))
    assert "analytics" not in extra and set(extra["consent"]["cookies"]) == {"comments"}


def test_defer_removes_the_lightbox_plugins_injected_tags() -> None:
    page = (
        '<head><link href="../assets/stylesheets/glightbox.min.css" rel="stylesheet">'
        '<script src="../assets/javascripts/glightbox.min.js"></script>'
        '<style id="glightbox-style">\nhtml.glightbox-open { overflow: initial; }\n</style></head>'
        '<body><a class="glightbox" href="a.png"><img src="a.png"></a>'
        '<script id="init-glightbox">const lightbox = GLightbox({});\n</script></body>'
    )
    out = defer(page)
    assert out == '<head></head><body><a class="glightbox" href="a.png"><img src="a.png"></a></body>'
