"""``polyglot.pages``, ``posts.check_not_future``, ``deploy`` and ``snippets``: checks before MkDocs reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
from tests.unit.test_polyglot_posts import make_post

from polyglot import deploy, pages, snippets
from polyglot.errors import DataError
from polyglot.posts import check_not_future

NOW = dt.datetime(2026, 11, 23, 12, 0)


# --- read_page ------------------------------------------------------------------------


def test_read_page_decodes_utf8_and_drops_a_bom() -> None:
    assert pages.read_page("\ufeff# Café\n".encode(), "docs/a.md") == "# Café\n"


def test_read_page_refuses_other_encodings_naming_the_byte() -> None:
    with pytest.raises(DataError, match=r"^docs/a\.md: \(file\): not UTF-8 text \(byte 5\)$"):
        pages.read_page("# Caf\xe9\n".encode("latin-1"), "docs/a.md")


def test_read_page_refuses_oversized_pages() -> None:
    pages.read_page(b"x" * pages.MAX_PAGE_BYTES, "docs/a.md")  # at the limit: fine
    with pytest.raises(DataError, match=r"docs/big\.md: \(file\): too large: 1\.0 MB \(a page may have at most 1 MB"):
        pages.read_page(b"x" * (pages.MAX_PAGE_BYTES + 1), "docs/big.md")


# --- check_front_matter ---------------------------------------------------------------


def test_pages_without_front_matter_are_fine() -> None:
    pages.check_front_matter("# Title\n\n---\n\nA rule, not front matter.\n", "docs/a.md")


def test_valid_front_matter_is_fine() -> None:
    pages.check_front_matter("---\ntitle: A\r\n---\n# A\n", "docs/a.md")


def test_malformed_front_matter_names_file_and_line() -> None:
    with pytest.raises(DataError, match=r"^docs/a\.md: front matter line 3: malformed YAML"):
        pages.check_front_matter("---\ntitle: A\nbad: x: y\n---\n# A\n", "docs/a.md")


# --- duplicate_urls -------------------------------------------------------------------


def test_distinct_urls_are_fine() -> None:
    pages.duplicate_urls({"a.md": "a/", "b.md": "b/"})


def test_duplicate_urls_name_both_files() -> None:
    urls = {"blog/posts/b.md": "blog/x/", "blog/posts/a.md": "blog/x/", "c.md": "c/"}
    with pytest.raises(DataError) as info:
        pages.duplicate_urls(urls)
    assert str(info.value) == (
        "docs/blog/posts/a.md: slug: same URL 'blog/x/' as docs/blog/posts/b.md: give one of them another slug or date"
    )


# --- check_not_future -----------------------------------------------------------------


def test_past_and_today_posts_are_published() -> None:
    check_not_future(make_post("Old", dt.datetime(2026, 1, 1)), NOW)
    check_not_future(make_post("Today", dt.datetime(2026, 11, 23, 23, 59)), NOW)


def test_a_day_of_grace_for_time_zones_ahead_of_utc() -> None:
    check_not_future(make_post("Kiribati", dt.datetime(2026, 11, 24, 10, 0)), NOW)


def test_a_future_post_fails_naming_file_and_field() -> None:
    with pytest.raises(DataError) as info:
        check_not_future(make_post("Later", dt.datetime(2026, 12, 1)), NOW)
    assert str(info.value) == (
        "docs/blog/posts/hello.md: date: 2026-12-01 is in the future: "
        "publish it on that day, or set draft: true until then"
    )


def test_a_future_draft_is_allowed() -> None:
    check_not_future(make_post("Scheduled", dt.datetime(2999, 1, 1), draft=True), NOW)


def test_a_future_update_date_fails() -> None:
    post = make_post("Updated", dt.datetime(2026, 1, 1))
    post.meta.date.updated = dt.datetime(2027, 1, 1)
    with pytest.raises(DataError, match=r": date\.updated: 2027-01-01 is in the future"):
        check_not_future(post, NOW)


# --- deploy.cname ---------------------------------------------------------------------


def test_no_domain_no_cname() -> None:
    assert deploy.cname(None, "https://me.github.io/site/") is None


def test_cname_for_a_matching_site_url() -> None:
    assert deploy.cname("blog.example.com", "https://blog.example.com/") == "blog.example.com\n"


def test_cname_refuses_a_site_url_on_another_host() -> None:
    with pytest.raises(DataError, match=r"^data/site\.yml: domain: 'blog\.example\.com' differs from the host"):
        deploy.cname("blog.example.com", "https://me.github.io/site/")


# --- snippets -------------------------------------------------------------------------


def snippet_processor(base: Path) -> object:
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={
            "pymdownx.snippets": {"base_path": [str(base)], "restrict_base_path": True, "check_paths": True}
        },
    )
    return md.preprocessors["snippet"]


def test_snippets_inside_the_base_path_are_fine(tmp_path: Path) -> None:
    (tmp_path / "part.md").write_text("included\n", "utf-8")
    snippets.check_page('--8<-- "part.md"\n', snippet_processor(tmp_path), "docs/a.md", ["docs"])


@pytest.mark.parametrize("path", ["../outside.md", "/etc/hostname", "missing.md"])
def test_snippets_outside_or_missing_fail_naming_the_page(tmp_path: Path, path: str) -> None:
    (tmp_path.parent / "outside.md").write_text("secret\n", "utf-8")
    base = tmp_path / "docs"
    base.mkdir()
    with pytest.raises(DataError) as info:
        snippets.check_page(f'--8<-- "{path}"\n', snippet_processor(base), "docs/a.md", ["docs", "data"])
    assert str(info.value) == (
        f"docs/a.md: (snippet): Snippet at path '{path}' could not be found: "
        "snippets may only include existing files under docs/ or data/"
    )


@pytest.mark.parametrize("marker", ['-8<- "missing.md"', '---8<--- "missing.md"', "-8<-\nmissing.md\n-8<-"])
def test_a_page_without_the_snippet_marker_is_not_run_through_the_extension(tmp_path: Path, marker: str) -> None:
    """Every form of the notation has "8<" in it: a page without it is not read line by line,
    and its result, nothing included, is the extension's own."""
    base = tmp_path / "docs"
    base.mkdir()
    processor = snippet_processor(base)
    plain = "# Title\n\nText with -8- and 8 < 9, no marker.\n"
    assert processor.run(plain.split("\n")) == plain.split("\n")

    class Refusing:
        def __init__(self) -> None:
            self.auto_append: list[str] = []

        def run(self, lines: list[str]) -> list[str]:
            raise AssertionError("run for a page without a marker")

    snippets.check_page(plain, Refusing(), "docs/a.md", ["docs"])
    with pytest.raises(DataError, match=r"missing\.md"):
        snippets.check_page(f"{plain}\n{marker}\n", processor, "docs/a.md", ["docs"])
    appending = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={
            "pymdownx.snippets": {
                "base_path": [str(base)],
                "check_paths": True,
                "auto_append": ["missing.md"],
            }
        },
    ).preprocessors["snippet"]
    with pytest.raises(DataError, match=r"missing\.md"):  # appended to every page: checked on every page
        snippets.check_page(plain, appending, "docs/a.md", ["docs"])


def test_without_the_snippets_extension_nothing_is_checked() -> None:
    snippets.check_page('--8<-- "../anything"\n', None, "docs/a.md", [])


def test_symbolic_links_out_of_the_project_are_found(tmp_path: Path) -> None:
    root = tmp_path / "project"
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "inside.md").write_text("x", "utf-8")
    (docs / "ok").symlink_to(docs / "inside.md")
    (docs / "sub" / "etc").symlink_to("/etc", target_is_directory=True)
    (docs / "secret.md").symlink_to(tmp_path / "elsewhere.md")
    assert snippets.escaping_links(docs, root) == ["docs/secret.md", "docs/sub/etc"]
