"""``polyglot.pageskip`` and what ``Build`` says a post reads of other posts."""

from __future__ import annotations

from tests.unit.postfactory import make_post

from polyglot.build import Build
from polyglot.pageskip import Skipper, readable


def test_a_page_is_skipped_only_when_the_last_complete_build_had_the_same_inputs() -> None:
    on_disk = {"site/a.html", "site/b.html"}
    skipper = Skipper()
    skipper.begin()
    assert not skipper.check("a.md", "k1", "site/a.html", exists=on_disk.__contains__)  # nothing recorded yet
    assert not skipper.check("b.md", None, "site/b.html", exists=on_disk.__contains__)  # unknown inputs
    assert (skipper.rendered, skipper.skipped) == (2, 0)
    skipper.commit()

    skipper.begin()
    assert skipper.check("a.md", "k1", "site/a.html", exists=on_disk.__contains__)
    assert not skipper.check("b.md", None, "site/b.html", exists=on_disk.__contains__)
    assert (skipper.rendered, skipper.skipped) == (1, 1)
    skipper.commit()

    skipper.begin()
    assert not skipper.check("a.md", "k2", "site/a.html", exists=on_disk.__contains__)  # inputs changed
    skipper.commit()
    skipper.begin()
    assert not skipper.check("a.md", "k2", "site/elsewhere.html", exists=on_disk.__contains__)  # another output
    skipper.commit()
    skipper.begin()
    on_disk.add("site/elsewhere.html")
    assert skipper.check("a.md", "k2", "site/elsewhere.html", exists=on_disk.__contains__)
    on_disk.discard("site/elsewhere.html")
    skipper.commit()
    skipper.begin()
    assert not skipper.check("a.md", "k2", "site/elsewhere.html", exists=on_disk.__contains__)  # file gone


def test_a_build_that_fails_leaves_nothing_to_skip_by() -> None:
    skipper = Skipper()
    skipper.begin()
    skipper.check("a.md", "k1", "a.html", exists=lambda _: True)
    skipper.commit()
    skipper.begin()
    skipper.check("a.md", "k1", "a.html", exists=lambda _: True)
    skipper.abort()  # some pages written, some not
    skipper.begin()
    assert not skipper.check("a.md", "k1", "a.html", exists=lambda _: True)


def test_only_a_page_read_and_rendered_as_usual_can_be_skipped() -> None:
    assert readable("Text.", "<p>Text.</p>", {})
    assert readable("{{ x }}", "<p>1</p>", {"render_macros": True})  # macros ran: their output is in the HTML
    assert not readable(None, "<p></p>", {})
    assert not readable("Text.", None, {})
    assert not readable("Text.", "<p></p>", None)


def _build(*posts, **urls):
    return Build(data=None, env=None, posts=list(posts), urls=dict(urls))  # type: ignore[arg-type]


def test_a_posts_inputs_are_the_posts_its_end_matter_shows() -> None:
    me = make_post("me", "2026-03-01", tags=("mlops",), series="S")
    part = make_post("part", "2026-02-01", series="S")
    related = make_post("related", "2026-01-01", tags=("mlops",))
    other = make_post("other", "2026-01-02", categories=("Production ML Systems",))
    posts = (me, part, related, other)
    urls = {p.src_uri: p.src_uri.removesuffix(".md") + "/" for p in posts}
    inputs = _build(*posts, **urls).page_inputs(me.src_uri)
    assert inputs is not None
    assert _build(*posts, **urls).page_inputs(me.src_uri) == inputs  # the same in the next build
    assert _build(*posts, **urls).page_inputs("about.md") == []  # not a post: it reads no other page

    def inputs_after(changed, **url_changes) -> list:
        swapped = [changed if p.src_uri == changed.src_uri else p for p in posts]
        return _build(*swapped, **{**urls, **url_changes}).page_inputs(me.src_uri)

    # What its series part and its related post show changes its inputs; an unrelated post does not.
    assert inputs_after(make_post("part", "2026-02-02", series="S")) != inputs
    assert inputs_after(make_post("related", "2026-01-01", tags=("mlops",), extra="slug: moved\n")) != inputs
    assert inputs_after(make_post("other", "2026-01-03", categories=("Production ML Systems",))) == inputs
    assert inputs_after(related, **{related.src_uri: "moved/"}) != inputs  # a shown post's URL
    # A post that now shares a tag becomes related.
    assert (
        inputs_after(make_post("other", "2026-01-02", categories=("Production ML Systems",), tags=("mlops",))) != inputs
    )


def test_build_inputs_cover_urls_stylesheets_and_policy() -> None:
    base = _build(**{"a.md": "a/"})
    assert base.build_inputs() == _build(**{"a.md": "a/"}).build_inputs()
    assert _build(**{"a.md": "b/"}).build_inputs() != base.build_inputs()
    strict = _build(**{"a.md": "a/"})
    strict.csp_policy = {"default-src": ("'none'",)}
    assert strict.build_inputs() != base.build_inputs()
