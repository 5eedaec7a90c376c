"""``polyglot.related`` and ``polyglot.series``: ordering rules on fixture posts."""

from __future__ import annotations

import pytest
from tests.unit.postfactory import make_post

from polyglot.related import related, score
from polyglot.series import parts, series_of


@pytest.fixture
def blog():
    return {
        "me": make_post("me", "2026-03-01", tags=("mlops", "docker"), categories=("Practical Guides",)),
        "two-tags": make_post("two-tags", "2026-01-01", tags=("mlops", "docker")),
        "one-tag-new": make_post("one-tag-new", "2026-05-01", tags=("MLOps",), categories=("Lessons from the Field",)),
        "one-tag-old": make_post("one-tag-old", "2025-05-01", tags=("docker",), categories=("Lessons from the Field",)),
        "category-only": make_post("category-only", "2026-02-01"),
        "unrelated": make_post("unrelated", "2026-04-01", categories=("Production ML Systems",), tags=("rust",)),
        "draft": make_post("draft", "2026-06-01", tags=("mlops", "docker"), draft=True),
    }


def test_score_counts_shared_tags_case_insensitively_and_categories(blog) -> None:
    assert score(blog["me"], blog["two-tags"]) == 3  # two tags and the category
    assert score(blog["me"], blog["one-tag-new"]) == 1
    assert score(blog["me"], blog["unrelated"]) == 0


def test_related_orders_by_shared_count_then_recency(blog) -> None:
    found = related(blog["me"], blog.values(), n=10)
    assert [p.src_uri for p in found] == [
        "blog/posts/two-tags.md",
        "blog/posts/one-tag-new.md",  # 1 point, newer
        "blog/posts/category-only.md",  # 1 point, 2026-02-01
        "blog/posts/one-tag-old.md",  # 1 point, oldest
    ]


def test_related_never_includes_the_post_itself_drafts_or_unrelated_posts(blog) -> None:
    found = {p.src_uri for p in related(blog["me"], blog.values(), n=10)}
    assert "blog/posts/me.md" not in found
    assert "blog/posts/draft.md" not in found
    assert "blog/posts/unrelated.md" not in found


def test_related_shows_drafts_only_when_serving(blog) -> None:
    found = related(blog["me"], blog.values(), n=1, include_drafts=True)
    assert [p.src_uri for p in found] == ["blog/posts/draft.md"]


def test_related_is_capped(blog) -> None:
    assert len(related(blog["me"], blog.values(), n=2)) == 2
    assert related(blog["me"], blog.values(), n=0) == []


def test_related_ties_on_score_and_date_break_by_title() -> None:
    me = make_post("me", tags=("x",))
    b = make_post("b-post", "2026-02-02", tags=("x",))
    a = make_post("a-post", "2026-02-02", tags=("x",))
    assert [p.meta.title for p in related(me, [b, a, me])] == ["A Post", "B Post"]


@pytest.fixture
def trilogy():
    return [
        make_post("part-three", "2026-03-01", series="Drift"),
        make_post("part-one", "2026-01-01", series="Drift"),
        make_post("part-two", "2026-02-01", series="Drift"),
        make_post("draft-part", "2026-02-15", series="Drift", draft=True),
        make_post("other", "2026-01-15", series="Other"),
        make_post("loose", "2026-01-20"),
    ]


def test_series_parts_are_in_date_order_without_drafts(trilogy) -> None:
    assert [p.meta.title for p in parts("Drift", trilogy)] == ["Part One", "Part Two", "Part Three"]
    assert "Draft Part" in [p.meta.title for p in parts("Drift", trilogy, include_drafts=True)]


def test_series_of_marks_the_current_part_and_its_neighbours(trilogy) -> None:
    middle = series_of(trilogy[2], trilogy)
    assert middle is not None
    assert middle.name == "Drift" and middle.index == 1 and middle.current is trilogy[2]
    assert middle.previous is trilogy[1] and middle.next is trilogy[0]
    first, last = series_of(trilogy[1], trilogy), series_of(trilogy[0], trilogy)
    assert first.previous is None and first.next is trilogy[2]
    assert last.next is None and last.previous is trilogy[2]


def test_no_series_for_loose_posts_single_part_series_or_drafts(trilogy) -> None:
    assert series_of(trilogy[5], trilogy) is None
    assert series_of(trilogy[4], trilogy) is None  # the only part of "Other"
    assert series_of(trilogy[3], trilogy) is None  # a draft is not listed in a build


