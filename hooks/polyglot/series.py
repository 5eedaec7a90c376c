"""Post series: posts sharing ``series: <name>`` in front matter, in date order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .posts import Post, is_published


@dataclass(frozen=True)
class Series:
    """One post's place in its series."""

    name: str
    parts: list[Post]
    index: int

    @property
    def current(self) -> Post:
        return self.parts[self.index]

    @property
    def previous(self) -> Post | None:
        return self.parts[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Post | None:
        return self.parts[self.index + 1] if self.index + 1 < len(self.parts) else None


def parts(name: str, posts: Iterable[Post], *, include_drafts: bool = False) -> list[Post]:
    """The published posts of series ``name``, oldest first (ties by title)."""
    members = [p for p in posts if p.meta.series == name and is_published(p, include_drafts=include_drafts)]
    members.sort(key=lambda p: (p.meta.created, p.meta.title))
    return members


def series_of(post: Post, posts: Iterable[Post], *, include_drafts: bool = False) -> Series | None:
    """``post``'s series, or None when it is in none (or is the only visible part)."""
    name = post.meta.series
    if name is None:
        return None
    members = parts(name, posts, include_drafts=include_drafts)
    ids = [p.src_uri for p in members]
    if post.src_uri not in ids or len(members) < 2:
        return None
    return Series(name=name, parts=members, index=ids.index(post.src_uri))
