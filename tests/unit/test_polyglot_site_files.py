"""Root files (robots.txt, llms.txt, manifest), share links, consent config, lightbox tags."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from polyglot.csp import merge_sources
from polyglot.lightbox import carry_alt, defer
from polyglot.models import Privacy
from polyglot.privacy import csp_sources, extra_config
from polyglot.share import share_links
from polyglot.site_files import Entry, llms_txt, manifest, robots_txt

GISCUS = {"repo": "o/r", "repo_id": "R_1", "category": "Comments", "category_id": "DIC_1"}
ANALYTICS = {"provider": "google", "property": "G-ABC123"}


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


def test_no_service_opens_the_policy_by_default() -> None:
    assert csp_sources(Privacy(), None) is None
    assert csp_sources(Privacy(), {"img-src": ["https://img.example.org"]}) == {"img-src": ["https://img.example.org"]}


def test_enabled_services_open_only_their_own_hosts_and_keep_the_authors_sources() -> None:
    comments = Privacy.model_validate({"comments": GISCUS})
    author = {"img-src": ["https://img.example.org"], "frame-src": ["https://giscus.app"]}
    sources = csp_sources(comments, author)
    assert sources == {
        "img-src": ["https://img.example.org"],
        "frame-src": ["https://giscus.app"],
        "script-src": ["https://giscus.app"],
        "style-src": ["https://giscus.app"],
    }
    assert author["frame-src"] == ["https://giscus.app"], "the author's mapping is not changed in place"
    policy = merge_sources(sources)
    assert policy["script-src"] == ("'self'", "https://giscus.app")
    assert not any("google" in s for v in policy.values() for s in v)
    both = merge_sources(csp_sources(Privacy.model_validate({"comments": GISCUS, "analytics": ANALYTICS}), None))
    assert "https://*.googletagmanager.com" in both["script-src"] and "https://giscus.app" in both["script-src"]
    assert "https://*.google-analytics.com" in both["connect-src"]


def test_a_malformed_csp_setting_reaches_the_policys_own_validation() -> None:
    comments = Privacy.model_validate({"comments": GISCUS})
    assert csp_sources(comments, ["https://x.org"]) == ["https://x.org"]
    assert csp_sources(comments, {"script-src": "https://x.org"})["script-src"] == "https://x.org"


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


def test_lightbox_links_carry_their_images_alt_text_escaped() -> None:
    html = (
        '<a class="glightbox" data-type="image" href="a.png">'
        '<img alt="Chart &lt;p99&gt; &amp; &quot;q&quot;" src="a.png"></a>'
        '<a class="other" href="b.png"><img alt="Not mine" src="b.png"></a>'
        '<a class="glightbox" data-alt="kept" href="c.png"><img alt="ignored" src="c.png"></a>'
    )
    out = carry_alt(html)
    assert 'data-alt="Chart &lt;p99&gt; &amp; &quot;q&quot;"><img alt="Chart' in out
    assert '<a class="other" href="b.png"><img' in out
    assert 'data-alt="kept" href="c.png">' in out and out.count("data-alt=") == 2
    assert defer(html) == out
