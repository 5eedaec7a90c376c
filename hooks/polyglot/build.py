"""The state of one build: validated data, posts, and the renderers built from them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from .cards import Card
from .csp import DEFAULT_POLICY
from .cssinline import Sheets
from .loader import SiteData
from .posts import Post
from .related import related, related_all
from .series import series_of
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
    _related: dict[str, list[Post]] | None = field(default=None, repr=False)
    _post_index: tuple[list[Post], int, dict[str, Post]] | None = field(default=None, repr=False)
    _fingerprints: dict[str, tuple[Post, str]] = field(default_factory=dict, repr=False)

    def related_to(self, post: Post) -> list[Post]:
        """``related.related(post, self.posts)``, computed for every post at the first call
        (pages are rendered once the posts are all read)."""
        if self._related is None:
            self._related = related_all(self.posts, include_drafts=self.include_drafts)
        found = self._related.get(post.src_uri)
        if found is None:  # not one of the build's posts
            return related(post, self.posts, include_drafts=self.include_drafts)
        return list(found)

    # What the site's page hooks (``pagemeta``: head tags, end matter, social card, llms.txt
    # entry) read besides the page itself and the site's data, config, templates and code. A
    # serve rebuild skips a page whose inputs did not change (``polyglot.pageskip``): a read
    # added to those hooks must be listed here, or that rebuild can leave the page stale.

    def build_inputs(self) -> list[Any]:
        """The build-wide inputs, as plain data (the same for every page of the build)."""
        return [
            self.site_url,
            self.language,
            self.include_drafts,
            self.blog_dir,
            sorted(self.urls.items()),
            sorted((k, list(v)) for k, v in self.csp_policy.items()),
            self.sheets.digest if self.sheets is not None else None,
        ]

    def page_inputs(self, src_uri: str) -> list[str | None]:
        """A page's inputs from other pages: for a post, the posts its end matter shows (its
        series, related posts), each as :meth:`post_fingerprint`; none for another page (its
        head reads the site's data and the page's own ancestors, in its page key)."""
        post = self.post_at(src_uri)
        if post is None:
            return []
        found = series_of(post, self.posts, include_drafts=self.include_drafts)
        shown = [post, None, *(found.parts if found else []), None, *self.related_to(post)]
        return [None if p is None else self.post_fingerprint(p) for p in shown]

    def post_fingerprint(self, post: Post) -> str:
        """Everything the build knows of a post, digested (once per build: the posts' models
        are complete before pages are built)."""
        found = self._fingerprints.get(post.src_uri)
        if found is None or found[0] is not post:
            data = [
                post.src_uri,
                self.urls.get(post.src_uri),
                post.meta.model_dump(mode="json"),
                post.readtime,
                post.excerpt,
            ]
            text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
            found = self._fingerprints[post.src_uri] = (post, hashlib.sha256(text.encode("utf-8")).hexdigest())
        return found[1]

    def post_at(self, src_uri: str) -> Post | None:
        """The first post read from ``src_uri`` (looked up by an index of the posts list)."""
        posts = self.posts
        if self._post_index is None or self._post_index[0] is not posts or self._post_index[1] != len(posts):
            index: dict[str, Post] = {}
            for post in posts:
                index.setdefault(post.src_uri, post)
            self._post_index = (posts, len(posts), index)
        return self._post_index[2].get(src_uri)

    def url_of(self, src_uri: str) -> str:
        """The site-root-relative URL MkDocs gave a source file (e.g. ``blog/``)."""
        try:
            return self.urls[src_uri]
        except KeyError:
            raise KeyError(f"no page built from docs/{src_uri}") from None
