"""Series, related posts, covers, drafts, opt-in services and bad input, on fixture copies."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import feedparser
import pytest
import yaml
from PIL import Image

from tests.built.helpers import page
from tests.conftest import copy_project, run_build, url, write_post


@pytest.fixture(scope="module")
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three parts of a series (one draft in between), related posts and a cover."""
    project = copy_project(tmp_path_factory.mktemp("series") / "project")
    images = project / "docs" / "assets" / "images" / "covers"
    images.mkdir(parents=True)
    Image.new("RGB", (960, 540), "#1a5276").save(images / "drift.png")
    series = "series: Drift in production\n"
    write_post(project, "drift-part-two", "2026-02-01", tags="drift", extra=series)
    write_post(project, "drift-part-one", "2026-01-01", tags="drift", extra=series)
    write_post(
        project,
        "drift-part-three",
        "2026-03-01",
        tags="drift",
        extra=series + "cover:\n  src: assets/images/covers/drift.png\n  alt: A drift chart <over> time\n",
    )
    write_post(project, "drift-secret", "2026-02-15", tags="drift", extra=series + "draft: true\n")
    write_post(project, "unrelated", "2026-04-01", category="Lessons from the Field", tags="rust")
    (project / "docs" / "index.md").write_text(
        (project / "docs" / "index.md").read_text("utf-8") + "\n![A test image](assets/images/covers/drift.png)\n",
        "utf-8",
    )
    site_yml = project / "data" / "site.yml"
    data = yaml.safe_load(site_yml.read_text("utf-8"))
    data["feeds"] = {"content": "full"}
    site_yml.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = run_build(project, project / "site")
    assert result.ok, result.log
    return project / "site"


PARTS = [("drift-part-one", "2026-01-01"), ("drift-part-two", "2026-02-01"), ("drift-part-three", "2026-03-01")]


def test_each_part_lists_the_series_in_order_and_marks_itself(series_site: Path) -> None:
    for index, (slug, date) in enumerate(PARTS):
        box = page(series_site, url(slug, date)).select_one(".pe-series")
        assert "Drift in production" in box.select_one(".pe-series__title").get_text()
        assert f"part {index + 1} of 3" in box.get_text()
        items = box.select(".pe-series__part")
        assert [li.get_text(" ", strip=True).removesuffix(" (you are here)") for li in items] == [
            "Drift Part One",
            "Drift Part Two",
            "Drift Part Three",
        ]
        current = box.select(".pe-series__part--current")
        assert len(current) == 1 and current[0] is items[index]
        assert current[0].select_one("[aria-current=page]") is not None and current[0].a is None
        prev, nxt = box.select_one("a.pe-series__prev"), box.select_one("a.pe-series__next")
        assert (prev is None) == (index == 0) and (nxt is None) == (index == 2)
        if nxt is not None:
            assert PARTS[index + 1][0] in nxt["href"]
        if prev is not None:
            assert PARTS[index - 1][0] in prev["href"]
        assert "Secret" not in box.get_text()


def test_related_posts_share_tags_exclude_self_drafts_and_unrelated(series_site: Path) -> None:
    soup = page(series_site, url("drift-part-one", "2026-01-01"))
    titles = [a.get_text(strip=True) for a in soup.select(".pe-related a")]
    # Same tag and category: the newest first.
    assert titles[:2] == ["Drift Part Three", "Drift Part Two"]
    assert "Drift Part One" not in titles and "Drift Secret" not in titles and "Unrelated" not in titles


def test_cover_is_in_the_post_listing_and_og_image_with_size_and_alt(series_site: Path) -> None:
    post = page(series_site, url("drift-part-three", "2026-03-01"))
    img = post.select_one("article img.pe-cover")
    assert (img["width"], img["height"], img["alt"]) == ("960", "540", "A drift chart <over> time")
    og = post.select_one('meta[property="og:image"]')["content"]
    assert og.endswith("assets/images/covers/drift.png")
    assert post.select_one('meta[property="og:image:width"]')["content"] == "960"
    listing = page(series_site, "blog").select_one("img.pe-cover")
    assert listing is not None and listing["alt"] == "A drift chart <over> time"
    assert (series_site / "blog" / listing["src"]).resolve().is_file()


def test_content_images_open_in_the_self_hosted_lightbox(series_site: Path) -> None:
    link = page(series_site, "").select_one("a.glightbox")
    assert link is not None and link.img["alt"] == "A test image"
    assert page(series_site, url("drift-part-three", "2026-03-01")).select_one("a.glightbox img.pe-cover") is None


