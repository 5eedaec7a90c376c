"""Related posts: computed at build time from shared tags and categories."""

from __future__ import annotations

from collections.abc import Iterable

from .posts import Post, is_published


def score(post: Post, other: Post) -> int:
    """How related two posts are: one point per shared tag and per shared category."""
    tags = {t.casefold() for t in post.meta.tags} & {t.casefold() for t in other.meta.tags}
    categories = set(post.meta.categories) & set(other.meta.categories)
    return len(tags) + len(categories)


def related(post: Post, posts: Iterable[Post], n: int = 3, *, include_drafts: bool = False) -> list[Post]:
    """Up to ``n`` posts sharing tags or categories with ``post``, most shared first.

    Ties are broken by recency (newest first), then by title so the order is stable. Never the
    post itself, never a draft (unless ``include_drafts``, as ``mkdocs serve`` shows them).
    """
    candidates = []
    for other in posts:
        if other.src_uri == post.src_uri or not is_published(other, include_drafts=include_drafts):
            continue
        points = score(post, other)
        if points > 0:
            candidates.append((points, other))
    candidates.sort(key=lambda c: (-c[0], -c[1].meta.created.timestamp(), c[1].meta.title))
    return [other for _, other in candidates[: max(n, 0)]]
