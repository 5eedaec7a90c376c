"""Data that reaches templates and Markdown which do not escape it, escaped once here.

Our partials autoescape, but Material's templates print ``page.title``,
``page.meta.description`` and the blog's author names as they are, and mkdocs-macros
pastes ``{{ person("id").name }}`` into Markdown as it is. Values handed to them are
wrapped in :class:`markupsafe.Markup` (already-escaped text): printed raw they are
safe, and filters that escape (``| e``) leave them alone instead of escaping twice.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from markupsafe import Markup, escape

ESCAPED_META = ("title", "description")


def text(value: Any) -> Any:
    """``value`` as escaped markup if it is a string; anything else unchanged."""
    return escape(value) if isinstance(value, str) else value


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape a page's front-matter title and description in place (idempotent)."""
    for key in ESCAPED_META:
        if key in meta:
            meta[key] = text(meta[key])


def pin_title(meta: MutableMapping[str, Any], title: str | None) -> None:
    """Keep a page's title (from the nav or its first heading: already HTML) as its meta title.

    MkDocs keeps a heading's entities (``&lt;``), but Material prints a title that is not
    in the front matter through ``striptags``, which decodes them again; a meta title is
    printed as it is. Front-matter titles are escaped by :func:`escape_meta` instead.
    """
    if title and "title" not in meta:
        meta["title"] = Markup(title)


class EscapedView:
    """Read-only view of a model whose strings come out HTML-escaped (recursively)."""

    __slots__ = ("_obj",)

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __getattr__(self, name: str) -> Any:
        return view(getattr(self._obj, name))

    def __getitem__(self, key: Any) -> Any:
        return view(self._obj[key])

    def __iter__(self) -> Any:
        return (view(v) for v in self._obj)

    def __len__(self) -> int:
        return len(self._obj)

    def __bool__(self) -> bool:  # a model is true even though it has no length
        return bool(self._obj)

    def __str__(self) -> str:
        return str(text(str(self._obj)))

    def __html__(self) -> str:
        return str(self)


def view(value: Any) -> Any:
    """Escaped text for strings, a recursive :class:`EscapedView` for models and containers."""
    if isinstance(value, Markup) or value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {k: view(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [view(v) for v in value]
    return EscapedView(value)
