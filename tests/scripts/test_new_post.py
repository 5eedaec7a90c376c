"""``make post`` (scripts/new_post.py): writes a valid draft, prints where to see it, never overwrites."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def test_creates_a_draft_and_prints_its_path_and_preview_url(new_post, check_posts, fixture_project, capsys) -> None:
    rc = new_post.main(
        ["--root", str(fixture_project), "--title", "Shipping a drift monitor", "--category", "Practical Guides"]
    )
    out = capsys.readouterr().out
    assert rc == 0
    path = fixture_project / "docs" / "blog" / "posts" / "shipping-a-drift-monitor.md"
    text = path.read_text("utf-8")
    today = dt.date.today()
    assert f"\ndate: {today.isoformat()}\n" in text
    assert "\ndraft: true\n" in text
    assert "\nauthors: [saad-laouadi]\n" in text  # data/site.yml's owner
    assert "Created docs/blog/posts/shipping-a-drift-monitor.md" in out
    url = f"http://127.0.0.1:8000/the-polyglot-engineer/blog/{today:%Y/%m/%d}/shipping-a-drift-monitor/"
    assert url in out
    # The post checker (and so the build) accepts it as a draft.
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 0


def test_refuses_to_overwrite(new_post, fixture_project, capsys) -> None:
    path = fixture_project / "docs" / "blog" / "posts" / "welcome.md"
    before = path.read_bytes()
    rc = new_post.main(["--root", str(fixture_project), "--title", "Welcome"])
    assert rc == 1
    assert "docs/blog/posts/welcome.md already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_unknown_category_and_author_list_the_allowed_ones(new_post, fixture_project, capsys) -> None:
    assert new_post.main(["--root", str(fixture_project), "--title", "X", "--category", "Cooking"]) == 2
    err = capsys.readouterr().err
    assert "unknown category 'Cooking'" in err
    assert "  - Lessons from the Field" in err
    assert new_post.main(["--root", str(fixture_project), "--title", "X", "--author", "bob"]) == 2
    err = capsys.readouterr().err
    assert "unknown author 'bob'" in err
    assert "  - ibrahim-lahlou (Ibrahim Lahlou)" in err
    assert not (fixture_project / "docs" / "blog" / "posts" / "x.md").exists()


def test_missing_title_is_explained(new_post, fixture_project, capsys) -> None:
    assert new_post.main(["--root", str(fixture_project), "--date", "2026-01-02"]) == 2
    assert 'make post TITLE="' in capsys.readouterr().err


def test_make_post_target(fixture_project: Path) -> None:
    """The Makefile target passes TITLE, CATEGORY and AUTHOR through (quotes and colons included)."""
    proc = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-f",
            str(ROOT / "Makefile"),
            "post",
            "TITLE=Rust: why 'fast' isn't enough",
            "CATEGORY=multi-language-development",
            "AUTHOR=ibrahim-lahlou",
            f"POST_ROOT={fixture_project}",
            f"VENV={ROOT / '.venv'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    path = fixture_project / "docs" / "blog" / "posts" / "rust-why-fast-isnt-enough.md"
    text = path.read_text("utf-8")
    assert "title: 'Rust: why ''fast'' isn''t enough'" in text
    assert "categories: [Multi-Language Development]" in text
    assert "authors: [ibrahim-lahlou]" in text
