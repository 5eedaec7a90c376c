"""scripts/audit.py (make audit): which rows miss the issue's targets (the CI audit job's --check)."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

import pytest


def row(audit: ModuleType, **changes: object) -> object:
    good = audit.Row(
        page="home",
        preset="mobile",
        palette="light",
        runs=3,
        performance=100,
        accessibility=100,
        best_practices=100,
        seo=100,
        lcp_ms=1100,
        cls=0.0,
        tbt_ms=30,
        bytes=36_000,
        requests=5,
    )
    return replace(good, **changes)


def test_a_row_on_target_misses_nothing(audit: ModuleType) -> None:
    assert audit.misses(row(audit)) == []
    assert audit.misses(row(audit, preset="desktop", lcp_ms=399)) == []
    assert audit.misses(row(audit, page="long post (diagram)", performance=95)) == []


@pytest.mark.parametrize(
    ("changes", "miss"),
    [
        ({"performance": 99}, "performance 99 < 100"),
        ({"accessibility": 98}, "accessibility 98 < 100"),
        ({"lcp_ms": 1201}, "LCP 1201 ms > 1200"),
        ({"preset": "desktop", "lcp_ms": 401}, "LCP 401 ms > 400"),
        ({"bytes": 61 * 1024}, "61.0 KiB > 60"),
        ({"third_party": ["https://fonts.example/x.woff2"]}, "third-party requests"),
        # Lighthouse shows 0.0008 as "0.001": CLS 0 means below half of its last digit.
        ({"cls": 0.0008}, "CLS 0.001"),
        ({"cls": 0.0005}, "CLS 0.001"),
    ],
)
def test_each_target_missed_is_named(audit: ModuleType, changes: dict[str, object], miss: str) -> None:
    found = audit.misses(row(audit, **changes))
    assert len(found) == 1 and found[0].startswith(miss), found


def test_a_shift_lighthouse_shows_as_zero_is_zero(audit: ModuleType) -> None:
    assert audit.misses(row(audit, cls=0.0004)) == []
