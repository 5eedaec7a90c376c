"""scripts/check_posts.py (the pre-commit hook ``check-posts``): the build's post rules, before a commit."""

from __future__ import annotations

from pathlib import Path

from tests.built.test_bad_input import write_post


def test_the_real_posts_pass(check_posts) -> None:
    assert check_posts.main([]) == 0


def test_missing_excerpt_marker_and_unknown_author_fail(check_posts, fixture_project: Path, capsys) -> None:
    path = write_post(fixture_project, author="bob")
    path.write_text(path.read_text("utf-8").replace("<!-- more -->", ""), "utf-8")
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 1
    assert "docs/blog/posts/fixture.md: authors[0]: unknown author 'bob'" in capsys.readouterr().err
    path = write_post(fixture_project, name="nomore.md")
    path.write_text(path.read_text("utf-8").replace("<!-- more -->", ""), "utf-8")
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 1
    assert "docs/blog/posts/nomore.md: (body): missing the excerpt separator" in capsys.readouterr().err


def test_bad_bytes_fail(check_posts, fixture_project: Path, capsys) -> None:
    path = fixture_project / "docs" / "blog" / "posts" / "latin1.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 1
    assert "latin1.md: (file): not UTF-8 text" in capsys.readouterr().err


def test_placeholders_are_refused_once_published(new_post, check_posts, fixture_project: Path, capsys) -> None:
    assert new_post.main(["--root", str(fixture_project), "--title", "Half written"]) == 0
    path = fixture_project / "docs" / "blog" / "posts" / "half-written.md"
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 0  # fine as a draft
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    capsys.readouterr()
    assert check_posts.main(["--root", str(fixture_project), str(path)]) == 1
    err = capsys.readouterr().err
    assert "half-written.md: description: still the placeholder" in err
    assert "half-written.md: (body): the excerpt is still the placeholder" in err


def test_bad_data_is_reported(check_posts, fixture_project: Path, capsys) -> None:
    (fixture_project / "data" / "site.yml").write_text("owner: [\n", "utf-8")
    assert check_posts.main(["--root", str(fixture_project)]) == 1
    assert "data/site.yml" in capsys.readouterr().err
