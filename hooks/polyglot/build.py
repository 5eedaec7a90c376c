"""The state of one build: validated data, posts, and the renderers built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from .cards import Card
from .csp import DEFAULT_POLICY
from .cssinline import Sheets
from .loader import SiteData
from .posts import Post
from .site_files import Entry


@dataclass
class Build:
    data: SiteData
    env: Environment
    include_drafts: bool = False
    blog_dir: str = "blog"
    posts: list[Post] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    site_url: str = ""
    language: str = "en"
    cards: dict[str, Card] = field(default_factory=dict)  # card path -> what it says
    entries: dict[str, Entry] = field(default_factory=dict)  # src_uri -> llms.txt line
    nav_order: list[str] = field(default_factory=list)  # src_uris in navigation order
    csp_policy: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_POLICY))
    snippet_processor: Any = None  # pymdownx.snippets' preprocessor, as configured
    snippet_bases: list[str] = field(default_factory=list)
    sheets: Sheets | None = None  # the stylesheets each page gets what it can match of (cssinline)

    def post_at(self, src_uri: str) -> Post | None:
        return next((p for p in self.posts if p.src_uri == src_uri), None)

    def url_of(self, src_uri: str) -> str:
        """The site-root-relative URL MkDocs gave a source file (e.g. ``blog/``)."""
        try:
            return self.urls[src_uri]
        except KeyError:
            raise KeyError(f"no page built from docs/{src_uri}") from None
