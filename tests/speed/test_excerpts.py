"""Excerpts converted once per build render exactly as Material renders them per view."""

from __future__ import annotations

from pathlib import Path

from tests.built.helpers import page
from tests.speed.conftest import TRICKY, build, differences


def test_build_with_excerpt_memo_is_byte_identical(speed_project: Path, reference_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(speed_project, site, cache=True)
    assert differences(reference_site, site) == []


def test_the_fixture_exercises_links_in_excerpts_on_views_at_different_depths(reference_site: Path) -> None:
    """The comparison above is only meaningful if views link differently: check they do."""
    index = page(reference_site, "blog")
    category = page(reference_site, "blog/category/practical-guides")
    archive = page(reference_site, "blog/archive/2026")
    hrefs = []
    for soup in (index, category, archive):
        link = soup.find("a", string="its section")
        assert link is not None
        hrefs.append(link["href"])
    assert hrefs[0] == "2026/03/05/anchors/#the-section"
    assert hrefs[1] == hrefs[2] == "../../2026/03/05/anchors/#the-section"
    assert (reference_site / "blog" / "page" / "2" / "index.html").is_file()  # pagination
    assert (reference_site / "blog" / "category" / "practical-guides" / "page" / "2" / "index.html").is_file()


def test_the_fixture_has_an_excerpt_cut_at_its_separator_and_one_that_cannot_be() -> None:
    """The comparison above covers both ways of converting an excerpt (decision 83)."""
    from polyglot import excerpts

    def body(name: str) -> str:
        return "# Title\n\n" + TRICKY[name].split("\n---\n", 1)[1]

    assert excerpts.prefix_source(body("cut.md"), "<!-- more -->") is not None
    assert excerpts.prefix_source(body("reaching.md"), "<!-- more -->") is None
    assert excerpts.prefix_source(body("links.md"), "<!-- more -->") is None  # footnotes
