"""``polyglot.pagelist.PageList``: ``in`` answers as ``list`` does, on MkDocs' own pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from polyglot.pagelist import PageList


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    cfg = MkDocsConfig()
    cfg.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _warnings = cfg.validate()
    assert not errors
    return cfg


def page(config: MkDocsConfig, src: str, title: str) -> Page:
    return Page(title, File(src, config.docs_dir, config.site_dir, True), config)


def test_membership_matches_list_for_equal_copies_other_titles_and_strangers(config: MkDocsConfig) -> None:
    posts = [page(config, f"blog/posts/p{i}.md", f"Post {i}") for i in range(30)]
    fast = PageList(posts)
    same_file = posts[7].file
    copy = Page("Post 7", same_file, config)  # equal: same title, same File object
    retitled = Page("Another title", same_file, config)
    probes = [
        *posts,  # the elements themselves
        copy,
        retitled,
        page(config, "blog/posts/p7.md", "Post 7"),  # an equal-looking File that is another object
        page(config, "index.md", "Post 7"),  # same title, another file
        None,
        "blog/posts/p7.md",
    ]
    for probe in probes:
        assert (probe in fast) == (probe in posts), probe
    assert copy in fast and retitled not in fast


def test_every_change_to_the_list_is_seen_by_the_next_lookup(config: MkDocsConfig) -> None:
    a, b, c = (page(config, f"{n}.md", n) for n in "abc")
    fast = PageList([a])
    assert b not in fast  # builds the index
    fast.append(b)
    assert b in fast
    fast.remove(b)
    assert b not in fast
    fast.extend([b])
    assert b in fast
    fast[0] = c
    assert c in fast and a not in fast
    del fast[0]
    assert c not in fast
    fast.insert(0, a)
    assert a in fast
    fast += [c]
    assert c in fast
    assert fast.pop() is c and c not in fast
    fast.clear()
    assert a not in fast and list(fast) == []


def test_it_is_still_a_list(config: MkDocsConfig) -> None:
    pages = [page(config, f"{n}.md", n) for n in "cab"]
    fast = PageList(pages)
    fast.sort(key=lambda p: p.title)
    assert [p.title for p in fast] == ["a", "b", "c"] and fast == sorted(pages, key=lambda p: p.title)
    assert fast.index(pages[0]) == 2 and fast[1:] == [pages[2], pages[0]]
