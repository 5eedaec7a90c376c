"""``polyglot.pageskip`` and what ``Build`` says a post reads of other posts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from tests.unit.postfactory import make_post

from polyglot.build import Build
from polyglot.pageskip import Skipper


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


def test_a_page_whose_inputs_are_known_once_rendered_can_be_skipped_next_time() -> None:
    """A blog view showing an excerpt its own render converts first: checked with unknown
    inputs (rendered), then recorded with the inputs known after its render."""
    skipper = Skipper()
    skipper.begin()
    assert not skipper.check("view.md", None, "site/view.html", exists=lambda _: True)
    skipper.record("view.md", "k1", "site/view.html")
    assert (skipper.rendered, skipper.skipped) == (1, 0)  # counted once, as rendered
    skipper.commit()
    skipper.begin()
    assert skipper.check("view.md", "k1", "site/view.html", exists=lambda _: True)
    skipper.commit()
    skipper.begin()
    assert not skipper.check("view.md", "k2", "site/view.html", exists=lambda _: True)


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


def test_a_skipped_page_runs_the_context_hooks_but_the_blogs_and_errors_name_the_page(caplog) -> None:
    import speed_hooks

    calls: list[str] = []

    class BlogPlugin:  # stands for Material's: its context handler fills the template's context only
        def on_page_context(self, context, *, page, config, nav):
            calls.append("blog")

    BlogPlugin.__module__ = "material.plugins.blog.plugin"

    def search(context, *, page, config, nav):
        calls.append("search")
        return {**context, "indexed": True}

    def site(context, *, page, config, nav):
        calls.append(f"site saw indexed={context.get('indexed')}")

    plugins = SimpleNamespace(events={"page_context": [search, BlogPlugin().on_page_context, site]}, _event_origins={})
    config = SimpleNamespace(plugins=plugins)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="blog/posts/x.md"))
    speed_hooks._replay_page_context({}, page, config, None)
    assert calls == ["search", "site saw indexed=True"]  # in order, each seeing the context so far
    assert plugins._current_plugin is None

    def broken(context, *, page, config, nav):
        raise ValueError("no such author")

    plugins.events["page_context"] = [broken]
    with pytest.raises(ValueError):
        speed_hooks._replay_page_context({}, page, config, None)
    assert "Error building page 'blog/posts/x.md': no such author" in caplog.text
    assert plugins._current_plugin is None


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