def test_full_text_feeds_without_drafts(series_site: Path) -> None:
    feed = feedparser.parse((series_site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles == [
        "How this site is built",
        "Welcome to The Polyglot Engineer",
        "Unrelated",
        "Drift Part Three",
        "Drift Part Two",
        "Drift Part One",
    ]
    assert "Body of Unrelated." in feed.entries[2].summary, "feeds.content: full"
    # Code keeps its lines in a full-text feed (the plugin's whitespace folding is off).
    blocks = re.findall(r"<code\b[^>]*>(.*?)</code>", feed.entries[0].summary, re.DOTALL)
    assert any("\n" in block and "flowchart" not in block for block in blocks), blocks[:3]


def test_drafts_are_absent_from_every_output(series_site: Path) -> None:
    for path in series_site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".txt"}:
            assert "Drift Secret" not in path.read_text("utf-8"), path


def test_opt_in_services_wait_for_consent(opted_in_site: Path) -> None:
    soup = page(opted_in_site, "blog/2026/11/16/welcome/")
    form = soup.select_one("[data-md-component=consent] form[name=consent]")
    assert form is not None
    boxes = {i["name"]: i.has_attr("checked") for i in form.select("input[type=checkbox][name]")}
    assert boxes == {"analytics": False, "comments": False}
    slot = soup.select_one(".pe-giscus")
    assert slot["data-repo"] == "owner/repo" and slot["data-category-id"] == "DIC_y"
    assert soup.select_one("script[src*='giscus']") is None, "loaded by site.js after consent only"
    assert "consent&&consent.analytics&&__md_analytics()" in str(soup)
    privacy = page(opted_in_site, "privacy").get_text(" ")
    assert "Google Analytics" in privacy and "owner/repo" in privacy and "G-TEST123" in privacy


def test_social_cards_can_be_switched_off(opted_in_site: Path) -> None:
    assert not (opted_in_site / "assets" / "images" / "social").exists()
    soup = page(opted_in_site, "philosophy")
    assert soup.select_one('meta[property="og:image"]') is None
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary"


def build(project: Path) -> tuple[bool, str]:
    result = run_build(project, project / "site")
    return result.ok, result.log


def test_series_part_with_a_bad_date_fails_naming_file_and_field(fixture_project: Path) -> None:
    write_post(fixture_project, "part-one", "2026-01-01", extra="series: S\n")
    write_post(fixture_project, "part-two", "2026-02-30", extra="series: S\n")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/part-two.md: date" in log and "not a date" in log


def test_cover_without_alt_text_fails_naming_file_and_field(fixture_project: Path) -> None:
    write_post(fixture_project, "no-alt", "2026-01-01", extra="cover:\n  src: assets/images/logo.svg\n")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/no-alt.md: cover.alt: missing required field" in log


def test_missing_cover_image_fails_naming_file_and_field(fixture_project: Path) -> None:
    write_post(fixture_project, "lost", "2026-01-01", extra="cover:\n  src: assets/images/lost.png\n  alt: Lost\n")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/lost.md: cover.src: no such file under docs/: assets/images/lost.png" in log


def test_bad_privacy_settings_fail_naming_the_field(fixture_project: Path) -> None:
    site_yml = fixture_project / "data" / "site.yml"
    site_yml.write_text(
        site_yml.read_text("utf-8") + "privacy:\n  analytics:\n    provider: google\n    property: UA-1\n", "utf-8"
    )
    ok, log = build(fixture_project)
    assert not ok
    assert "data/site.yml: privacy.analytics.property" in log


NO_NETWORK = textwrap.dedent(
    """
    import socket

    _connect = socket.socket.connect

    def _guard(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and "/" not in host:
            raise OSError(f"network access attempted during the build: {address!r}")
        return _connect(self, address)

    socket.socket.connect = _guard
    socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError(f"network access: {a!r}"))
    """
)


def test_build_without_git_history_or_network_has_feeds_and_cards(
    fixture_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh copy (no .git) with sockets refused: the build makes no request and still dates the feed."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, "utf-8")
    monkeypatch.setenv("PYTHONPATH", str(guard))
    assert not (fixture_project / ".git").exists()
    ok, log = build(fixture_project)
    assert ok, log
    assert "network access" not in log
    site = fixture_project / "site"
    feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo and feed.entries[-1].published_parsed[:3] == (2026, 11, 16)
    data = json.loads((site / "feed_json_created.json").read_text("utf-8"))
    assert data["items"][0]["date_published"].startswith("2026-11-23")
    assert (site / "assets" / "images" / "social" / "index.png").is_file()
