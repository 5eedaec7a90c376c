"""Related posts: computed at build time from shared tags and categories."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from .posts import Post, is_published


def _keys(post: Post) -> set[tuple[str, str]]:
    """What a post can share: its tags (case-insensitively) and its categories."""
    return {("tag", t.casefold()) for t in post.meta.tags} | {("category", c) for c in post.meta.categories}


def score(post: Post, other: Post) -> int:
    """How related two posts are: one point per shared tag and per shared category."""
    return len(_keys(post) & _keys(other))


def _ranked(candidates: list[tuple[int, Post]], n: int) -> list[Post]:
    candidates.sort(key=lambda c: (-c[0], -c[1].meta.created.timestamp(), c[1].meta.title))
    return [other for _, other in candidates[: max(n, 0)]]


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
    return _ranked(candidates, n)


# The last result of :func:`related_all`, by everything it reads (``mkdocs serve`` rebuilds
# the site after each save, and an edit rarely changes a tag or a date).
_last: tuple[tuple[object, ...], list[list[int]]] | None = None


def related_all(posts: Sequence[Post], n: int = 3, *, include_drafts: bool = False) -> dict[str, list[Post]]:
    """:func:`related` of every post of ``posts`` (by source path), computed together.

    Each post's candidates come from an index of who has which tag or category, and its
    score for a candidate is how many of its own keys list that candidate: the same points
    as :func:`score`, without comparing every pair of posts (a 500-post blog has 250,000)."""
    global _last
    keys = [_keys(p) for p in posts]
    # The order of ``_ranked`` (most points, newest, title; then list order): each post's rank
    # by recency and title, equal for equal ones. Ranks, not the titles themselves, so a title
    # edit that leaves the order as it was finds the last result.
    order = _dense_ranks([(-p.meta.created.timestamp(), p.meta.title) for p in posts])
    inputs = (
        n,
        include_drafts,
        tuple(
            (p.src_uri, tuple(sorted(k)), o, is_published(p, include_drafts=include_drafts))
            for p, k, o in zip(posts, keys, order, strict=True)
        ),
    )
    if _last is None or _last[0] != inputs:
        _last = (inputs, _related_indices(posts, keys, order, n, include_drafts=include_drafts))
    found: dict[str, list[Post]] = {}
    for post, chosen in zip(posts, _last[1], strict=True):
        found.setdefault(post.src_uri, [posts[j] for j in chosen])
    return found


def _dense_ranks(values: list[tuple[float, str]]) -> list[int]:
    """Each value's position among the distinct values, smallest first (equal values, equal
    ranks): comparing ranks orders as comparing the values."""
    rank = {value: i for i, value in enumerate(sorted(set(values)))}
    return [rank[value] for value in values]


def _related_indices(
    posts: Sequence[Post],
    keys: list[set[tuple[str, str]]],
    order: list[int],
    n: int,
    *,
    include_drafts: bool,
) -> list[list[int]]:
    """For each post, the positions in ``posts`` of its related posts (see :func:`related_all`)."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, post in enumerate(posts):
        if is_published(post, include_drafts=include_drafts):
            for key in keys[i]:
                index.setdefault(key, []).append(i)
    chosen: list[list[int]] = []
    for i, post in enumerate(posts):
        points: dict[int, int] = {}
        for key in keys[i]:
            for j in index.get(key, ()):
                points[j] = points.get(j, 0) + 1
        best = heapq.nsmallest(
            max(n, 0), ((-p, order[j], j) for j, p in points.items() if posts[j].src_uri != post.src_uri)
        )
        chosen.append([j for *_, j in best])
    return chosen
