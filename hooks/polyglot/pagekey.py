"""The key of a rendered page: everything its template can read, digested.

A page's HTML is a function of the templates (and the site config, data and code: the
build-wide part of the key) and of the page-specific objects the template reads: the page
(content, table of contents, metadata, neighbours, ancestors), the navigation (titles,
URLs, which items are active), and on blog pages the posts and authors they show. The
digest below reads those objects by attribute (MkDocs and Material objects, duck-typed).

Values it does not know how to digest get a token unique to the build, so a page that
shows one is never reused from another build: unknown means re-render, never stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import re
import secrets
import types
from collections.abc import Iterable, Mapping
from typing import Any

PAGE_ATTRS = ("title", "url", "canonical_url", "abs_url", "edit_url", "is_homepage", "is_index", "active")

# Objects pickled as pickle itself writes them: dates and times (by value), and the classes and
# functions their reductions name (by qualified name). ``None``, ``bool``, ``int``, ``float``,
# ``bytes``, ``str`` and exact ``dict``, ``list``, ``tuple``, ``set`` and ``frozenset`` never
# reach :meth:`_KeyPickler.reducer_override` (pickle's own fast paths, in C).
_NATIVE = (dt.datetime, dt.date, dt.time, dt.timedelta, dt.tzinfo, type, types.FunctionType, types.BuiltinFunctionType)
# Times with a fixed-offset time zone (a post's dates) are written as text instead: about
# 4 µs instead of 9 (pickle names the datetime's, the zone's and its offset's classes).
# Exact types only; the zone's repr holds all of it (offset and name); the fold says which
# of two equal wall-clock times is meant.
_TIMES = (dt.datetime, dt.time)


# The classes reductions name, written as references to the memo's entries (the same
# places in every digest): the reductions below (``tuple``) and those of dates and times.
_KNOWN = (tuple, dt.datetime, dt.date, dt.time, dt.timedelta, dt.timezone)
_KNOWN_MEMO = {id(value): (index, value) for index, value in enumerate(_KNOWN)}


class _Failed:
    """Written in place of a value pickle could not write (as the build's token)."""


_FAILED = _Failed()


class _KeyPickler(pickle.Pickler):
    """Pickle as a digest's serialisation: every value written with its type, in C for plain
    data; anything else goes through :meth:`reducer_override`. Fast mode keeps no memo, so
    the bytes are the value's structure alone, not which of its parts are the same object.
    It holds no reference to its :class:`Digest` (no cycle for the collector per key)."""

    def __init__(self, file: io.BytesIO, build_token: str, shared: dict[int, tuple[Any, str]]) -> None:
        super().__init__(file, protocol=5)
        self.fast = True  # no memo: a cycle raises ValueError instead of being written
        # ... but what the memo holds from the start is written as a reference to it: the
        # classes every reduction names, by their place in _KNOWN (pickle would otherwise
        # import and look each up again, about 1.3 µs, for every value it reduces).
        self.memo = _KNOWN_MEMO
        self.build_token = build_token
        self.shared = shared

    def reducer_override(self, obj: Any) -> Any:
        """What pickle writes for a value it has no fast path for: a reduction to
        ``tuple((tag, ...))`` (which no plain tuple pickles as), or ``NotImplemented`` for
        pickle's own reduction."""
        kind = type(obj)
        if kind in _TIMES and type(obj.tzinfo) is dt.timezone:
            return tuple, ((f"when:{kind.__name__}", obj.isoformat(), repr(obj.tzinfo), obj.fold),)
        if isinstance(obj, _NATIVE):
            return NotImplemented
        if obj is _FAILED:
            return tuple, ((f"unpicklable:{self.build_token}",),)
        name = f"{kind.__module__}.{kind.__qualname__}"
        if isinstance(obj, str):  # Markup and other str subclasses: its type and its text
            return tuple, ((f"str:{name}", str.__str__(obj)),)
        if isinstance(obj, (int, float)):
            return tuple, ((f"num:{name}", repr(obj)),)
        if _is_config(obj):
            cached = self.shared.get(id(obj))
            if cached is None or cached[0] is not obj:
                sub = Digest(self.build_token, self.shared).add(list(obj.items()))
                cached = self.shared[id(obj)] = (obj, f"config:{kind.__name__}:{sub.hexdigest()}")
            return tuple, ((cached[1],),)
        if isinstance(obj, Mapping):
            return tuple, ((f"map:{name}", list(obj.items())),)
        if isinstance(obj, (list, tuple)):
            return tuple, ((f"seq:{name}", list(obj)),)
        if isinstance(obj, (set, frozenset)):
            return tuple, ((f"set:{name}", sorted(repr(v) for v in obj)),)
        if is_page(obj):
            return tuple, (page_ref_value(obj),)
        # Unknown: never equal to anything from another build.
        return tuple, ((f"unknown:{name}:{id(obj)}:{self.build_token}",),)


class Digest:
    """A SHA-256 over the values added, each serialised by :class:`_KeyPickler`.

    Pickle writes plain data (the bulk of a page key: metadata, tables of contents, titles
    and URLs) in C, with each value's type, so ``True``, ``1`` and ``1.0``, a string and a
    ``Markup``, a list and a tuple all differ; a pickle is self-delimiting, so values cannot
    run together. Mappings keep their order (equal dicts built in another order digest
    differently: a page rendered again, never a stale one); other objects are reduced
    to what templates read of them (:meth:`_KeyPickler.reducer_override`)."""

    def __init__(self, build_token: str, shared: dict[int, tuple[Any, str]] | None = None) -> None:
        self.build_token = build_token
        # Digests of config objects (authors, post configs) already digested in this build,
        # by id (the object is held, so the id stays its own).
        self.shared = shared if shared is not None else {}
        self._buffer = io.BytesIO()
        self._pickler = _KeyPickler(self._buffer, build_token, self.shared)

    def add(self, *values: Any) -> Digest:
        for value in values:
            at = self._buffer.tell()
            try:
                self._pickler.dump(value)
            except (pickle.PicklingError, ValueError, TypeError, AttributeError, RecursionError):
                # A cycle, too deep, or not picklable by name: never equal to another build's.
                self._buffer.seek(at)
                self._buffer.truncate()
                self._pickler = _KeyPickler(self._buffer, self.build_token, self.shared)  # a fresh state
                self._pickler.dump(_FAILED)
        return self

    def hexdigest(self) -> str:
        return hashlib.sha256(self._buffer.getbuffer()).hexdigest()


def page_ref_value(page: Any) -> tuple[Any, ...]:
    """What a page mentioned by another page is digested as (None: no page)."""
    if page is None:
        return ("page:none",)
    return (
        f"page:{type(page).__name__}",
        getattr(page, "title", None),
        getattr(page, "url", None),
        getattr(page, "is_index", None),
        getattr(page, "meta", None),
    )


def _is_config(value: Any) -> bool:
    """MkDocs ``Config`` objects (post configs, authors) behave as mappings."""
    return callable(getattr(value, "items", None)) and hasattr(value, "load_dict")


def is_page(value: Any) -> bool:
    return hasattr(value, "file") and hasattr(value, "url") and hasattr(value, "title")


def new_build_token() -> str:
    return secrets.token_hex(8)


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


# A template that may read an excerpt's table of contents (any ``toc``), and the theme's
# template of one post in a view (Material: ``partials/post.html``).
_READS_TOC = re.compile(r"\btoc\b")
EXCERPT_TEMPLATES = ("partials/post.html",)


def _reads(pattern: re.Pattern[str], sources: Iterable[str]) -> bool:
    return any(pattern.search(_COMMENT.sub("", source)) for source in sources)


def reads_view_posts(sources: Iterable[str]) -> bool:
    """Whether any template source reads a view's ``posts`` attribute (not the ``posts`` that
    Material's blog views get in their context: the excerpts the page shows)."""
    return _reads(_READS_POSTS, sources)


def reads_toc(sources: Iterable[str]) -> bool:
    """Whether any template source names ``toc`` outside a comment: it may read an
    excerpt's table of contents, which a conversion of the text before the separator
    (``excerpts.prefix_source``) does not give in full."""
    return _reads(_READS_TOC, sources)


def page_digest(digest: Digest, page: Any, *, listed_posts: bool = True) -> None:
    """The page itself, as deep as templates read it (one value, pickled at once).

    ``listed_posts=False`` when no template reads a view's ``posts`` (:func:`reads_view_posts`):
    then a view's key holds how many posts it lists (its pagination), not their titles and
    URLs, as each page of it shows only its own excerpts (digested with the context)."""
    parts: list[Any] = [f"self:{type(page).__name__}", getattr(page.file, "src_uri", None)]
    parts.extend((attr, getattr(page, attr, None)) for attr in PAGE_ATTRS)
    # Every plain value set on the page object, whoever set it: the site's hooks hang the
    # head tags (SEO, JSON-LD, feed links) and the post end-matter (series, related posts,
    # share links) on the page as strings, which the templates print.
    parts.extend(
        (f"attr:{attr}", value)
        for attr, value in sorted(getattr(page, "__dict__", {}).items())
        if isinstance(value, (str, int, float, bool)) and attr not in ("markdown", "content")
    )
    parts.append(("meta", getattr(page, "meta", None)))
    parts.append(("content", hashlib.sha256((page.content or "").encode("utf-8", "surrogatepass")).hexdigest()))
    parts.append(("toc", _toc_plain(getattr(page, "toc", []))))
    parts.append(("previous", page_ref_value(getattr(page, "previous_page", None))))
    parts.append(("next", page_ref_value(getattr(page, "next_page", None))))
    ancestors = getattr(page, "ancestors", []) or []
    parts.append(
        ("ancestors", [(type(a).__name__, getattr(a, "title", None), getattr(a, "url", None)) for a in ancestors])
    )
    # Blog posts and views (Material): their configuration, authors and categories.
    parts.extend((attr, getattr(page, attr)) for attr in ("config", "authors", "categories") if hasattr(page, attr))
    if hasattr(page, "posts"):  # a view: which posts, in which order (or how many)
        parts.append(("posts", _listed_posts(digest, page.posts) if listed_posts else len(page.posts)))
    if hasattr(page, "pages"):  # a paginated view: which page of how many
        parts.append(("pages", [getattr(p, "url", None) for p in page.pages]))
    digest.add(parts)


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
    digest.add(
        (
            "excerpt",
            getattr(excerpt, "title", None),
            getattr(excerpt, "url", None),
            hashlib.sha256((excerpt.content or "").encode("utf-8", "surrogatepass")).hexdigest(),
            bool(getattr(excerpt, "more", None)),
            getattr(excerpt, "meta", None),
            [(attr, getattr(excerpt, attr, None)) for attr in ("config", "authors", "categories")],
            _toc_plain(getattr(excerpt, "toc", [])),
        )
    )


def nav_digest(digest: Digest, items: Iterable[Any]) -> None:
    """The navigation: every item's kind, title, URL, metadata and whether it is active."""
    digest.add(_nav_plain(items))


def _nav_plain(items: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [
        (
            type(item).__name__,
            getattr(item, "title", None),
            getattr(item, "url", None),
            getattr(item, "is_index", None),
            getattr(item, "meta", None),
            _nav_plain(getattr(item, "children", None) or []),
        )
        for item in items or []
    ]


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
