"""Feeds: which posts go in which feed, and feed item content with absolute URLs.

The feeds themselves (RSS 2.0 and JSON Feed) are written by mkdocs-rss-plugin; this module
only decides their settings, so the plugin's options stay in one tested place.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .blog import category_slug
from .errors import DataError
from .posts import EXCERPT_SEPARATOR, Post, PostMeta, split_front_matter

RSS_FILE = "feed_rss_created.xml"
JSON_FILE = "feed_json_created.json"
RSS_UPDATED_FILE = "feed_rss_updated.xml"
JSON_UPDATED_FILE = "feed_json_updated.json"
CONTENT_MODES = ("excerpt", "full")

_URL_ATTR = re.compile(r'(\s(?:href|src|poster)=)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)
_SRCSET = re.compile(r'(\ssrcset=)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Feed:
    """One feed: its title, the regex of the posts it holds, and its file names."""

    key: str
    title: str
    description: str
    match_path: str
    rss: str
    json: str
    rss_updated: str
    json_updated: str


def match_exactly(src_uris: Iterable[str]) -> str:
    """A regex matching exactly these source paths (and nothing when there are none)."""
    uris = sorted(set(src_uris))
    if not uris:
        return r"(?!)"
    return "^(?:" + "|".join(re.escape(u) for u in uris) + ")$"


def blog_feed(site_name: str, description: str, blog_dir: str) -> Feed:
    return Feed(
        key="blog",
        title=site_name,
        description=description,
        match_path="^" + re.escape(posixpath.join(blog_dir, "posts", "")) + ".*",
        rss=RSS_FILE,
        json=JSON_FILE,
        rss_updated=RSS_UPDATED_FILE,
        json_updated=JSON_UPDATED_FILE,
    )


def category_feed_dir(blog_dir: str, category: str) -> str:
    return posixpath.join(blog_dir, "category", category_slug(category))


def category_feed_file(category: str, filename: str) -> str:
    """Where a category's feed is written: at the site root, like the blog's own feeds.

    Material fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` it finds (meant for
    language versions); a feed in a subfolder would cost readers a 404 on every page linking it.
    """
    return f"category-{category_slug(category)}-{filename}"


def category_feeds(
    site_name: str, categories: Iterable[tuple[str, str]], posts: Iterable[Post], blog_dir: str
) -> list[Feed]:
    """One feed per category (``(name, description)`` pairs), holding that category's posts."""
    posts = list(posts)
    feeds = []
    for name, description in categories:
        feeds.append(
            Feed(
                key=category_slug(name),
                title=f"{site_name}: {name}",
                description=description,
                match_path=match_exactly(p.src_uri for p in posts if name in p.meta.categories),
                rss=category_feed_file(name, RSS_FILE),
                json=category_feed_file(name, JSON_FILE),
                rss_updated=category_feed_file(name, RSS_UPDATED_FILE),
                json_updated=category_feed_file(name, JSON_UPDATED_FILE),
            )
        )
    return feeds


def plugin_options(feed: Feed, *, length: int = 20, image: str | None = None) -> dict[str, object]:
    """mkdocs-rss-plugin options: dates from front matter, no git, no remote requests."""
    options: dict[str, object] = {
        "match_path": feed.match_path,
        "feed_title": feed.title,
        "feed_description": feed.description,
        "length": length,
        "use_git": False,
        "use_material_social_cards": False,
        "date_from_meta": {"as_creation": "date.created", "as_update": "date.updated"},
        "categories": ["categories", "tags"],
        # The template's output as written. Otherwise the plugin folds every run of spaces and
        # newlines in the whole feed, inside item content too (a code block loses its lines),
        # writing the file one character at a time.
        "pretty_print": True,
        "feeds_filenames": {
            "rss_created": feed.rss,
            "json_created": feed.json,
            "rss_updated": feed.rss_updated,
            "json_updated": feed.json_updated,
        },
    }
    if image:
        options["image"] = image
    return options


def absolutize(html: str, base_url: str) -> str:
    """Make every ``href``/``src``/``srcset`` URL in ``html`` absolute against ``base_url``.

    Feed readers show item content away from the site, where relative links break.
    """

    def one(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}{urljoin(base_url, match.group(3))}{match.group(2)}"

    def srcset(match: re.Match[str]) -> str:
        items = []
        for item in match.group(3).split(","):
            parts = item.strip().split()
            if parts:
                parts[0] = urljoin(base_url, parts[0])
                items.append(" ".join(parts))
        return f"{match.group(1)}{match.group(2)}{', '.join(items)}{match.group(2)}"

    return _SRCSET.sub(srcset, _URL_ATTR.sub(one, html))


def item_content(html: str, page_url: str, mode: str = "excerpt") -> str:
    """A post's feed content: the excerpt (up to ``<!-- more -->``) or the full text."""
    if mode not in CONTENT_MODES:
        raise ValueError(f"feed content must be one of {', '.join(CONTENT_MODES)}, not {mode!r}")
    body = html.split(EXCERPT_SEPARATOR, 1)[0] if mode == "excerpt" else html.replace(EXCERPT_SEPARATOR, "")
    return absolutize(body.strip(), page_url)


def scan_categories(docs_dir: Path, blog_dir: str) -> list[Post]:
    """The blog's posts read for their categories only, before MkDocs collects files.

    Category feeds must know their posts when plugins are configured; a post that does not
    parse is skipped here and reported, naming file and field, by the full validation later.
    """
    folder = docs_dir / blog_dir / "posts"
    found = (scan_post(docs_dir, path) for path in (sorted(folder.rglob("*.md")) if folder.is_dir() else []))
    return [post for post in found if post is not None]


@functools.cache
def _blank_meta() -> PostMeta:
    # One model built, then copied with each post's values: pydantic's model_construct
    # inspects the default factories on every call (0.13 ms a post, a tenth of a second of
    # every 500-post serve rebuild); a copy only replaces the two fields. The scanned posts
    # are read, never changed, so sharing the other (default) values is harmless.
    return PostMeta.model_construct(categories=[], draft=False)


def scan_post(docs_dir: Path, path: Path) -> Post | None:
    """One post file of :func:`scan_categories`: its categories and draft flag, or None when
    they cannot be read."""
    src_uri = path.relative_to(docs_dir).as_posix()
    try:
        raw, body = split_front_matter(path.read_bytes().decode("utf-8-sig"), src_uri)
    except (DataError, UnicodeDecodeError):
        return None
    categories = raw.get("categories")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        return None
    meta = _blank_meta().model_copy(update={"categories": categories, "draft": raw.get("draft") is True})
    return Post(src_uri=src_uri, label=src_uri, meta=meta, body=body)
