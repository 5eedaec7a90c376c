"""The key of a rendered page: everything its template can read, digested.

A page's HTML is a function of the templates (and the site config, data and code: the
build-wide part of the key) and of the page-specific objects the template reads: the page
(content, table of contents, metadata, neighbours, ancestors), the navigation (titles,
URLs, which items are active), and on blog pages the posts and authors they show. The
walk below reads those objects by attribute (MkDocs and Material objects, duck-typed).

Values it does not know how to digest get a token unique to the build, so a page that
shows one is never reused from another build: unknown means re-render, never stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup

PAGE_ATTRS = ("title", "url", "canonical_url", "abs_url", "edit_url", "is_homepage", "is_index", "active")


# Exact scalar types, what :meth:`Digest._walk` writes before their text, and how it gets the
# text (subclasses other than ``Markup`` take the general path, which writes their type's name).
_SCALARS: dict[type, tuple[str, Callable[[Any], str]]] = {
    str: ("str:", str.__repr__),
    Markup: ("Markup:", str.__repr__),  # its own __repr__ is Python code; the prefix tells them apart
    int: ("int:", int.__repr__),
    float: ("float:", float.__repr__),
    bool: ("bool:", bool.__repr__),
    type(None): ("NoneType:", repr),
}
_MAX_DEPTH = 40


class Digest:
    """A SHA-256 over a structural walk of values.

    Each written piece is kept as its length and its text, and all of them are hashed at once
    in :meth:`hexdigest` (one encoding and one hash call per key instead of three per value:
    a page's key writes a few hundred values)."""

    def __init__(self, build_token: str, shared: dict[int, tuple[Any, str]] | None = None) -> None:
        self._parts: list[str] = []
        self.build_token = build_token
        # Digests of config objects (authors, post configs) already walked in this build,
        # by id (the object is held, so the id stays its own).
        self.shared = shared if shared is not None else {}

    def add(self, *values: Any) -> Digest:
        for value in values:
            self._walk(value, 0)
        return self

    def hexdigest(self) -> str:
        return hashlib.sha256("".join(self._parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _write(self, text: str) -> None:
        self._parts.append(f"{len(text)}:{text}")  # length first: the pieces cannot run together

    def _walk(self, value: Any, depth: int) -> None:
        scalar = _SCALARS.get(type(value))  # the commonest values first (exact types only)
        if scalar is not None and depth <= _MAX_DEPTH:
            text = scalar[0] + scalar[1](value)
            self._parts.append(f"{len(text)}:{text}")
            return
        if depth > _MAX_DEPTH:
            self._write(f"deep:{self.build_token}")
            return
        if type(value) is dict and depth < _MAX_DEPTH:
            self._plain_map(value, depth)
        elif (type(value) is list or type(value) is tuple) and depth < _MAX_DEPTH:
            self._plain_seq(value, depth)
        elif value is None or isinstance(value, (str, int, float, bool)):
            self._write(f"{type(value).__name__}:{value!r}")
        elif isinstance(value, (dt.datetime, dt.date, dt.time)):
            self._write(f"{type(value).__name__}:{value.isoformat()}")
        elif _is_config(value):
            cached = self.shared.get(id(value))
            if cached is None or cached[0] is not value:
                sub = Digest(self.build_token, self.shared)
                sub._walk(dict(value.items()), depth + 1)
                cached = self.shared[id(value)] = (value, f"config:{type(value).__name__}:{sub.hexdigest()}")
            self._write(cached[1])
        elif isinstance(value, Mapping):
            items = sorted(((str(k), v) for k, v in value.items()), key=lambda kv: kv[0])
            self._write(f"map:{type(value).__name__}:{len(items)}")
            for key, item in items:
                self._write(key)
                self._walk(item, depth + 1)
        elif isinstance(value, (list, tuple)):
            self._write(f"seq:{len(value)}")
            for item in value:
                self._walk(item, depth + 1)
        elif isinstance(value, (set, frozenset)):
            self._write(f"set:{len(value)}")
            for text in sorted(repr(v) for v in value):
                self._write(text)
        elif is_page(value):
            self.page_ref(value)
        else:
            # Unknown: never equal to anything from another build.
            self._write(f"unknown:{type(value).__module__}.{type(value).__qualname__}:{id(value)}:{self.build_token}")

    def _plain_map(self, value: dict[Any, Any], depth: int) -> None:
        """A ``dict``, written as the general Mapping path writes it, scalars inline."""
        if all(type(k) is str for k in value):
            items = [(k, value[k]) for k in sorted(value)]
        else:
            items = sorted(((str(k), v) for k, v in value.items()), key=lambda kv: kv[0])
        head = f"map:dict:{len(items)}"
        self._parts.append(f"{len(head)}:{head}")
        self._inline(items, depth + 1)

    def _plain_seq(self, value: list[Any] | tuple[Any, ...], depth: int) -> None:
        """A ``list`` or ``tuple``, written as the general sequence path writes it, scalars inline."""
        head = f"seq:{len(value)}"
        self._parts.append(f"{len(head)}:{head}")
        self._inline([(None, item) for item in value], depth + 1)

    def _inline(self, items: Iterable[tuple[str | None, Any]], depth: int) -> None:
        """Each item's key (when it has one), then its value: an exact scalar written here,
        anything else walked."""
        parts = self._parts
        for key, item in items:
            if key is not None:
                parts.append(f"{len(key)}:{key}")
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                text = scalar[0] + scalar[1](item)
                parts.append(f"{len(text)}:{text}")
            else:
                self._walk(item, depth)

    def page_ref(self, page: Any) -> None:
        """A page another page mentions: its kind, title, URL and metadata."""
        if page is None:
            self._write("page:none")
            return
        self._write(f"page:{type(page).__name__}")
        for attr in ("title", "url", "is_index"):
            self._walk(getattr(page, attr, None), 1)
        self._walk(getattr(page, "meta", None), 1)


def _is_config(value: Any) -> bool:
    """MkDocs ``Config`` objects (post configs, authors) behave as mappings."""
    return callable(getattr(value, "items", None)) and hasattr(value, "load_dict")


def is_page(value: Any) -> bool:
    return hasattr(value, "file") and hasattr(value, "url") and hasattr(value, "title")


def new_build_token() -> str:
    return secrets.token_hex(8)


def _toc(digest: Digest, items: Iterable[Any]) -> None:
    digest.add(_toc_plain(items))  # one nested list of tuples: its scalars are written inline


def _toc_plain(items: Iterable[Any]) -> list[tuple[Any, ...]]:
    """A table of contents as plain data: each item's id, title, URL, level and children."""
    return [
        (
            getattr(item, "id", None),
            getattr(item, "title", None),
            getattr(item, "url", None),
            getattr(item, "level", None),
            _toc_plain(getattr(item, "children", None) or []),
        )
        for item in items or []
    ]


# A template reading a view's list of posts (``page.posts``, ``view.posts``, ``x["posts"]``).
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)  # a Jinja comment reads nothing
_READS_POSTS = re.compile(r"""\.posts\b|\[\s*['"]posts['"]\s*\]|attr\(\s*['"]posts['"]""")


def reads_view_posts(sources: Iterable[str]) -> bool:
    """Whether any template source reads a view's ``posts`` attribute (not the ``posts`` that
    Material's blog views get in their context: the excerpts the page shows)."""
    return any(_READS_POSTS.search(_COMMENT.sub("", source)) for source in sources)


def page_digest(digest: Digest, page: Any, *, listed_posts: bool = True) -> None:
    """The page itself, as deep as templates read it.

    ``listed_posts=False`` when no template reads a view's ``posts`` (:func:`reads_view_posts`):
    then a view's key holds how many posts it lists (its pagination), not their titles and
    URLs, as each page of it shows only its own excerpts (digested with the context)."""
    digest.add(f"self:{type(page).__name__}", getattr(page.file, "src_uri", None))
    for attr in PAGE_ATTRS:
        digest.add(attr, getattr(page, attr, None))
    # Every plain value set on the page object, whoever set it: the site's hooks hang the
    # head tags (SEO, JSON-LD, feed links) and the post end-matter (series, related posts,
    # share links) on the page as strings, which the templates print.
    for attr, value in sorted(getattr(page, "__dict__", {}).items()):
        if isinstance(value, (str, int, float, bool)) and attr not in ("markdown", "content"):
            digest.add(f"attr:{attr}", value)
    digest.add("meta", getattr(page, "meta", None))
    digest.add("content", hashlib.sha256((page.content or "").encode("utf-8", "surrogatepass")).hexdigest())
    _toc(digest, getattr(page, "toc", []))
    digest.add("previous")
    digest.page_ref(getattr(page, "previous_page", None))
    digest.add("next")
    digest.page_ref(getattr(page, "next_page", None))
    digest.add("ancestors")
    for ancestor in getattr(page, "ancestors", []) or []:
        digest.add(type(ancestor).__name__, getattr(ancestor, "title", None), getattr(ancestor, "url", None))
    # Blog posts and views (Material): their configuration, authors and categories.
    for attr in ("config", "authors", "categories"):
        if hasattr(page, attr):
            digest.add(attr, getattr(page, attr))
    if hasattr(page, "posts"):  # a view: which posts, in which order (or how many)
        digest.add("posts", _listed_posts(digest, page.posts) if listed_posts else len(page.posts))
    if hasattr(page, "pages"):  # a paginated view: which page of how many
        digest.add("pages", [getattr(p, "url", None) for p in page.pages])


def _titles_and_urls(posts: Iterable[Any]) -> list[tuple[Any, Any]]:
    return [(getattr(p, "title", None), getattr(p, "url", None)) for p in posts]


def _listed_posts(digest: Digest, posts: Any) -> str:
    """The titles and URLs of a view's posts, in order, digested once per list and build.

    Every page of a paginated view holds the same list of all its posts (Material): the blog
    index of a 500-post blog has 50 pages, each listing 500 posts. Pages render after the
    views and their lists are complete; a list whose length changed is digested again."""
    if not isinstance(posts, list):
        return Digest(digest.build_token).add(_titles_and_urls(posts)).hexdigest()
    cached = digest.shared.get(id(posts))
    if cached is None or cached[0] is not posts or not cached[1].startswith(f"posts:{len(posts)}:"):
        sub = Digest(digest.build_token, digest.shared).add(_titles_and_urls(posts))
        cached = digest.shared[id(posts)] = (posts, f"posts:{len(posts)}:{sub.hexdigest()}")
    return cached[1]


def excerpt_digest(digest: Digest, excerpt: Any) -> None:
    """A post as a view lists it (Material's ``Excerpt``)."""
    digest.add("excerpt", getattr(excerpt, "title", None), getattr(excerpt, "url", None))
    digest.add(hashlib.sha256((excerpt.content or "").encode("utf-8", "surrogatepass")).hexdigest())
    digest.add(bool(getattr(excerpt, "more", None)), getattr(excerpt, "meta", None))
    for attr in ("config", "authors", "categories"):
        digest.add(attr, getattr(excerpt, attr, None))
    _toc(digest, getattr(excerpt, "toc", []))


def nav_digest(digest: Digest, items: Iterable[Any]) -> None:
    """The navigation: every item's kind, title, URL, metadata and whether it is active."""
    items = list(items or [])
    digest.add(f"nav:{len(items)}")
    for item in items:
        digest.add(type(item).__name__, getattr(item, "title", None), getattr(item, "url", None))
        digest.add(getattr(item, "is_index", None), getattr(item, "meta", None))
        nav_digest(digest, getattr(item, "children", None) or [])


def nav_active(digest: Digest, items: Iterable[Any]) -> None:
    """Which navigation items are active (the rest of the navigation: :func:`nav_digest`),
    as one piece: a flag per item, in the order :func:`nav_digest` walks them."""
    flags: list[str] = []
    _active_flags(items, flags)
    digest.add("active:" + "".join(flags))


def _active_flags(items: Iterable[Any], flags: list[str]) -> None:
    for item in items or []:
        flags.append("1" if getattr(item, "active", False) else "0")
        _active_flags(getattr(item, "children", None) or [], flags)
