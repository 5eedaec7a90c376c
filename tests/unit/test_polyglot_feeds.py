"""``polyglot.feeds``: feed settings per category and item content with absolute URLs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.unit.postfactory import make_post

from polyglot.feeds import (
    absolutize,
    blog_feed,
    category_feeds,
    item_content,
    match_exactly,
    plugin_options,
    scan_categories,
)


def test_match_exactly_matches_only_the_listed_paths() -> None:
    pattern = re.compile(match_exactly(["blog/posts/a.md", "blog/posts/a+b.md"]))
    assert pattern.match("blog/posts/a.md") and pattern.match("blog/posts/a+b.md")
    assert not pattern.match("blog/posts/a.md.bak") and not pattern.match("blog/posts/ab.md")
    assert not re.compile(match_exactly([])).match("blog/posts/a.md")


def test_blog_feed_holds_every_post() -> None:
    feed = blog_feed("Site", "About", "blog")
    assert re.match(feed.match_path, "blog/posts/2026/x.md")
    assert not re.match(feed.match_path, "about.md")
    assert feed.rss == "feed_rss_created.xml" and feed.json == "feed_json_created.json"


def test_category_feeds_hold_their_posts_in_their_folder() -> None:
    posts = [
        make_post("a", categories=("Practical Guides",)),
        make_post("b", categories=("Practical Guides", "Lessons from the Field")),
        make_post("c", categories=("Lessons from the Field",)),
    ]
    feeds = category_feeds("Site", [("Practical Guides", "How-tos"), ("Empty", "None yet")], posts, "blog")
    guides, empty = feeds
    assert guides.title == "Site: Practical Guides" and guides.description == "How-tos"
    assert guides.rss == "category-practical-guides-feed_rss_created.xml"
    assert guides.json == "category-practical-guides-feed_json_created.json"
    matched = [p.src_uri for p in posts if re.match(guides.match_path, p.src_uri)]
    assert matched == ["blog/posts/a.md", "blog/posts/b.md"]
    assert not any(re.match(empty.match_path, p.src_uri) for p in posts)


def test_plugin_options_read_dates_from_front_matter_and_never_git() -> None:
    options = plugin_options(blog_feed("S", "D", "blog"), length=5, image="https://e.org/i.png")
    assert options["use_git"] is False
    assert options["use_material_social_cards"] is False
    assert options["date_from_meta"] == {"as_creation": "date.created", "as_update": "date.updated"}
    assert options["length"] == 5 and options["image"] == "https://e.org/i.png"
    assert "image" not in plugin_options(blog_feed("S", "D", "blog"))


def test_absolutize_rewrites_links_images_and_srcsets() -> None:
    html = '<a href="../x/">x</a><img src="img.png" srcset="a.png 1x, b.png 2x"><a href="https://o.org/">o</a>'
    out = absolutize(html, "https://e.org/blog/post/")
    assert 'href="https://e.org/blog/x/"' in out
    assert 'src="https://e.org/blog/post/img.png"' in out
    assert 'srcset="https://e.org/blog/post/a.png 1x, https://e.org/blog/post/b.png 2x"' in out
    assert 'href="https://o.org/"' in out


def test_item_content_is_the_excerpt_or_the_full_text() -> None:
    html = '<p>Intro <a href="a/">a</a></p>\n<!-- more -->\n<p>Rest</p>'
    assert item_content(html, "https://e.org/p/") == '<p>Intro <a href="https://e.org/p/a/">a</a></p>'
    full = item_content(html, "https://e.org/p/", "full")
    assert "Rest" in full and "<!-- more -->" not in full
    with pytest.raises(ValueError, match="excerpt, full"):
        item_content(html, "https://e.org/p/", "summary")


def test_scan_categories_reads_posts_and_skips_broken_ones(tmp_path: Path) -> None:
    posts = tmp_path / "blog" / "posts"
    posts.mkdir(parents=True)
    (posts / "ok.md").write_text("---\ncategories: [A, B]\ndraft: true\n---\nx\n", "utf-8")
    (posts / "no-front-matter.md").write_text("x\n", "utf-8")
    (posts / "bad-categories.md").write_text("---\ncategories: A\n---\nx\n", "utf-8")
    (posts / "binary.md").write_bytes(b"\xff\xfe\x00")
    found = scan_categories(tmp_path, "blog")
    assert [(p.src_uri, p.meta.categories, p.meta.draft) for p in found] == [("blog/posts/ok.md", ["A", "B"], True)]
    assert scan_categories(tmp_path, "elsewhere") == []
    (posts / "other.md").write_text("---\ncategories: [C]\n---\nx\n", "utf-8")
    found = scan_categories(tmp_path, "blog")  # each post keeps its own values
    assert [(p.src_uri, p.meta.categories, p.meta.draft) for p in found] == [
        ("blog/posts/ok.md", ["A", "B"], True),
        ("blog/posts/other.md", ["C"], False),
    ]
