"""``scripts/bench_serve.py``: the generated copy is dated back before serve starts."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_serve  # noqa: E402


def test_a_copy_is_dated_back_as_an_authors_posts_are(tmp_path: Path) -> None:
    posts = tmp_path / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: A\n---\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    bench_serve.date_back(tmp_path, seconds=3600)
    now = time.time()
    for path in (posts / "a.md", tmp_path / "mkdocs.yml"):
        assert 3590 < now - path.stat().st_mtime < 3610
    assert (posts / "a.md").read_text("utf-8") == "---\ntitle: A\n---\n"  # only the time changed
