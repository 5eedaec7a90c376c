"""``scripts/gen_corpus.py``: the benchmark's posts, the same for the same arguments, never future-dated."""

from __future__ import annotations

import re

import pytest

from tests.scripts.conftest import load_script

gen_corpus = load_script("gen_corpus")
DATE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.M)


def dates(count: int) -> list[str]:
    posts = gen_corpus.generate(count, seed=7, authors=["a", "b"], categories=["C", "D", "E"])
    return [DATE.search(text).group(1) for _, text in posts]


def test_posts_are_the_same_for_the_same_seed_and_about_three_days_apart() -> None:
    first = gen_corpus.generate(5, seed=7, authors=["a"], categories=["C", "D"])
    assert first == gen_corpus.generate(5, seed=7, authors=["a"], categories=["C", "D"])
    assert first != gen_corpus.generate(5, seed=8, authors=["a"], categories=["C", "D"])
    assert dates(500)[0] == "2019-01-01" and dates(500)[-1] == "2023-02-06"  # as before: 3 days apart


def test_large_corpora_are_closer_together_and_never_in_the_future() -> None:
    for count in (1000, 2000):
        found = dates(count)
        assert max(found) <= gen_corpus.LAST_DATE.isoformat(), count
        assert len(found) == count
    with pytest.raises(ValueError, match="at most 2555 posts"):
        dates(3000)