def test_series_parts_with_the_same_date_order_by_title() -> None:
    posts = [make_post("b", "2026-01-01", series="S"), make_post("a", "2026-01-01", series="S")]
    assert [p.meta.title for p in parts("S", posts)] == ["A", "B"]


def test_related_all_matches_related_for_every_post_with_ties_and_drafts() -> None:
    """The indexed computation gives each post exactly what ``related`` gives it."""
    import random

    from polyglot.related import related_all

    rng = random.Random(11)
    tags = ("mlops", "MLOps", "docker", "rust", "python", "gpu")
    categories = ("Practical Guides", "Lessons from the Field", "Production ML Systems")
    posts = [
        make_post(
            f"post-{i:02d}",
            f"2026-0{rng.randint(1, 3)}-0{rng.randint(1, 2)}",  # many equal dates: ties on date
            tags=tuple(rng.sample(tags, rng.randint(0, 3))),
            categories=tuple(rng.sample(categories, rng.randint(1, 2))),
            draft=rng.random() < 0.2,
        )
        for i in range(40)
    ]
    for include_drafts in (False, True):
        for n in (0, 3, 50):
            every = related_all(posts, n, include_drafts=include_drafts)
            assert set(every) == {p.src_uri for p in posts}
            for post in posts:
                assert every[post.src_uri] == related(post, posts, n, include_drafts=include_drafts)
    assert any(len(found) == 3 for found in related_all(posts).values())


def test_build_related_to_uses_the_builds_posts_and_drafts_rule(blog) -> None:
    from polyglot.build import Build

    build = Build(data=None, env=None, posts=list(blog.values()))  # type: ignore[arg-type]
    assert build.related_to(blog["me"]) == related(blog["me"], blog.values())
    serving = Build(data=None, env=None, posts=list(blog.values()), include_drafts=True)  # type: ignore[arg-type]
    assert blog["draft"] in serving.related_to(blog["me"])
    outsider = make_post("outsider", "2026-07-01", tags=("mlops",))
    assert build.related_to(outsider) == related(outsider, blog.values())


def test_related_all_reuses_its_last_result_only_for_the_same_inputs(blog) -> None:
    from polyglot import related as related_module
    from polyglot.related import related_all

    posts = list(blog.values())
    first = related_all(posts)
    kept = related_module._last
    assert related_all(posts) == first and related_module._last is kept  # the same inputs: reused
    retagged = [
        make_post("unrelated", "2026-04-01", tags=("mlops", "docker")) if p is blog["unrelated"] else p for p in posts
    ]
    for changed in (retagged, posts[::-1], [*posts, make_post("newer", "2026-08-01", tags=("docker",))]):
        every = related_all(changed)
        assert every == {p.src_uri: related(p, changed) for p in changed}
    assert related_all(posts, include_drafts=True) == {p.src_uri: related(p, posts, include_drafts=True) for p in posts}
    assert related_all(posts, 1) == {p.src_uri: related(p, posts, 1) for p in posts}


def test_related_all_reuses_its_last_result_after_a_title_edit_that_keeps_the_order() -> None:
    """Titles only break ties between posts of the same date: an edited title that leaves
    every post's rank as it was reuses the last result; one that reorders a tie does not."""
    import dataclasses

    from polyglot import related as related_module
    from polyglot.related import related_all

    # b-tie and c-tie share a date and every key with a-me: their titles order them.
    posts = [
        make_post("a-me", "2026-03-01", tags=("mlops",)),
        make_post("b-tie", "2026-02-01", tags=("mlops",)),
        make_post("c-tie", "2026-02-01", tags=("mlops",)),
        make_post("d-alone", "2026-01-01", tags=("rust",)),
    ]

    def retitled(i: int, title: str) -> list:
        copy = list(posts)
        copy[i] = dataclasses.replace(posts[i], meta=posts[i].meta.model_copy(update={"title": title}))
        return copy

    assert [p.src_uri for p in related_all(posts, 1)["blog/posts/a-me.md"]] == ["blog/posts/b-tie.md"]
    kept = related_module._last
    same_order = retitled(3, "Zebra")  # the only post of its date: its rank does not move
    assert related_all(same_order, 1) == {p.src_uri: related(p, same_order, 1) for p in same_order}
    assert related_module._last is kept
    reordered = retitled(1, "Zz after c")  # b-tie now sorts after c-tie
    found = related_all(reordered, 1)
    assert related_module._last is not kept
    assert [p.src_uri for p in found["blog/posts/a-me.md"]] == ["blog/posts/c-tie.md"]
    assert found == {p.src_uri: related(p, reordered, 1) for p in reordered}
