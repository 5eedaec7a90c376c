"""The speed layer's pure parts: keys, the on-disk store, the Pygments memo, conversions
with link tokens, lazy Markdown instances. (Whole builds with and without them are
compared byte for byte in tests/speed/.)"""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from polyglot import excerpts, mdcache, pagekey

# --- mdcache ---------------------------------------------------------------------------------------


def test_stable_repr_is_the_same_for_equal_values_and_names_callables() -> None:
    assert mdcache.stable_repr({"b": [1, (2, None)], "a": {3}}) == "{'a': {3}, 'b': [1, (2, None)]}"
    assert mdcache.stable_repr(len) == "<builtins.len>"
    assert mdcache.stable_repr(dt.date(2026, 1, 2)).startswith("<datetime.date datetime.date(2026, 1, 2)>")
    assert mdcache.fingerprint("a", 1) != mdcache.fingerprint("a1")
    assert "missing" in mdcache.package_versions(["surely-not-installed-pkg"])


def test_store_round_trip_prune_and_corrupt_entries(tmp_path) -> None:
    store = mdcache.Store(tmp_path)
    store.begin()
    store.put("k", "abc", {"x": 1})
    assert store.get("k", "abc") == {"x": 1}
    assert store.get("k", "missing") is None
    (tmp_path / "k" / "ba").mkdir(parents=True)
    (tmp_path / "k" / "ba" / "bad").write_bytes(b"not a pickle")
    assert store.get("k", "bad") is None  # a corrupt entry is a miss, not a crash
    store.begin()
    store.get("k", "abc")
    assert store.prune(["k"]) == 1  # "bad" was not used since begin()
    assert (tmp_path / "k" / "ab" / "abc").is_file()
    store.put("k", "unpicklable", lambda: None)  # a cache that cannot be written is only slower
    assert not list((tmp_path / "k").glob("*/.tmp-*"))


def test_store_keeps_entries_in_memory_only_when_asked(tmp_path) -> None:
    store = mdcache.Store(tmp_path, keep_in_memory=True)
    store.put("k", "key1", 1)
    (tmp_path / "k" / "ke" / "key1").unlink()
    assert store.get("k", "key1") == 1
    assert mdcache.Store(tmp_path).get("k", "key1") is None


def test_a_store_kept_in_memory_lists_its_folder_once_and_prunes_what_it_wrote_since(tmp_path) -> None:
    store = mdcache.Store(tmp_path, keep_in_memory=True)
    store.begin()
    store.put("k", "old1", 1)
    store.put("k", "old2", 2)
    store.begin()
    store.get("k", "old1")
    assert store.prune(["k"]) == 1  # listed from the folder: old2 was not used
    listed = (tmp_path / "k").glob  # later prunes use the kept listing, not the folder
    store.begin()
    store.put("k", "new", 3)  # written after the listing: still known to prune
    assert store.prune(["k"]) == 1 and not (tmp_path / "k" / "ol" / "old1").exists()
    store.begin()
    assert store.prune(["k"]) == 1 and not (tmp_path / "k" / "ne" / "new").exists()
    assert store.prune(["k"]) == 0 and list(listed("*/*")) == []
    plain = mdcache.Store(tmp_path)  # one build per process: nothing kept
    plain.prune(["k"])
    assert plain._listed == {}


def test_a_store_that_defers_writes_keeps_files_until_idle_and_drops_pruned_ones(tmp_path) -> None:
    """Under ``mkdocs serve`` the files are written between rebuilds: until then entries are
    read from memory, a later write of an entry replaces the earlier one, an entry pruned
    meanwhile is never written, and bulk tables are written as they are then."""
    plain = mdcache.Store(tmp_path / "plain")
    plain.defer_writes()  # only a store that keeps entries in memory can wait
    plain.put("k", "abc", 1)
    assert (tmp_path / "plain" / "k" / "ab" / "abc").is_file() and plain.write_pending() == 0

    store = mdcache.Store(tmp_path, keep_in_memory=True)
    store.begin()
    store.put("k", "kept", 1)
    store.put("k", "gone", 2)
    assert store.write_pending() == 0  # nothing waits before defer_writes: written already
    store.defer_writes()
    store.begin()
    store.put("k", "new", 3)
    store.put("k", "new", 4)
    store.put("k", "dropped", 5)
    store.memo("t", "a", lambda: 6)
    store.flush(prune=False)
    assert not (tmp_path / "k" / "ne").exists() and not (tmp_path / "t.pickle").exists()
    assert store.get("k", "new") == 4 and store.memo("t", "a", lambda: 7) == 6
    store.begin()
    store.get("k", "new")
    store.get("k", "kept")
    assert store.prune(["k"]) == 2  # "gone" (on disk) and "dropped" (waiting)
    store.memo("t", "b", lambda: 8)  # the table as it is when written
    assert store.write_pending(stop=lambda: True) == 0  # a save came: all of them wait
    calls: list[int] = []
    assert store.write_pending(stop=lambda: bool(calls.append(1)) or len(calls) > 1) == 1  # one, then a save
    assert store.write_pending() == 1  # k/new, t.pickle: one each time
    assert store.write_pending() == 0
    fresh = mdcache.Store(tmp_path)
    fresh.begin()
    assert [fresh.get("k", key) for key in ("kept", "new", "gone", "dropped")] == [1, 4, None, None]
    assert fresh.memo("t", "b", lambda: 9) == 8


def test_bulk_tables_memoize_persist_and_prune(tmp_path) -> None:
    calls = []
    store = mdcache.Store(tmp_path)
    store.begin()
    assert store.memo("t", "a", lambda: calls.append("a") or 1) == 1
    assert store.memo("t", "a", lambda: calls.append("again") or 2) == 1
    store.memo("t", "b", lambda: 2)
    store.flush(prune=True)
    again = mdcache.Store(tmp_path)
    again.begin()
    assert again.memo("t", "a", lambda: 99) == 1
    again.flush(prune=True)  # "b" unused: dropped
    with open(tmp_path / "t.pickle", "rb") as f:
        assert pickle.load(f) == {"a": 1}
    assert calls == ["a"]
    (tmp_path / "t.pickle").write_bytes(b"junk")
    assert mdcache.Store(tmp_path).memo("t", "a", lambda: 5) == 5
    (tmp_path / "u.pickle").write_bytes(pickle.dumps(["not", "a", "dict"]))
    assert mdcache.Store(tmp_path).memo("u", "a", lambda: 6) == 6


def test_highlight_memo_reuses_results_for_identical_inputs() -> None:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    memo = mdcache.HighlightMemo(highlight, limit=1)
    first = memo("x = 1\n", PythonLexer(), HtmlFormatter())
    assert memo("x = 1\n", PythonLexer(), HtmlFormatter()) == first
    assert memo.hits == 1
    assert memo("x = 1\n", PythonLexer(), HtmlFormatter(linenos="table")) != first  # options are in the key
    assert len(memo.results) == 1  # the limit clears old results

    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

    sink = Sink()
    assert memo("y = 2\n", PythonLexer(), HtmlFormatter(), sink) is None
    assert "y" in sink.text


def test_recent_memo_keeps_this_builds_and_the_last_builds_results() -> None:
    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo = mdcache.RecentMemo(shout)
    assert memo("a") == "A" and memo("a") == "A" and memo("b") == "B"
    assert calls == ["a", "b"]
    memo.turn()  # the next build asks for "a" only
    assert memo("a") == "A" and calls == ["a", "b"]
    memo.turn()  # "b" was not asked for in the last build: gone
    assert memo("b") == "B" and memo("a") == "A"
    assert calls == ["a", "b", "b"]
    assert set(memo.current) | set(memo.last) == {("a",), ("b",)}


# --- excerpts --------------------------------------------------------------------------------------


class Relpath(Treeprocessor):
    """Stands in for MkDocs' relpath processor: links are made relative to ``base``."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.calls: list[str] = []

    def path_to_url(self, url: str) -> str:
        self.calls.append(url)
        return url if url.startswith(("#", "http")) else f"{self.base}{url}"

    def run(self, root):
        for el in root.iter("a"):
            el.set("href", self.path_to_url(el.get("href")))


class Excerpt(Treeprocessor):
    def run(self, root):
        main = True
        for el in root.iter("a"):
            if el.get("href").startswith("#"):
                el.set("href", "POST/" if main else "POST/" + el.get("href"))
                main = False


def make_md(excerpt: bool = True, extra: str | None = None) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["toc", "footnotes"])
    if excerpt:
        md.treeprocessors.register(Excerpt(md), excerpts.EXCERPT, 0)
    md.treeprocessors.register(Relpath("../"), excerpts.RELPATH, 1)
    if extra:
        md.treeprocessors.register(Excerpt(md), extra, 0.5)
    return md


TEXT = "# T\n\n[a](other.md) [b](#t) [c](https://x.org/?a&b) & [d](#t)\n\n<!-- more -->\n\n[e](x.md)\n"


def test_one_conversion_fills_links_exactly_as_the_processors_would() -> None:
    direct = make_md().convert(TEXT)
    md = make_md()
    assert excerpts.can_convert_once(md)
    converted = excerpts.convert(md, TEXT)
    relpath = md.treeprocessors[excerpts.RELPATH]
    assert converted.token in converted.html
    values = excerpts.link_values(converted, relpath.path_to_url, "POST/")
    assert excerpts.fill(converted, values) == direct
    assert relpath.calls == ["other.md", "#t", "https://x.org/?a&b", "#t", "x.md"]
    # The real processors are back after the conversion.
    assert isinstance(md.treeprocessors[excerpts.RELPATH], Relpath)
    clone = pickle.loads(pickle.dumps(converted))
    assert clone == converted and excerpts.fill(clone, values) == direct


def test_pages_without_the_excerpt_processor() -> None:
    md = make_md(excerpt=False)
    converted = excerpts.convert(md, TEXT)
    assert not converted.excerpt_anchors
    values = excerpts.link_values(converted, md.treeprocessors[excerpts.RELPATH].path_to_url)
    assert excerpts.fill(converted, values) == make_md(excerpt=False).convert(TEXT)


def test_unknown_processors_after_relpath_disable_the_trick() -> None:
    assert not excerpts.can_convert_once(make_md(extra="someone-elses"))
    assert not excerpts.can_convert_once(markdown.Markdown())


def test_same_excerpt_ignores_what_follows_the_separator_but_not_the_excerpt() -> None:
    sep = "<!-- more -->"
    a = excerpts.Converted("<p>x</p>" + sep + "<p id=1>", [], [], "T")
    assert excerpts.same_excerpt(a, excerpts.Converted("<p>x</p>" + sep + "<p id=2>", [], [], "T"), sep)
    assert not excerpts.same_excerpt(a, excerpts.Converted("<p>y</p>" + sep + "<p id=1>", [], [], "T"), sep)
    assert not excerpts.same_excerpt(a, excerpts.Converted("<p>x</p>" + sep, [], [], "T"), sep)
    assert not excerpts.same_excerpt(a, excerpts.Converted(a.html, [{"id": "t"}], [], "T"), sep)
    link = excerpts.Link("a", "x.md")
    b = excerpts.Converted("T0x" + sep, [], [link], "T")
    assert not excerpts.same_excerpt(b, excerpts.Converted("T0x" + sep, [], [excerpts.Link("a", "y.md")], "T"), sep)


def test_memo_reuses_a_conversion_only_after_a_second_one_matched() -> None:
    memo = excerpts.ExcerptMemo()
    owner = object()
    outputs = iter(["<p>1</p>|after a", "<p>1</p>|after b", "<p>never</p>"])
    saved = []

    def make(token: str) -> excerpts.Converted:
        return excerpts.Converted(next(outputs), [], [], token)

    def get():
        return memo.get(owner, ("k",), make, separator="|", load=lambda: None, save=saved.append)

    assert get().html == "<p>1</p>|after a"  # converted twice: the excerpts match, so it is stable
    assert memo.is_stable(owner) and saved
    assert get().html == "<p>1</p>|a"  # reused (trimmed: views only test whether there is more)
    assert get().html == "<p>1</p>|a"
    assert (memo.conversions, memo.views) == (2, 3)

    unstable = excerpts.ExcerptMemo()
    counter = iter(range(10))

    def make_changing(token: str) -> excerpts.Converted:
        return excerpts.Converted(f"<p>{next(counter)}</p>|", [], [], token)

    results = [unstable.get(owner, ("k",), make_changing, separator="|").html for _ in range(4)]
    assert results == ["<p>0</p>|", "<p>1</p>|", "<p>2</p>|", "<p>3</p>|"]  # the Nth view: the Nth conversion
    assert not unstable.is_stable(owner)
    stored = excerpts.Converted("<p>s</p>|", [], [], "T")
    loaded = excerpts.ExcerptMemo()
    assert loaded.get(owner, ("k",), make_changing, separator="|", load=lambda: stored) is stored
    assert loaded.is_stable(owner)
    loaded.clear()
    assert not loaded.entries


def test_rendered_post_takes_the_blog_plugins_reading_time() -> None:
    from polyglot.posts import parse_post

    text = "---\ntitle: T\ndescription: D\ndate: 2026-01-01\nauthors: [a]\ncategories: [c]\n---\nx\n<!-- more -->\n"
    post = parse_post(text, "p.md", "p.md", authors=["a"], categories=["c"])
    post.rendered("<p>" + "word " * 2000 + "</p>", 265, minutes=3)
    assert post.readtime == 3
    post.rendered("<p>" + "word " * 2000 + "</p>", 265)
    assert post.readtime == 8


def test_lazy_markdown_is_created_on_first_real_use_and_can_be_released() -> None:
    created = []

    def factory(**kwargs):
        created.append(kwargs)
        return markdown.Markdown(**kwargs)

    lazy = excerpts.LazyMarkdown(factory, extensions=["toc"])
    processor = Relpath("../")
    lazy.treeprocessors.register(processor, excerpts.RELPATH, 1)
    assert lazy.treeprocessors[excerpts.RELPATH] is processor and not created
    assert lazy.convert("[a](x.md)") == '<p><a href="../x.md">a</a></p>'
    assert len(created) == 1
    assert lazy.treeprocessors.get_index_for_name(excerpts.RELPATH) >= 0
    lazy.treeprocessors.register(Excerpt(None), excerpts.EXCERPT, 0)
    assert excerpts.real(lazy) is lazy.materialized
    lazy.release()
    assert lazy.materialized is None
    assert excerpts.EXCERPT in [item.name for item in excerpts.real(lazy).treeprocessors._priority]
    plain = markdown.Markdown()
    assert excerpts.real(plain) is plain


# --- pagekey ---------------------------------------------------------------------------------------


def digest(*values, token="t", shared=None) -> str:
    return pagekey.Digest(token, shared).add(*values).hexdigest()


def test_digest_covers_values_and_marks_unknown_objects_per_build() -> None:
    assert digest({"a": [1, 2.5, True, None]}, dt.datetime(2026, 1, 1)) == digest(
        {"a": [1, 2.5, True, None]}, dt.datetime(2026, 1, 1)
    )
    assert digest({"a": 1}) != digest({"a": 2})
    assert digest({1, 2}) == digest({2, 1})
    thing = object()
    assert digest(thing, token="t") == digest(thing, token="t")
    assert digest(thing, token="t") != digest(thing, token="u")  # another build: never equal
    cycle: list = []
    cycle.append(cycle)
    assert digest(cycle, token="t") == digest(cycle, token="t")
    assert digest(cycle, token="t") != digest(cycle, token="u")  # a cycle: the build's token
    assert digest(cycle, token="t") != digest("unpicklable:t")  # not the text of its token either
    deep: list = []
    node = deep
    for _ in range(50):
        node.append([])
        node = node[0]
    assert digest(deep, token="t") == digest(deep, token="u")  # deep is fine: digested by value
    assert digest(deep) != digest([deep])


class FakeConfig(dict):
    def load_dict(self, _):  # what makes MkDocs Config objects recognisable
        return None


def test_config_objects_are_digested_once_per_build() -> None:
    shared: dict = {}
    config = FakeConfig(name="A")
    first = digest(config, shared=shared)
    assert len(shared) == 1
    assert digest(config, shared=shared) == first
    assert digest(FakeConfig(name="B")) != first


def page(title: str, url: str, **extra) -> SimpleNamespace:
    values = {"file": SimpleNamespace(src_uri=url + ".md"), "meta": {}, "content": "", "toc": []}
    values.update(extra)
    return SimpleNamespace(title=title, url=url, **values)


def test_page_digest_covers_neighbours_posts_and_pages() -> None:
    def key(p) -> str:
        d = pagekey.Digest("t")
        pagekey.page_digest(d, p)
        return d.hexdigest()

    base = page("A", "a/", previous_page=page("P", "p/"), next_page=None, ancestors=[page("S", "s/")])
    assert key(base) == key(base)
    renamed = page("A", "a/", previous_page=page("P2", "p/"), next_page=None, ancestors=[page("S", "s/")])
    assert key(base) != key(renamed)
    view = page("V", "v/", posts=[page("X", "x/")], pages=[page("V", "v/")], config=FakeConfig(a=1), authors=[])
    other = page("V", "v/", posts=[page("Y", "x/")], pages=[page("V", "v/")], config=FakeConfig(a=1), authors=[])
    assert key(view) != key(other)
    item = SimpleNamespace(
        id="h", title="H", url="#h", level=2, children=[SimpleNamespace(id="c", title="C", url="#c", children=[])]
    )
    assert key(page("A", "a/", toc=[item])) != key(page("A", "a/"))

    def toc_item(child_title: str = "C", **changes: object) -> SimpleNamespace:
        child = SimpleNamespace(id="c", title=child_title, url="#c", level=3, children=[])
        return SimpleNamespace(**{"id": "h", "title": "H", "url": "#h", "level": 2, "children": [child], **changes})

    same = key(page("A", "a/", toc=[toc_item()]))
    assert same == key(page("A", "a/", toc=[toc_item()]))
    for changed in (
        toc_item("C2"),
        toc_item(id="h2"),
        toc_item(title="H2"),
        toc_item(url="#x"),
        toc_item(level=3),
        toc_item(children=[]),
    ):
        assert key(page("A", "a/", toc=[changed])) != same
    assert key(page("A", "a/", toc=[toc_item(), toc_item()])) != same
    d1, d2 = pagekey.Digest("t"), pagekey.Digest("t")
    pagekey.excerpt_digest(d1, SimpleNamespace(title="X", url="x/", content="<p>1</p>", more="m", meta={}, toc=[]))
    pagekey.excerpt_digest(d2, SimpleNamespace(title="X", url="x/", content="<p>1</p>", more="", meta={}, toc=[]))
    assert d1.hexdigest() != d2.hexdigest()
    nav = [SimpleNamespace(title="S", url=None, active=True, children=[page("A", "a/", active=False)])]
    n1, n2 = pagekey.Digest("t"), pagekey.Digest("t")
    pagekey.nav_digest(n1, nav)
    pagekey.nav_active(n1, nav)
    nav[0].children[0].active = True
    pagekey.nav_digest(n2, nav)
    pagekey.nav_active(n2, nav)
    assert n1.hexdigest() != n2.hexdigest()
    assert digest(pagekey.page_ref_value(None)) != pagekey.Digest("t").hexdigest()
    assert digest(pagekey.page_ref_value(None)) != digest(pagekey.page_ref_value(page("A", "a/")))
    assert pagekey.is_page(base) and not pagekey.is_page({"url": 1})


def test_page_digest_covers_text_that_hooks_hang_on_the_page() -> None:
    """Head tags and a post's end-matter (related posts, series) are strings set on the page."""

    def key(p) -> str:
        d = pagekey.Digest("t")
        pagekey.page_digest(d, p)
        return d.hexdigest()

    base = page("A", "a/", pe_head="<meta>", pe_after="<a>Related: B</a>")
    assert key(base) == key(page("A", "a/", pe_head="<meta>", pe_after="<a>Related: B</a>"))
    assert key(base) != key(page("A", "a/", pe_head="<meta>", pe_after="<a>Related: B, renamed</a>"))
    assert key(base) != key(page("A", "a/", pe_head="<meta x>", pe_after="<a>Related: B</a>"))
    assert key(base) != key(page("A", "a/", pe_head="<meta>"))


def test_serve_writes_the_cache_files_when_idle_and_on_shutdown(tmp_path, monkeypatch) -> None:
    """``on_serve`` (after the first build) leaves the cache's files of each rebuild to the
    idle collection (``polyglot.gcidle``), and ``on_shutdown`` writes what still waits."""
    import speed_hooks
    from polyglot import polling

    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setattr(polling, "pause_while", lambda emitter, busy: True)  # watchdog left as it is
    store = mdcache.Store(tmp_path, keep_in_memory=True)
    monkeypatch.setitem(speed_hooks._state, "store", store)
    monkeypatch.setitem(speed_hooks._state, "defer_writes", False)
    store.put("k", "first", 1)  # the first build, before serving: written at once
    assert (tmp_path / "k" / "fi" / "first").is_file()
    server = SimpleNamespace(builder=lambda: store.put("k", "rebuilt", 2), build_delay=0.25, observer=None)
    assert speed_hooks.on_serve(server, config=None, builder=None) is server
    collector = server.builder._polyglot_collector
    collector._timer_factory = lambda delay, function: SimpleNamespace(start=lambda: None, cancel=lambda: None)
    assert collector.idle_work == [speed_hooks._write_pending]
    server.builder()
    assert not (tmp_path / "k" / "re").exists() and store.get("k", "rebuilt") == 2
    assert collector.collect() and (tmp_path / "k" / "re" / "rebuilt").is_file()
    speed_hooks.on_serve(server, config=None, builder=None)  # the same builder: wired once
    assert collector.idle_work == [speed_hooks._write_pending] and server.builder._polyglot_collector is collector
    store.put("k", "late", 3)
    speed_hooks.on_shutdown()
    assert (tmp_path / "k" / "la" / "late").is_file()


def test_memoized_results_are_fresh_copies_on_every_call(tmp_path, monkeypatch) -> None:
    import speed_hooks

    calls: list[str] = []
    shared = [1]

    def parse(text: str) -> object:
        calls.append(text)
        if text == "text":
            return text.upper()
        if text == "lambda":
            return {"f": len, "g": lambda: None}  # cannot be pickled
        return {"date": dt.date(2026, 1, 2), "tags": ["a"], "same": shared, "again": shared}

    memo = speed_hooks._memoized(parse, "t")
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    first = memo("meta")
    first["tags"].append("changed by a caller")
    second = memo("meta")
    assert second == {"date": dt.date(2026, 1, 2), "tags": ["a"], "same": [1], "again": [1]} and len(calls) == 1
    assert second["same"] is second["again"] and second["same"] is not shared  # as copy.deepcopy copies
    assert memo("text") == memo("text") == "TEXT" and len(calls) == 2
    kept = memo("lambda")
    assert memo("lambda") is not kept and memo("lambda")["f"] is len and len(calls) == 3


def test_finished_pages_are_memoized_on_every_input_and_only_when_they_pass(tmp_path, monkeypatch) -> None:
    """The last pass over a page (links, CSP) is reused only for the same HTML, policy and label."""
    import speed_hooks

    calls: list[str] = []

    def finish(html: str, policy: dict, label: str) -> str:
        calls.append(html)
        if "bad" in html:
            raise ValueError(label)
        return html.upper() + label

    memo = speed_hooks._finish_memo(finish)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setitem(speed_hooks._state, "finished", {})
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    policy = {"script-src": ["'self'"]}
    assert memo("<p>", policy, "a.md") == memo("<p>", policy, "a.md") and len(calls) == 2  # a plain build: no memo
    assert not any(tmp_path.iterdir())  # and nothing on disk
    calls.clear()
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    assert memo("<p>", policy, "a.md") == "<P>a.md"
    assert memo("<p>", policy, "a.md") == "<P>a.md" and len(calls) == 1
    assert memo("<p>", {"script-src": ["'none'"]}, "a.md") == "<P>a.md" and len(calls) == 2
    assert memo("<p>", policy, "b.md") == "<P>b.md" and len(calls) == 3
    assert memo("<p> ", policy, "a.md") == "<P> a.md" and len(calls) == 4
    for _ in range(2):
        with pytest.raises(ValueError):
            memo("bad", policy, "c.md")
    assert len(calls) == 6  # a failing page is checked again on every build
    memo("<p>", {"script-src": [object()]}, "a.md")
    assert len(calls) == 7  # a policy that is not plain text is never memoized
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    memo("<p>", policy, "a.md")
    assert len(calls) == 8


def test_what_the_site_can_match_is_memoized_on_every_page_and_script(tmp_path, monkeypatch) -> None:
    """A build whose pages and scripts are those of the last build reuses what they can match;
    any change to a page, a script or which list a text is in computes it again, reading only
    the pages that changed since the last build of the process."""
    import speed_hooks
    from polyglot import cssprune

    original = cssprune.collect_used
    read: list[str] = []
    html_tokens = cssprune.html_tokens

    def counted_tokens(html: str) -> set[str]:
        read.append(html)
        return html_tokens(html)

    calls: list[int] = []

    def counted(pages, own=(), theme=(), *rest):
        calls.append(1)
        return original(pages, own, theme, *rest)

    memo = speed_hooks._used_memo(counted)
    monkeypatch.setattr(cssprune, "html_tokens", counted_tokens)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setitem(speed_hooks._state, "page_tokens", ("", {}))
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    own, theme = ["el.classList.add('c')"], ["'md-d'"]
    pages = ['<p class="a">', '<p class="b">']
    first = memo(iter(pages), (x for x in own), theme)
    assert first == original(pages, own, theme) and first.has("a") and first.has("c") and first.has("md-d")
    read.clear()
    assert memo(pages, own, theme) == first and read == []
    edited = ['<p class="a">', '<p class="x">']
    changed = memo(edited, own, theme)
    assert read == ['<p class="x">']  # only the edited page is read again
    assert changed == original(edited, own, theme) and changed.has("x") and not changed.has("b")
    other_lists = memo(edited, [], [*own, *theme])  # the same texts, another list
    assert other_lists == original(edited, [], [*own, *theme]) and other_lists != changed
    monkeypatch.setitem(speed_hooks._state, "fingerprints", {speed_hooks.FINISHED: "other code"})
    read.clear()
    memo(edited, own, theme)
    assert read == edited  # other code: every page is read again
    assert calls == []
    monkeypatch.setitem(speed_hooks._state, "serve", False)  # a plain build keeps no page's words
    monkeypatch.setitem(speed_hooks._state, "page_tokens", ("", {}))
    memo(['<p class="y">'], own, theme)
    assert speed_hooks._state["page_tokens"] == ("", {})
    files = []
    for i, text in enumerate(['<p class="a">', '<p class="z">']):
        (tmp_path / f"{i}.html").write_text(text, "utf-8")
        files.append(tmp_path / f"{i}.html")
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    from_files = memo(cssprune.PageTexts(files), own, theme)  # pages read from files, not held
    assert from_files == original(['<p class="a">', '<p class="z">'], own, theme) and from_files.has("z")
    read.clear()
    (tmp_path / "1.html").write_text('<p class="w">', "utf-8")
    again = memo(cssprune.PageTexts(files), own, theme)
    assert read == ['<p class="w">']  # a file known by its bytes' digest is not read as text
    assert again == original(['<p class="a">', '<p class="w">'], own, theme) and not again.has("z")
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    assert memo(pages, own, theme) == first and len(calls) == 1


def test_pruned_stylesheets_are_memoized_on_the_stylesheet_and_what_the_site_can_match(tmp_path, monkeypatch) -> None:
    """The same stylesheet pruned to the same tokens is pruned once; other tokens or another
    stylesheet prune again, with the result of an unmemoized prune."""
    import speed_hooks
    from polyglot import cssprune

    original = cssprune.prune_css
    calls: list[str] = []

    def counted(css, used):
        calls.append(css)
        return original(css, used)

    memo = speed_hooks._prune_memo(counted)
    store = mdcache.Store(tmp_path)
    monkeypatch.setitem(speed_hooks._state, "store", store)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    css = ".a{color:red}.b{color:blue}@media screen{.a{margin:0}.b{margin:1px}}"
    used_a = cssprune.collect_used(['<p class="a">'])
    used_b = cssprune.collect_used(['<p class="b">'])
    assert memo(css, used_a) == ".a{color:red}@media screen{.a{margin:0}}"
    assert calls == [css] and len(store._bulk_table(speed_hooks.CSS_PRUNED)) == 1
    assert memo(css, used_a) == ".a{color:red}@media screen{.a{margin:0}}" and len(calls) == 1
    assert memo(css, used_b) == ".b{color:blue}@media screen{.b{margin:1px}}" and len(calls) == 2
    assert memo(css + ".c{}", used_a) == ".a{color:red}@media screen{.a{margin:0}}" and len(calls) == 3
    # Words the stylesheet's selectors do not name change nothing: no prune again.
    used_a_more = cssprune.collect_used(['<p class="a new words">A new title'])
    assert memo(css, used_a_more) == ".a{color:red}@media screen{.a{margin:0}}" and len(calls) == 3
    both = cssprune.collect_used(['<p class="a b">'])
    assert memo(css, both) == original(css, both) and len(calls) == 4
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    memo(css, used_a)
    assert len(calls) == 5


def test_what_each_page_can_match_and_its_stylesheets_are_memoized(tmp_path, monkeypatch) -> None:
    """A page's tokens are read once per page text and stylesheets; a stylesheet is cut down
    once per set of tokens (pages that can match the same rules share it); other stylesheets
    or scripts compute again, with the results of the unmemoized functions."""
    import speed_hooks
    from polyglot import cssinline

    token_calls: list[str] = []
    css_calls: list[str] = []

    def counted_tokens(html, sheets):
        token_calls.append(html)
        return cssinline.page_tokens(html, sheets)

    def counted_css(sheets, path, tokens):
        css_calls.append(path)
        return cssinline.critical_css(sheets, path, tokens)

    tokens_memo = speed_hooks._page_tokens_memo(counted_tokens)
    css_memo = speed_hooks._critical_memo(counted_css)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    sheets = cssinline.make_sheets({"a.css": ".md-x{a:b}.md-y{c:d}"}, ["el.classList.add('md-y')"])
    first, second = '<p class="md-x">one', '<p class="md-x">two'
    assert tokens_memo(first, sheets) == cssinline.page_tokens(first, sheets) == {"md-x", "md-y"}
    assert tokens_memo(first, sheets) == {"md-x", "md-y"} and token_calls == [first]
    assert tokens_memo(second, sheets) == {"md-x", "md-y"} and token_calls == [first, second]
    other = cssinline.make_sheets({"a.css": ".md-x{a:b}"}, [])
    assert tokens_memo(first, other) == {"md-x"} and len(token_calls) == 3
    tokens = frozenset({"md-x", "md-y"})
    assert css_memo(sheets, "a.css", tokens) == ".md-x{a:b}.md-y{c:d}" and css_calls == ["a.css"]
    assert css_memo(sheets, "a.css", frozenset({"md-y", "md-x"})) == ".md-x{a:b}.md-y{c:d}" and len(css_calls) == 1
    assert css_memo(sheets, "a.css", frozenset({"md-y"})) == ".md-y{c:d}" and len(css_calls) == 2
    assert css_memo(other, "a.css", tokens) == ".md-x{a:b}" and len(css_calls) == 3
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    tokens_memo(first, sheets)
    css_memo(sheets, "a.css", tokens)
    assert len(token_calls) == 4 and len(css_calls) == 4


def test_the_custom_properties_a_page_reads_are_memoized_with_its_stylesheet(tmp_path, monkeypatch) -> None:
    """Once per stylesheets, tokens and the page's own reads; the stylesheet cut down to them
    once per set of properties too."""
    import speed_hooks
    from polyglot import cssinline

    calls: list[frozenset[str]] = []

    def counted(sheets, tokens, page_reads):
        calls.append(page_reads)
        return cssinline.properties_read(sheets, tokens, page_reads)

    memo = speed_hooks._properties_memo(counted)
    css_memo = speed_hooks._critical_memo(cssinline.critical_css)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    sheets = cssinline.make_sheets({"a.css": ":root{--a:1;--b:2;--c:3}.md-x{top:var(--a)}"}, [])
    tokens = frozenset({"md-x"})
    assert memo(sheets, tokens, frozenset()) == {"--a"} and len(calls) == 1
    assert memo(sheets, tokens, frozenset()) == {"--a"} and len(calls) == 1
    assert memo(sheets, tokens, frozenset({"--c"})) == {"--a", "--c"} and len(calls) == 2
    assert memo(sheets, frozenset(), frozenset()) == set() and len(calls) == 3
    assert css_memo(sheets, "a.css", tokens, frozenset({"--a"})) == ":root{--a:1}.md-x{top:var(--a)}"
    assert css_memo(sheets, "a.css", tokens, frozenset({"--a", "--c"})) == ":root{--a:1;--c:3}.md-x{top:var(--a)}"
    assert css_memo(sheets, "a.css", tokens) == ":root{--a:1;--b:2;--c:3}.md-x{top:var(--a)}"


def test_a_word_sets_digest_is_its_sorted_words_and_is_kept_by_the_set(monkeypatch) -> None:
    import speed_hooks

    monkeypatch.setitem(speed_hooks._state, "set_digests", {})
    words = frozenset({"md-x", "md-y"})
    digest = speed_hooks._set_digest(words)
    assert digest == mdcache.fingerprint(["md-x", "md-y"])
    assert speed_hooks._set_digest(frozenset(["md-y", "md-x"])) == digest  # an equal set, another object
    assert speed_hooks._set_digest({"md-y", "md-x"}) == digest  # a plain set: computed, not kept
    assert speed_hooks._set_digest(frozenset({"md-x"})) != digest
    assert set(speed_hooks._state["set_digests"]) == {words, frozenset({"md-x"})}
    monkeypatch.setattr(speed_hooks, "_SET_DIGESTS_KEPT", 2)
    speed_hooks._set_digest(frozenset({"md-z"}))  # a third set: the kept ones are dropped first
    assert set(speed_hooks._state["set_digests"]) == {frozenset({"md-z"})}


def test_the_last_pass_over_a_page_is_memoized_on_every_input(tmp_path, monkeypatch) -> None:
    """Reused only for the same HTML, label, policy, path, site address, stylesheets and
    build-wide inputs; a page that fails is checked again every time."""
    import speed_hooks
    from polyglot import cssinline, postpage

    calls: list[str] = []

    def finish(html, **kwargs):
        calls.append(html)
        return postpage.finish(html, **kwargs)

    memo = speed_hooks._post_page_memo(finish)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setitem(speed_hooks._state, "site", "build-wide inputs")
    monkeypatch.setitem(speed_hooks._state, "provenance", {})
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    sheets = cssinline.make_sheets({"a.css": ".md-x{a:b}.md-y{c:d}"})
    html = '<html><head><link rel="stylesheet" href="a.css"></head><body><p class="md-x">x</body></html>'
    args = {
        "label": "docs/index.md",
        "policy": {"script-src": ["'self'"]},
        "page": "index.html",
        "site_url": "",
        "sheets": sheets,
        "style_element": lambda path, css: f'<style data-href="{path}">{css}</style>',
    }
    expected = postpage.finish(html, **args)
    assert "<style" in expected and "Content-Security-Policy" in expected
    assert memo(html, **args) == expected and len(calls) == 1
    assert memo(html, **args) == expected and len(calls) == 1
    for change in (
        {"label": "docs/other.md"},
        {"policy": {"script-src": ["'none'"]}},
        {"page": "other/index.html"},
        {"site_url": "https://example.org/"},
        {"sheets": cssinline.make_sheets({"a.css": ".md-x{a:c}"})},
        {"sheets": None},
    ):
        before = len(calls)
        assert memo(html, **{**args, **change}) == postpage.finish(html, **{**args, **change})
        assert len(calls) == before + 1, change
    assert memo(html.replace("md-x", "md-y"), **args) != expected and len(calls) == 8
    monkeypatch.setitem(speed_hooks._state, "site", "templates changed")
    memo(html, **args)
    assert len(calls) == 9
    bad = html.replace("<p", '<p onclick="x()"')
    for _ in range(2):
        with pytest.raises(Exception, match="onclick"):
            memo(bad, **args)
    assert len(calls) == 11
    monkeypatch.setitem(speed_hooks._state, "site", "")  # before on_env: never memoized
    memo(html, **args)
    memo(html, **args)
    assert len(calls) == 13


def test_a_page_made_from_a_cache_entry_is_named_by_its_key(monkeypatch) -> None:
    """Memos downstream of a cached page key it by where it came from, not by hashing it."""
    import speed_hooks

    monkeypatch.setitem(speed_hooks._state, "provenance", {})
    page = "<html>" + "x" * 100 + "</html>"
    assert speed_hooks._digest_of(page) == "text:" + speed_hooks._text_digest(page)
    assert speed_hooks._remember(page, "html", "k1") is page
    assert speed_hooks._digest_of(page) == "html:k1"
    equal = "".join(["<html>", "x" * 100, "</html>"])  # the same text, another object
    assert equal == page and equal is not page
    assert speed_hooks._digest_of(equal) == "text:" + speed_hooks._text_digest(page)
    monkeypatch.setattr(speed_hooks, "_PROVENANCE_KEPT", 2)
    speed_hooks._remember(equal, "html", "k2")
    assert speed_hooks._digest_of(equal) == "html:k2" and speed_hooks._digest_of(page) == "html:k1"
    third = page + " "
    speed_hooks._remember(third, "lightbox", "k3")  # only the last two are kept
    assert speed_hooks._digest_of(third) == "lightbox:k3" and speed_hooks._digest_of(equal) == "html:k2"
    assert speed_hooks._digest_of(page).startswith("text:")


class _Lightbox:
    """Stands in for mkdocs-glightbox's plugin: counts its ``on_post_page`` calls."""

    def __init__(self) -> None:
        self.config = {"skip_classes": ["pe-icon"], "effect": "zoom"}
        self.using_material, self.using_material_privacy = True, False
        self.calls: list[str] = []

    def on_post_page(self, output, page, config, **kwargs):
        self.calls.append(output)
        return f"{output}|{page.url}|{self.config['effect']}"


def test_the_lightbox_pass_is_memoized_on_the_page_and_what_the_plugin_reads(tmp_path, monkeypatch) -> None:
    import speed_hooks

    monkeypatch.setattr(_Lightbox, "_polyglot_original_post_page", _Lightbox.on_post_page, raising=False)
    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    plugin = _Lightbox()
    theme = SimpleNamespace(name="material", get=lambda key, default=None: ["navigation.instant"])
    config = {"theme": theme}
    post = SimpleNamespace(url="a/", meta={})
    monkeypatch.setitem(speed_hooks._state, "provenance", {})
    run = speed_hooks._lightbox_post_page
    assert run(plugin, "<html>", post, config) == "<html>|a/|zoom" and len(plugin.calls) == 1
    reused = run(plugin, "<html>", post, config)
    assert reused == "<html>|a/|zoom" and len(plugin.calls) == 1
    assert speed_hooks._digest_of(reused).startswith("lightbox:")  # named by its key downstream
    assert run(plugin, "<html> ", post, config) == "<html> |a/|zoom" and len(plugin.calls) == 2
    assert run(plugin, "<html>", SimpleNamespace(url="b/", meta={}), config).endswith("|b/|zoom")
    assert len(plugin.calls) == 3
    run(plugin, "<html>", SimpleNamespace(url="a/", meta={"glightbox": False}), config)
    assert len(plugin.calls) == 4
    plugin.config["effect"] = "fade"
    assert run(plugin, "<html>", post, config) == "<html>|a/|fade" and len(plugin.calls) == 5
    plugin.using_material_privacy = True
    run(plugin, "<html>", post, config)
    assert len(plugin.calls) == 6
    plugin.config["skip_classes"] = [object()]  # not plain data: never memoized
    run(plugin, "<html>", post, config)
    run(plugin, "<html>", post, config)
    assert len(plugin.calls) == 8
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    plugin.config["skip_classes"] = []
    run(plugin, "<html>", post, config)
    assert len(plugin.calls) == 9


def test_serve_keeps_the_lightbox_pass_over_content_by_content_metadata_and_options(monkeypatch) -> None:
    import speed_hooks

    calls: list[str] = []

    def on_page_content(self, html, page, config, **kwargs):
        calls.append(html)
        return f"{html}|{page.meta.get('glightbox.auto_caption')}|{self.config['effect']}"

    monkeypatch.setattr(_Lightbox, "_polyglot_original_page_content", on_page_content, raising=False)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    monkeypatch.setitem(speed_hooks._state, "lightbox_content", {})
    plugin = _Lightbox()
    config = {"theme": SimpleNamespace(name="material", get=lambda key, default=None: [])}
    post = SimpleNamespace(url="a/", meta={"date": dt.date(2026, 1, 2)})
    run = speed_hooks._lightbox_page_content
    x, y = '<p><img src="x.png"></p>', '<p><img src="y.png"></p>'
    assert run(plugin, x, post, config) == f"{x}|None|zoom"
    assert run(plugin, x, post, config, files=[]) == f"{x}|None|zoom" and len(calls) == 1
    assert run(plugin, x, SimpleNamespace(url="b/", meta={"date": dt.date(2026, 1, 2)}), config)
    assert len(calls) == 1  # the page's URL is not read: another page with the same content
    assert run(plugin, y, post, config) == f"{y}|None|zoom" and len(calls) == 2
    captioned = SimpleNamespace(url="a/", meta={"glightbox.auto_caption": True})
    assert run(plugin, x, captioned, config) == f"{x}|True|zoom" and len(calls) == 3
    plugin.config["effect"] = "fade"
    assert run(plugin, x, post, config) == f"{x}|None|fade" and len(calls) == 4
    odd = SimpleNamespace(url="a/", meta={"cover": object()})  # metadata that is not plain data
    run(plugin, x, odd, config)
    run(plugin, x, odd, config)
    assert len(calls) == 6
    # Content without an image: the plugin writes its parse, whatever the metadata and options
    # (test_the_lightbox_pass_over_content_without_an_image_reads_only_the_content).
    for page in (post, captioned, odd):
        run(plugin, "<p>z</p>", page, config)
    plugin.config["effect"] = "zoom"
    run(plugin, "<p>z</p>", post, config)
    assert len(calls) == 7
    off = SimpleNamespace(url="a/", meta={"glightbox": False})  # turned off on the page: another entry
    run(plugin, "<p>z</p>", off, config)
    assert len(calls) == 8
    for image in ('<IMG src="a.png">', "<image src=a.png>", "<img/>"):  # the parser's img elements
        run(plugin, image, post, config)
        run(plugin, image, captioned, config)
    assert len(calls) == 14
    monkeypatch.setitem(speed_hooks._state, "serve", False)  # a plain build: nothing kept
    run(plugin, x, post, config)
    assert len(calls) == 15


def test_the_lightbox_pass_over_content_without_an_image_reads_only_the_content() -> None:
    """What the memo above assumes of mkdocs-glightbox's ``on_page_content``: for content with
    no start tag its HTML parser makes an ``img`` of, the page's metadata (unless it turns the
    plugin off) and the plugin's options change nothing."""
    from mkdocs_glightbox.plugin import LightboxPlugin

    import speed_hooks

    contents = [
        '<h1 id="a">T</h1><p>x <b>y</b></p><pre><code>&lt;img src="a.png"&gt;</code></pre>',
        "<p>an imagination, <imaging></p><svg><circle r='1'/></svg>",
        "",
    ]
    outputs = set()
    for content in contents:
        assert speed_hooks._IMAGE_TAG.search(content) is None
        seen = set()
        for options, meta in (({}, {}), ({"effect": "fade", "skip_classes": ["x"]}, {"glightbox.auto_caption": True})):
            plugin = LightboxPlugin()
            assert plugin.load_config(options) == ([], [])
            seen.add(plugin.on_page_content(content, SimpleNamespace(meta=meta), {}))
        assert len(seen) == 1
        outputs |= seen
    assert len(outputs) == len(contents)


def test_the_registered_lightbox_handlers_are_replaced_in_place(monkeypatch) -> None:
    """MkDocs registered the plugin's bound methods before any hook ran: both memoized
    handlers (page content and post page) take their places for the first build too."""
    from mkdocs.plugins import PluginCollection

    import speed_hooks

    def on_page_content(self, html, page, config, files):
        return html

    monkeypatch.setattr(_Lightbox, "on_page_content", on_page_content, raising=False)
    monkeypatch.setattr(_Lightbox, "_polyglot_original_post_page", _Lightbox.on_post_page, raising=False)
    monkeypatch.setattr(_Lightbox, "_polyglot_original_page_content", on_page_content, raising=False)
    plugins = PluginCollection()
    plugin = _Lightbox()
    plugins["glightbox"] = plugin  # registers plugin.on_post_page and plugin.on_page_content
    assert plugins.events["post_page"][0].__func__ is _Lightbox.on_post_page
    assert plugins.events["page_content"][0].__func__ is on_page_content
    speed_hooks._rebind_lightbox(SimpleNamespace(plugins=plugins))
    for event, memoized in (
        ("post_page", speed_hooks._lightbox_post_page),
        ("page_content", speed_hooks._lightbox_page_content),
    ):
        handlers = plugins.events[event]
        assert len(handlers) == 1 and handlers[0].__func__ is memoized
        assert handlers[0].__self__ is plugin and plugins._event_origins[handlers[0]] == "glightbox"
    before = {event: list(plugins.events[event]) for event in ("post_page", "page_content")}
    speed_hooks._rebind_lightbox(SimpleNamespace(plugins=plugins))  # idempotent
    assert {event: plugins.events[event] for event in before} == before


def test_feed_environments_cache_compiled_templates_on_disk(tmp_path, monkeypatch) -> None:
    import jinja2

    import speed_hooks

    monkeypatch.setitem(speed_hooks._state, "jinja_dir", tmp_path)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "feed.xml").write_text("<feed>{{ x }}</feed>", "utf-8")
    env = speed_hooks._feed_environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), trim_blocks=True)
    assert isinstance(env.bytecode_cache, jinja2.FileSystemBytecodeCache) and env.trim_blocks
    assert env.get_template("feed.xml").render(x=1) == "<feed>1</feed>"
    assert list((tmp_path / "feeds").iterdir())  # the compiled template, for the next feed
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    assert speed_hooks._feed_environment().bytecode_cache is None


def test_blog_posts_get_the_indexed_list_only_with_mkdocs_page_equality(monkeypatch) -> None:
    from mkdocs.structure import pages as mkdocs_pages

    import speed_hooks
    from polyglot.pagelist import PageList

    class BlogPlugin:  # named after Material's module below
        def __init__(self) -> None:
            self.blog = SimpleNamespace(posts=[1, 2])

    BlogPlugin.__module__ = "material.plugins.blog.plugin"
    plugin = BlogPlugin()
    other = SimpleNamespace(blog=SimpleNamespace(posts=[3]))  # another plugin with a ``blog``
    config = SimpleNamespace(plugins={"blog": plugin, "other": other})
    assert speed_hooks._stock_page_equality()
    speed_hooks._index_blog_posts(config)
    assert type(plugin.blog.posts) is PageList and plugin.blog.posts == [1, 2]
    assert type(other.blog.posts) is list
    plugin.blog.posts = [1, 2]
    monkeypatch.setattr(mkdocs_pages.Page, "__eq__", lambda self, other: True)
    assert not speed_hooks._stock_page_equality()
    speed_hooks._index_blog_posts(config)
    assert type(plugin.blog.posts) is list


def test_a_views_list_of_posts_is_digested_once_per_build_and_length() -> None:
    shared: dict = {}

    def key(p, build: dict | None = None) -> str:
        d = pagekey.Digest("t", shared if build is None else build)
        pagekey.page_digest(d, p)
        return d.hexdigest()

    listed = [page("X", "x/"), page("Y", "y/")]
    first = key(page("V", "v/", posts=listed))
    assert key(page("V", "v/2/", posts=listed)) != first  # another page of the same view
    assert key(page("V", "v/", posts=listed)) == first
    assert len(shared) == 1  # the list's digest, kept for the build
    listed.append(page("Z", "z/"))
    grown = key(page("V", "v/", posts=listed))
    assert grown != first
    assert key(page("V", "v/", posts=list(listed))) == grown  # another list, same posts
    listed[2].title = "Z, renamed"  # between builds: a new build digests the list again
    assert key(page("V", "v/", posts=listed), {}) != grown
    as_tuple = key(page("V", "v/", posts=tuple(listed)))
    assert as_tuple == key(page("V", "v/", posts=tuple(listed)))  # not a list: digested each time
    assert key(page("V", "v/", posts=tuple(listed[:2]))) != as_tuple


def test_which_templates_read_a_views_list_of_posts() -> None:
    assert pagekey.reads_view_posts(["{% for p in page.posts %}{{ p.title }}{% endfor %}"])
    assert pagekey.reads_view_posts(["{{ page['posts'] | length }}"])
    assert pagekey.reads_view_posts(['{{ page | attr("posts") }}'])
    assert not pagekey.reads_view_posts(["{% for post in posts %}{{ post.title }}{% endfor %}"])
    assert not pagekey.reads_view_posts(["{#- Context: posts (polyglot.posts.card_context) -#}<p>"])
    assert not pagekey.reads_view_posts([])


def test_without_templates_reading_them_a_view_is_keyed_by_how_many_posts_it_lists() -> None:
    def key(p, listed: bool) -> str:
        d = pagekey.Digest("t")
        pagekey.page_digest(d, p, listed_posts=listed)
        return d.hexdigest()

    two = page("V", "v/2/", posts=[page("X", "x/"), page("Y", "y/")])
    renamed = page("V", "v/2/", posts=[page("X", "x/"), page("Y, renamed", "y/")])
    three = page("V", "v/2/", posts=[page("X", "x/"), page("Y", "y/"), page("Z", "z/")])
    assert key(two, True) != key(renamed, True)
    assert key(two, False) == key(renamed, False)  # this page shows other excerpts
    assert key(two, False) != key(three, False)  # its pagination counts them


def test_the_theme_is_scanned_once_and_again_when_an_override_changes(tmp_path, monkeypatch) -> None:
    import os

    import speed_hooks

    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    main = overrides / "main.html"
    main.write_text("{% for post in posts %}{{ post.title }}{% endfor %}", "utf-8")
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(overrides)]))
    scanned: list[int] = []
    real = pagekey.reads_view_posts
    monkeypatch.setattr(pagekey, "reads_view_posts", lambda sources: scanned.append(1) or real(sources))
    assert speed_hooks._templates_read_posts(None, config) is False
    assert speed_hooks._templates_read_posts(None, config) is False and len(scanned) == 1
    extra = overrides / "partials" / "list.html"
    extra.write_text("{% for p in page.posts %}{{ p.url }}{% endfor %}", "utf-8")
    assert speed_hooks._templates_read_posts(None, config) is True and len(scanned) == 2
    extra.write_text("{{ page.title }}", "utf-8")
    os.utime(extra, ns=(1, 10**18))  # the edit is seen by its time, whatever the clock
    assert speed_hooks._templates_read_posts(None, config) is False and len(scanned) == 3
    assert speed_hooks._templates_read_posts(None, SimpleNamespace(theme=SimpleNamespace(dirs=[]))) is True


def test_digest_pieces_cannot_run_together() -> None:
    assert digest("a", "bc") != digest("ab", "c")
    assert digest("1:a") != digest("1", "a") != digest(["1:a"])
    assert digest("é" * 3) != digest("e" * 3) and digest("x") == digest("x")


def test_values_are_digested_with_their_types() -> None:
    import enum

    from markupsafe import Markup

    class Text(str):
        pass

    class Level(enum.IntEnum):
        ONE = 1

    assert digest(Markup("<b>")) != digest("<b>") != digest(Text("<b>"))
    assert digest(Markup("<b>")) == digest(Markup("<b>")) and digest(Markup("<b>")) != digest(Markup("<i>"))
    assert len({digest(v) for v in (True, 1, 1.0, Level.ONE, "1", b"1", None, 0, False)}) == 9
    assert digest(0.0) != digest(-0.0)
    assert digest([1, 2]) != digest((1, 2)) != digest([2, 1])
    assert digest({1: "x"}) != digest({"1": "x"})
    assert digest(("str:builtins.str", "x")) != digest(Text("x"))  # a reduced value is not its tuple
    assert digest("\ud800") != digest("\ud801")  # lone surrogates are text too
    assert digest(dt.date(2026, 1, 2)) != digest(dt.datetime(2026, 1, 2)) != digest(dt.date(2026, 1, 3))


def test_dates_and_times_digest_by_value_zone_and_fold() -> None:
    """Aware times in a fixed-offset zone are written as text (their ISO form, the zone's
    repr, the fold); every other date and time as pickle writes it: all of them differ
    wherever a template could print them differently."""
    import zoneinfo

    utc, plus1 = dt.UTC, dt.timezone(dt.timedelta(hours=1))
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=utc)
    assert digest(when) == digest(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    same_instant = [when, when.astimezone(plus1), when.replace(tzinfo=dt.timezone(dt.timedelta(0), "Z"))]
    variants = [
        *same_instant,
        when.replace(tzinfo=None),
        when.replace(microsecond=1),
        when.replace(fold=1),
        when.date(),
        when.timetz(),
        when.time(),
        when.astimezone(zoneinfo.ZoneInfo("Europe/Paris")),  # not a fixed offset: pickle's own form
        when.astimezone(zoneinfo.ZoneInfo("Africa/Lagos")),  # the same offset, another zone
        dt.timedelta(hours=1),
    ]
    assert len({digest(v) for v in variants}) == len(variants)
    assert digest(when.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))) == digest(
        when.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
    )

    class Later(dt.datetime):  # a subclass: pickle's own form, with its class
        pass

    later = Later(2026, 1, 2, 3, 4, 5, tzinfo=utc)
    assert digest(later) != digest(when) and digest(later) == digest(Later(2026, 1, 2, 3, 4, 5, tzinfo=utc))


def test_a_digest_is_the_values_structure_not_which_parts_are_the_same_object() -> None:
    """Reductions name classes held in the pickler's memo from the start (written as
    references to it); nothing else is memoized: a value used twice digests as two equal ones."""
    from markupsafe import Markup

    shared_markup, meta = Markup("<b>t</b>"), {"d": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}
    assert digest([shared_markup, shared_markup]) == digest([Markup("<b>t</b>"), Markup("<b>t</b>")])
    assert digest([meta, meta]) == digest([meta, dict(meta)])
    assert digest(tuple) != digest(("str:markupsafe.Markup", "<b>t</b>")) != digest(Markup("<b>t</b>"))
    assert digest(tuple, dt.datetime) != digest(dt.datetime, tuple)
    for pickler_value in (tuple, dt.timezone, dt.timedelta):
        assert digest(pickler_value) == digest(pickler_value)


def test_mappings_sequences_and_sets_of_other_types() -> None:
    """Other mappings and sequences are digested with their type and their items in order;
    sets of other types as their items' sorted reprs; dicts in their own order (another order digests
    differently: a page rendered again, never a stale one)."""
    from collections import OrderedDict, UserDict, UserList

    from markupsafe import Markup

    class Seq(list):
        pass

    assert digest(UserDict({"a": 1})) == digest(UserDict({"a": 1})) != digest(UserDict({"a": 2}))
    assert digest(UserDict({"a": 1})) != digest({"a": 1}) != digest(OrderedDict(a=1))
    assert digest(Seq([1])) != digest([1]) and digest(Seq([1])) != digest(Seq([2]))
    assert digest(UserList([1])) != digest(UserList([2]))
    # An exact set or frozenset takes pickle's own path, in its iteration order (which the
    # hash seed and the order of insertion set): equal ones may digest differently (a page
    # rendered again, never a stale one), different ones always differ.
    assert digest(frozenset({"a", "b"})) != digest(frozenset({"a", "c"}))

    class Tags(set):
        pass

    assert digest(Tags({"x", "y"})) == digest(Tags({"y", "x"})) != digest(Tags({"x"}))
    assert digest({"a": 1, "b": 2}) == digest({"a": 1, "b": 2})
    assert digest({"a": {"b": [1, Markup("m")]}}) != digest({"a": {"b": [1, "m"]}})


def test_a_digest_leaves_no_reference_cycle() -> None:
    """A rebuild makes about a thousand keys: each must be freed when dropped, not left to
    the cyclic collector (held off during serve rebuilds, ``polyglot.gcidle``)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        d = pagekey.Digest("t", {}).add({"a": [1, "x"]}, FakeConfig(name="A"), object())
        d.add(lambda: None)  # a failed value replaces the pickler
        assert len(d.hexdigest()) == 64
        del d
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_classes_and_functions_are_digested_by_name_or_the_builds_token() -> None:
    def local() -> None:
        return None

    assert digest(dt.datetime) == digest(dt.datetime) != digest(dt.date)
    assert digest(len) == digest(len)
    assert digest(local, token="t") != digest(local, token="u")  # not importable by name
    assert digest(["ok", local], token="t") != digest(["ok", local], token="u")
    d = pagekey.Digest("t").add(local, "after")
    assert d.hexdigest() == pagekey.Digest("t").add(local).add("after").hexdigest()  # the failure left nothing


def test_cached_search_sections_are_not_changed_by_the_page_that_uses_them(tmp_path, monkeypatch) -> None:
    """Material gives an untitled section its page's title: two pages with the same content
    and other titles each get their own, and the stored sections stay untitled."""
    from material.plugins.search.plugin import SearchIndex

    import speed_hooks

    store = mdcache.Store(tmp_path, keep_in_memory=True)
    monkeypatch.setitem(speed_hooks._state, "store", store)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    index = SearchIndex()

    def indexed(title: str) -> dict:
        before = len(index.entries)
        one = SimpleNamespace(content="<p>Same words.</p>", toc=[], url="p/", meta={"title": title}, title=title)
        speed_hooks._search_add_entry(index, one)
        return index.entries[before]

    assert indexed("First")["title"] == "First"
    assert indexed("Second")["title"] == "Second" and store.hits == 1  # from the store, not "First"
    stored = [s for (kind, _), value in store.memory.items() if kind == speed_hooks.SEARCH for s in value]
    assert stored and all(not s.title for s in stored)


def test_serve_gives_a_kept_page_the_search_entries_of_the_same_inputs(monkeypatch) -> None:
    """Under serve, the entries a page got are recorded with its inputs (``_build_page``); a
    later page with the same inputs gets copies of them without its content being read."""
    from material.plugins.search.plugin import SearchIndex

    import speed_hooks

    monkeypatch.setitem(speed_hooks._state, "store", None)
    monkeypatch.setitem(speed_hooks._state, "search_records", {})
    monkeypatch.setitem(speed_hooks._state, "search_page", None)

    def page(content: str) -> SimpleNamespace:
        return SimpleNamespace(
            content=content, toc=[], url="p/", meta={"tags": ["ml"]}, title="T", file=SimpleNamespace(src_uri="p.md")
        )

    def indexed(shown: SimpleNamespace, inputs: str | None) -> list[dict]:
        index = SearchIndex()
        monkeypatch.setitem(speed_hooks._state, "search_page", (shown, inputs))
        speed_hooks._search_add_entry(index, shown)
        return index.entries

    def titles(entries: list[dict]) -> list[str]:
        return [e["title"] for e in entries if e["location"] != "p/"]  # less the page's own entry

    first = indexed(page("<h2 id='a'>A</h2><p>One.</p>"), "k1")
    expected = [dict(e, tags=list(e["tags"])) for e in first]
    assert titles(first) == ["A"] and first[-1] == {
        "location": "p/#a",
        "title": "A",
        "text": "<p>One.</p>",
        "tags": ["ml"],
    }
    first[-1]["tags"].append("changed later")  # the index's entries are copies of the record
    # The same inputs: the record's entries (the content below cannot come with the same inputs;
    # it shows that the content is not read).
    assert indexed(page("<h2 id='b'>B</h2><p>Two.</p>"), "k1") == expected
    assert titles(indexed(page("<h2 id='b'>B</h2><p>Two.</p>"), "k2")) == ["B"]  # other inputs
    assert titles(indexed(page("<h2 id='c'>C</h2>"), None)) == ["C"]  # no inputs: not kept
    other = page("<h2 id='d'>D</h2>")
    index = SearchIndex()
    monkeypatch.setitem(speed_hooks._state, "search_page", (page("x"), "k2"))  # another page's build
    speed_hooks._search_add_entry(index, other)
    assert titles(index.entries) == ["D"]
    assert titles(speed_hooks._state["search_records"]["p.md"][1]) == ["B"]


# --- Serve: social cards and mkdocs-macros' git variable --------------------------------------------


def test_serve_renders_a_card_again_only_when_the_card_or_its_file_changed(tmp_path, monkeypatch) -> None:
    import os
    from pathlib import Path

    import speed_hooks
    from polyglot import cards

    calls: list[cards.Card] = []

    def render(card, dest, cache_dir, style=None) -> bool:
        calls.append(card)
        Path(dest).write_text(f"{card.title} {style}", "utf-8")
        return True

    memo = speed_hooks._card_render(render)
    dest, cache = tmp_path / "site" / "card.png", tmp_path / "cache"
    dest.parent.mkdir()
    card = cards.Card(title="A post", site_name="Site")
    monkeypatch.setitem(speed_hooks._state, "cards_rendered", {})
    monkeypatch.setitem(speed_hooks._state, "written", None)  # a plain build: always rendered
    assert memo(card, dest, cache) and memo(card, dest, cache) and len(calls) == 2
    written: set[str] = set()
    monkeypatch.setitem(speed_hooks._state, "written", written)  # serve: a rebuild's record
    memo(card, dest, cache)
    assert memo(card, dest, cache) is False and len(calls) == 3  # the same card, the file as it was
    assert written == {os.path.realpath(dest)}
    memo(cards.Card(title="Renamed", site_name="Site"), dest, cache)
    assert len(calls) == 4 and dest.read_text("utf-8").startswith("Renamed")
    memo(card, dest, cache)
    memo(card, dest, cache, cards.Style(accent="#000000"))  # another style
    memo(card, dest, tmp_path / "other-cache")  # another cache folder
    assert len(calls) == 7
    with open(dest, "a", encoding="utf-8") as f:  # changed by someone else: rendered again
        f.write("!")
    memo(card, dest, tmp_path / "other-cache")
    dest.unlink()  # deleted: rendered again
    memo(card, dest, tmp_path / "other-cache")
    assert len(calls) == 9 and dest.is_file()


def test_site_paths_are_real_paths_without_resolving_each_folder(tmp_path, monkeypatch) -> None:
    import os

    import speed_hooks

    real = tmp_path / "real-site"
    (real / "blog").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    monkeypatch.setitem(speed_hooks._state, "written", None)
    speed_hooks._serve_clean_directory(str(tmp_path / "link"))
    page = str(tmp_path / "link" / "blog" / "index.html")
    assert speed_hooks._site_path(page) == os.path.realpath(page) == str(real / "blog" / "index.html")
    assert speed_hooks._site_path(str(tmp_path / "link" / "blog" / ".." / "x.html")) == str(real / "x.html")
    outside = tmp_path / "elsewhere.html"
    assert speed_hooks._site_path(str(outside)) == os.path.realpath(outside)
    assert speed_hooks._site_path(str(tmp_path / "link-other" / "a.html")) == str(tmp_path / "link-other" / "a.html")


def test_serve_prunes_from_this_builds_pages_only(tmp_path, monkeypatch) -> None:
    import os
    import time

    import speed_hooks
    from polyglot import cssprune

    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    for name in ("kept.html", "old/deleted.html", "direct.html"):
        (site / name).write_text(name, "utf-8")
    past = time.time_ns() - 10**9
    for name in ("kept.html", "old/deleted.html", "direct.html"):
        os.utime(site / name, ns=(past, past))
    files = speed_hooks._built_html_files(getattr(cssprune.html_files, "_polyglot_original", cssprune.html_files))
    monkeypatch.setitem(speed_hooks._state, "written", None)
    monkeypatch.setitem(speed_hooks._state, "build_started", None)
    assert sorted(p.name for p in files(site)) == ["deleted.html", "direct.html", "kept.html"]  # a plain build
    speed_hooks._serve_clean_directory(str(site))
    speed_hooks._state["written"].add(speed_hooks._site_path(str(site / "kept.html")))  # kept by this build
    (site / "direct.html").write_text("written by a plugin itself", "utf-8")  # new, not recorded
    assert sorted(p.name for p in files(site)) == ["direct.html", "kept.html"]


def _swept_site(root: Path, monkeypatch, *, listed: bool) -> list[str]:
    """A served site folder after one rebuild's stale-file sweep; ``listed``: the pruning
    pass listed the folder first (the sweep then reads that listing)."""
    import os
    import time

    import speed_hooks
    from polyglot import cssprune

    site = root / "site"
    past = time.time_ns() - 10**9
    for name in ("index.html", "kept/index.html", "gone/index.html", "deep/er/old.css", "late/old.html", "mixed/a.txt"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, "utf-8")
        os.utime(site / name, ns=(past, past))
    (site / "empty").mkdir()
    (site / "mixed" / "old.txt").write_text("old", "utf-8")
    os.utime(site / "mixed" / "old.txt", ns=(past, past))
    monkeypatch.setitem(speed_hooks._state, "site_listing", None)
    speed_hooks._serve_clean_directory(str(site))
    written = speed_hooks._state["written"]
    written.update(speed_hooks._site_path(str(site / n)) for n in ("index.html", "kept/index.html", "mixed/a.txt"))
    (site / "new.html").write_text("written by a plugin itself", "utf-8")
    if listed:
        files = speed_hooks._built_html_files(getattr(cssprune.html_files, "_polyglot_original", cssprune.html_files))
        pages = sorted(p.relative_to(site).as_posix() for p in files(site))
        assert pages == ["index.html", "kept/index.html", "new.html"]
        assert speed_hooks._state["site_listing"] is not None
    (site / "late" / "new.txt").write_text("written after the listing", "utf-8")
    (site / "mixed" / "a.txt").unlink()  # deleted since the listing: not an error
    assert speed_hooks._remove_stale() == 4
    return sorted(p.relative_to(site).as_posix() + ("/" if p.is_dir() else "") for p in site.rglob("*"))


def test_the_stale_file_sweep_reads_the_pruning_pass_listing_with_the_same_result(tmp_path, monkeypatch) -> None:
    walked = _swept_site(tmp_path / "walked", monkeypatch, listed=False)
    assert walked == _swept_site(tmp_path / "listed", monkeypatch, listed=True)
    assert walked == ["index.html", "kept/", "kept/index.html", "late/", "late/new.txt", "new.html"]


def test_serve_reads_a_posts_categories_again_only_when_its_file_changed(tmp_path, monkeypatch) -> None:
    import os
    import time

    import speed_hooks
    from polyglot import feeds

    posts = tmp_path / "blog" / "posts"
    posts.mkdir(parents=True)
    post = posts / "a.md"
    post.write_text("---\ncategories: [A]\n---\nx\n", "utf-8")
    calls: list[str] = []

    def scan_post(docs_dir, path):
        calls.append(path.name)
        return getattr(feeds.scan_post, "_polyglot_original", feeds.scan_post)(docs_dir, path)

    memo = speed_hooks._scan_post_memo(scan_post)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "scanned_posts", {})
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    memo(tmp_path, post)
    memo(tmp_path, post)
    assert len(calls) == 2  # a plain build reads every time
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    assert memo(tmp_path, post).meta.categories == ["A"]
    memo(tmp_path, post)
    assert len(calls) == 4  # modified just now: not kept (a second save could keep its mtime)
    old = time.time_ns() - 5 * 10**9
    os.utime(post, ns=(old, old))
    memo(tmp_path, post)
    assert memo(tmp_path, post).meta.categories == ["A"] and len(calls) == 5  # kept
    post.write_text("---\ncategories: [B]\n---\nxy\n", "utf-8")
    os.utime(post, ns=(old + 10**6, old + 10**6))
    assert memo(tmp_path, post).meta.categories == ["B"] and len(calls) == 6  # changed: read again
    post.unlink()
    with pytest.raises(FileNotFoundError):  # gone: not served from memory, the function reports it
        memo(tmp_path, post)


def test_serve_reads_and_validates_a_post_again_only_when_its_file_or_the_allowed_names_changed(
    tmp_path, monkeypatch
) -> None:
    import os
    import time

    import speed_hooks
    from polyglot import errors, pages

    post = tmp_path / "a.md"
    text = "---\ntitle: A\ndate: 2026-01-02\nauthors: [me]\ncategories: [A]\ndescription: d\n---\nx\n<!-- more -->\ny\n"
    post.write_text(text, "utf-8")
    original = getattr(pages.read_post, "_polyglot_original", pages.read_post)
    calls: list[str] = []

    def read_post(path, src_uri, label, *, authors, categories):
        calls.append(src_uri)
        return original(path, src_uri, label, authors=authors, categories=categories)

    memo = speed_hooks._read_post_memo(read_post)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "read_posts", {})
    monkeypatch.setitem(speed_hooks._state, "serve", True)

    def read(authors=("me",), categories=("A",)):
        return memo(post, "blog/posts/a.md", "docs/blog/posts/a.md", authors=authors, categories=categories)

    reference = read()
    read()
    assert len(calls) == 2  # modified just now: not kept
    old = time.time_ns() - 5 * 10**9
    os.utime(post, ns=(old, old))
    read()
    kept = read()
    assert len(calls) == 3 and kept == reference and kept is not reference  # each build its own copy
    kept.rendered("<p>x</p>")
    assert read() == reference
    with pytest.raises(errors.DataError, match="unknown category 'A'"):  # the allowed names are part of the key
        read(categories=("B",))
    post.write_text(text.replace("title: A", "title: B"), "utf-8")
    os.utime(post, ns=(old + 10**6, old + 10**6))
    assert read().meta.title == "B" and len(calls) == 5
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    read()
    read()
    assert len(calls) == 7  # a plain build reads every time


def _blog_post(docs: Path, name: str, config: object) -> object:
    from material.plugins.blog.structure import Post
    from mkdocs.structure.files import File

    return Post(File(f"blog/posts/{name}", str(docs), str(docs.parent / "site"), True), config)


def _post_state(post: object) -> dict[str, object]:
    """Everything Post.__init__ set, comparable: the post config as its items and file."""
    state = {name: value for name, value in vars(post).items() if name not in ("config", "file")}
    config = post.config  # type: ignore[attr-defined]
    return {**state, "config": (dict(config), config.config_file_path, config._Config__user_configs)}


def test_serve_makes_a_blog_post_from_memory_as_material_makes_it(tmp_path, monkeypatch) -> None:
    import os
    import time

    from material.plugins.blog import structure as blog_structure
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    import speed_hooks

    docs = tmp_path / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    post = docs / "blog" / "posts" / "a.md"
    post.write_text(
        "---\ndate:\n  created: 2026-01-02\n  updated: 2026-01-03 10:00:00\ncategories: [A, A, B]\n"
        "authors: [me]\nslug: a-post\nhide: [toc]\n---\n\n# A\n\nText.\n",
        "utf-8",
    )
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(docs), "site_url": "https://example.org/"})
    assert config.validate() == ([], [])
    original = getattr(blog_structure.Post.__init__, "_polyglot_original", blog_structure.Post.__init__)
    calls: list[str] = []

    def init(self, file, config) -> None:
        calls.append(file.src_uri)
        original(self, file, config)

    monkeypatch.setattr(blog_structure.Post, "__init__", speed_hooks._post_init_memo(init))
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "post_states", {})
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    reference = _blog_post(docs, "a.md", config)
    _blog_post(docs, "a.md", config)
    assert len(calls) == 2  # modified just now: not kept
    old = time.time_ns() - 5 * 10**9
    os.utime(post, ns=(old, old))
    _blog_post(docs, "a.md", config)
    again = _blog_post(docs, "a.md", config)
    assert len(calls) == 3  # kept: made from memory
    assert _post_state(again) == _post_state(reference)
    assert again.config.date.created.tzinfo is not None and again.config.categories == ["A", "B"]
    assert again.file.page is again and again.meta["hide"] == ["toc", "navigation"]
    again.meta["hide"].append("x")
    again.config.categories.append("C")
    assert _post_state(_blog_post(docs, "a.md", config)) == _post_state(reference)  # each post its own copy
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    _blog_post(docs, "a.md", config)
    assert len(calls) == 4  # a plain build makes every post

    monkeypatch.setitem(speed_hooks._state, "serve", True)
    post.write_text("---\ndate: 2026-01-02\ndraft: maybe\n---\n\nText.\n", "utf-8")
    os.utime(post, ns=(old + 10**6, old + 10**6))
    for _ in range(2):  # an error is not kept: reported every time
        with pytest.raises(PluginError, match="draft"):
            _blog_post(docs, "a.md", config)
    assert len(calls) == 6

    post.write_text("---\ndate: 2026-01-02\n---\n\nText.\n", "utf-8")
    os.utime(post, ns=(old + 2 * 10**6, old + 2 * 10**6))

    def warn(self, file, config) -> None:  # a post whose making warned: made every time
        calls.append(file.src_uri)
        original(self, file, config)
        blog_structure.log.warning("a warning")

    monkeypatch.setattr(blog_structure.Post, "__init__", speed_hooks._post_init_memo(warn))
    for _ in range(2):
        _blog_post(docs, "a.md", config)
    assert len(calls) == 8
    assert speed_hooks._state["post_states"] == {}


def test_git_info_is_read_again_when_head_its_branch_or_the_tags_change(tmp_path, monkeypatch) -> None:
    import speed_hooks

    calls: list[int] = []

    def git_info() -> dict[str, object]:
        calls.append(1)
        return {"status": True, "commit": f"call {len(calls)}", "nested": {"n": len(calls)}}

    for name in [n for n in __import__("os").environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "git_info", None)
    repo = tmp_path / "repo"
    (repo / ".git" / "refs" / "heads").mkdir(parents=True)
    (repo / ".git" / "refs" / "tags").mkdir()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / ".git" / "refs" / "heads" / "main").write_text("a" * 40 + "\n")
    (repo / "docs").mkdir()
    monkeypatch.chdir(repo / "docs")  # found from a sub-folder, as git does
    memo = speed_hooks._git_info_memo(git_info)
    first = memo()
    first["nested"]["n"] = 99  # a caller's change does not reach the next build
    assert memo() == {"status": True, "commit": "call 1", "nested": {"n": 1}} and len(calls) == 1
    (repo / ".git" / "refs" / "heads" / "main").write_text("b" * 40 + "\n")  # a commit
    assert memo()["commit"] == "call 2"
    (repo / ".git" / "refs" / "tags" / "v1").write_text("b" * 40 + "\n")  # a tag
    assert memo()["commit"] == "call 3"
    (repo / ".git" / "HEAD").write_text("c" * 40 + "\n")  # a detached HEAD
    assert memo()["commit"] == "call 4" and memo()["commit"] == "call 4"
    monkeypatch.setenv("GIT_SSL_CAINFO", "/etc/ssl/certs/ca-certificates.crt")  # remotes only: still kept
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    assert memo()["commit"] == "call 4"
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))  # git may look elsewhere
    assert memo()["commit"] == "call 5" and memo()["commit"] == "call 6"
    monkeypatch.delenv("GIT_DIR")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))  # may print otherwise
    assert memo()["commit"] == "call 7" and memo()["commit"] == "call 8"
    monkeypatch.delenv("GIT_CONFIG_GLOBAL")
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    assert memo()["commit"] == "call 9"
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    (repo / ".git").rename(repo / "not-git")
    (repo / ".git").write_text("gitdir: ../not-git\n")  # a worktree's pointer: not followed
    assert memo()["commit"] == "call 10" and memo()["commit"] == "call 11"


def test_serve_renders_a_partial_once_per_site_name_and_plain_data(monkeypatch) -> None:
    from markupsafe import Markup

    import speed_hooks

    calls: list[tuple[str, dict[str, object]]] = []

    def render(env: object, name: str, **context: object) -> str:
        calls.append((name, context))
        return f"<p>{name} {len(calls)}</p>"

    memo = speed_hooks._partial_memo(render)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "partials", {})
    monkeypatch.setitem(speed_hooks._state, "site", "site one")
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    data = {"related": [{"title": "A", "date": dt.date(2026, 1, 2)}], "series": None, "n": (1, 2.5, True)}
    first = memo("env", "post-footer.html", **data)
    assert memo("env", "post-footer.html", **data) == first and len(calls) == 1
    assert memo("env", "head.html", **data) != first  # another partial
    assert memo("env", "post-footer.html", related=[{"title": "B", "date": dt.date(2026, 1, 2)}], series=None, n=(1,))
    assert len(calls) == 3
    memo("env", "x.html", title="a<b")
    memo("env", "x.html", title=Markup("a<b"))  # escaped text is not plain text
    assert len(calls) == 5
    memo("env", "x.html", page=object())  # not plain data: rendered every time
    memo("env", "x.html", page=object())
    memo("env", "x.html", data={1: "a"})  # keys that are not text: the same
    memo("env", "x.html", data={1: "a"})
    assert len(calls) == 9
    monkeypatch.setitem(speed_hooks._state, "site", "site two")  # templates, data or config changed
    memo("env", "post-footer.html", **data)
    assert len(calls) == 10
    monkeypatch.setitem(speed_hooks._state, "serve", False)  # a plain build: nothing to reuse
    memo("env", "post-footer.html", **data)
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    memo("env", "post-footer.html", **data)
    assert len(calls) == 12
    assert [name for name, _ in calls].count("post-footer.html") == 5


def test_the_first_rebuild_of_a_new_serve_process_reads_only_the_edited_page(tmp_path, monkeypatch) -> None:
    """A serve process that starts on a site built before finds the whole result stored; its
    first build still learns each page's words (from the store, where a build put them), so
    its first rebuild reads the edited page only, not every page again."""
    import speed_hooks
    from polyglot import cssprune

    read: list[str] = []
    html_tokens = cssprune.html_tokens

    def counted_tokens(html: str) -> set[str]:
        read.append(html)
        return html_tokens(html)

    memo = speed_hooks._used_memo(cssprune.collect_used)
    monkeypatch.setattr(cssprune, "html_tokens", counted_tokens)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "fingerprints", {})
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    pages = [f'<p class="w{n}">' for n in range(5)]

    def new_process() -> None:
        monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
        monkeypatch.setitem(speed_hooks._state, "page_tokens", ("", {}))

    new_process()
    first = memo(pages)  # nothing stored: every page read once, each page's words stored
    assert sorted(read) == sorted(pages) and first.has("w4")
    store = speed_hooks._state["store"]
    store.flush(prune=False)
    store.begin()  # a rebuild: each page's words from memory, their stored entries still used
    assert memo(pages) == first
    assert store.prune([speed_hooks.PAGE_TOKENS]) == 0
    assert len(list((tmp_path / speed_hooks.PAGE_TOKENS).glob("*/*"))) == len(pages)
    for stored_words in (True, False):
        new_process()
        if not stored_words:  # the whole result stored, each page's words not (an older cache)
            shutil.rmtree(tmp_path / speed_hooks.PAGE_TOKENS)
        read.clear()
        assert memo(pages) == first
        assert read == ([] if stored_words else pages)  # the first build of the process
        assert len(speed_hooks._state["page_tokens"][1]) == len(pages)
        edited = [*pages[:4], '<p class="x">']
        expected = cssprune.collect_used(edited)
        read.clear()
        assert memo(edited) == expected and read == ['<p class="x">']
        read.clear()
        assert memo(pages) == first and read == []


def test_a_plain_build_does_not_hold_every_pages_words_at_once(tmp_path, monkeypatch) -> None:
    """Each page's word set is merged and dropped (a plain build); only serve keeps them all
    for its next rebuild. Measured as the largest memory the pass allocates at once."""
    import tracemalloc

    import speed_hooks
    from polyglot import cssprune

    memo = speed_hooks._used_memo(cssprune.collect_used)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "fingerprints", {})
    # 60 pages sharing their 2,000 words: held together, 60 sets; merged, one.
    words = " ".join(f"w{i}" for i in range(2000))
    pages = [f'<p class="{words}" id="page{n}">' for n in range(60)]

    def peak(serve: bool) -> int:
        monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path / str(serve)))
        monkeypatch.setitem(speed_hooks._state, "page_tokens", ("", {}))
        monkeypatch.setitem(speed_hooks._state, "serve", serve)
        tracemalloc.start()
        try:
            used = memo(pages)
            highest = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert used.has("w1999") and used.has("page59")
        return highest

    plain, serving = peak(False), peak(True)
    assert plain * 4 < serving  # serve holds a set per page; a plain build about one at a time
    assert len(speed_hooks._state["page_tokens"][1]) == 60


def test_pure_functions_are_memoized_on_what_their_output_depends_on() -> None:
    import speed_hooks

    calls: list[tuple[object, ...]] = []

    def join(base: str, url: str) -> str:
        calls.append((base, url))
        return base + url

    memo = speed_hooks._pure_memo(join, speed_hooks._text_key)
    assert memo("https://a/", "b/") == memo("https://a/", "b/") == "https://a/b/"
    assert calls == [("https://a/", "b/")]
    from markupsafe import Markup

    assert memo("https://a/", Markup("b/")) == "https://a/b/"  # a str subclass: not memoized
    assert len(calls) == 2
    assert memo._polyglot_original is join


def test_config_options_read_the_same_values_and_errors_through_the_faster_get(monkeypatch) -> None:
    from mkdocs.config import base as config_base
    from mkdocs.config import config_options as c

    import speed_hooks

    original = config_base.BaseConfigOption.__get__
    monkeypatch.setattr(config_base.BaseConfigOption, "__get__", speed_hooks._config_option_get(original))
    assert config_base.BaseConfigOption.__get__._polyglot_original is original

    class Plain(config_base.Config):
        name = c.Type(str, default="x")

    class Missing(config_base.Config):
        name = c.Type(str, default="x")

        def __missing__(self, key: str) -> str:
            return f"missing {key}"

    class Custom(config_base.Config):
        name = c.Type(str, default="x")

        def __getitem__(self, key: str) -> str:
            return "custom " + str(super().__getitem__(key))

    plain, missing, custom = Plain(), Missing(), Custom()
    for config in (plain, missing, custom):
        config.load_dict({"name": "set"})
    assert (plain.name, missing.name, custom.name) == ("set", "set", "custom set")
    assert isinstance(Plain.name, c.Type)  # read on the class: the option itself
    del plain.data["name"], missing.data["name"]
    with pytest.raises(KeyError):
        plain.name  # noqa: B018  # an option not loaded: KeyError, as MkDocs raises
    assert missing.name == "missing name"  # UserDict's __missing__ still answers
    holder = SimpleNamespace()
    assert config_base.BaseConfigOption.__get__(Plain.__dict__["name"], holder) is Plain.__dict__["name"]
    plain.name = "again"  # __set__ as before
    assert plain.name == "again"


def test_the_speed_switch_follows_the_environment_at_every_call(monkeypatch) -> None:
    import os

    import speed_hooks

    monkeypatch.delenv("POLYGLOT_CACHE", raising=False)
    assert speed_hooks.speed_enabled() is True
    for value, enabled in (("off", False), (" OFF ", False), ("0", False), ("no", False), ("on", True), ("1", True)):
        monkeypatch.setenv("POLYGLOT_CACHE", value)
        assert speed_hooks.speed_enabled() is enabled, value
        assert speed_hooks.speed_enabled() is enabled, value  # the kept answer
    monkeypatch.setenv("POLYGLOT_CACHE", "false")
    assert speed_hooks.speed_enabled() is False
    monkeypatch.delenv("POLYGLOT_CACHE")
    assert speed_hooks.speed_enabled() is True
    monkeypatch.setattr(os, "environ", {"POLYGLOT_CACHE": "off"})  # a plain mapping: read as it is
    assert speed_hooks.speed_enabled() is False


def test_feed_patterns_are_compiled_once_per_text() -> None:
    import re

    import speed_hooks

    compiled: list[str] = []

    def compile_pattern(pattern: str) -> re.Pattern[str]:
        compiled.append(pattern)
        return re.compile(pattern)

    module = SimpleNamespace(re_compile=compile_pattern)
    speed_hooks._memoize_feed_patterns(module)
    speed_hooks._memoize_feed_patterns(module)  # idempotent: not wrapped twice
    assert module.re_compile._polyglot_original is compile_pattern
    pattern = r"^(?:blog/posts/a\.md|blog/posts/b\.md)$"
    first = module.re_compile(pattern)
    assert module.re_compile(pattern) is first and compiled == [pattern]
    assert first.match("blog/posts/b.md") and not first.match("blog/posts/c.md")
    assert module.re_compile("^x") is not first and compiled == [pattern, "^x"]
    with pytest.raises(re.error):
        module.re_compile("(")  # an invalid pattern still fails the build


def test_babel_dates_are_memoized_with_their_zone() -> None:
    from babel.dates import format_date, format_datetime

    import speed_hooks

    utc = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)
    paris = utc.astimezone(dt.timezone(dt.timedelta(hours=1), "CET"))
    assert utc == paris  # equal instants, printed differently
    key = speed_hooks._date_key
    assert key(utc, format="yyyy/MM/dd HH", locale="en") != key(paris, format="yyyy/MM/dd HH", locale="en")
    assert key(utc, format="long", locale="en") != key(utc.date(), format="long", locale="en")
    assert key(utc, format="long", locale="en") != key(utc, format="long", locale="fr")
    assert key(utc, format="long", locale="en", tzinfo=None) is None  # what Material does not pass
    memo = speed_hooks._pure_memo(format_datetime, key)
    assert memo(paris, format="HH", locale="en") == format_datetime(paris, format="HH", locale="en") == "13"
    assert memo(utc, format="HH", locale="en") == "12"
    memo_date = speed_hooks._pure_memo(format_date, key)
    assert memo_date(utc.date(), format="long", locale="en") == "March 1, 2024"


def test_macros_debug_messages_are_formatted_only_when_logged() -> None:
    import logging

    import speed_hooks

    messages: list[tuple[object, ...]] = []
    logger = logging.getLogger("polyglot-test-macros")
    debug = speed_hooks._quiet_debug(lambda *args, **kwargs: messages.append(args), logger)
    logger.setLevel(logging.INFO)
    debug("Rendering", payload="{...}")
    assert messages == []
    logger.setLevel(logging.DEBUG)
    debug("Rendering", payload="{...}")
    assert messages == [("Rendering",)]


def test_installed_themes_are_looked_up_again_only_when_a_path_folder_changed(tmp_path, monkeypatch) -> None:
    import os
    import sys

    import speed_hooks

    calls: list[int] = []

    def get_themes() -> dict[str, str]:
        calls.append(1)
        return {"material": "ep"}

    memo = speed_hooks._themes_memo(get_themes)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert memo() == {"material": "ep"} and memo() == {"material": "ep"}
    memo.cache_clear()  # what MkDocs calls on every theme load: the memo stays
    assert memo() == {"material": "ep"} and len(calls) == 1
    (tmp_path / "new_theme-1.0.dist-info").mkdir()  # a package installed
    os.utime(tmp_path, ns=(1, 1))
    assert memo() == {"material": "ep"} and len(calls) == 2


def test_the_environment_fingerprint_is_kept_under_serve_while_packages_and_code_files_stay(
    tmp_path, monkeypatch
) -> None:
    import os
    import sys
    import time
    from types import SimpleNamespace

    import speed_hooks

    code, packages = tmp_path / "polyglot", tmp_path / "site-packages"
    code.mkdir()
    packages.mkdir()
    old = time.time_ns() - 10 * 10**9
    (code / "a.py").write_text("A = 1\n")
    os.utime(code / "a.py", ns=(old, old))
    calls: list[int] = []

    def fingerprint() -> str:
        calls.append(1)
        return f"env {len(calls)}"

    monkeypatch.setattr(speed_hooks, "mdcache", SimpleNamespace(__file__=str(code / "mdcache.py")))
    monkeypatch.setattr(sys, "path", [str(packages)])
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    memo = speed_hooks._environment_memo(fingerprint)
    assert memo() == memo() == "env 1"
    (code / "a.py").write_text("A = 22\n")  # code edited (another size, a later time)
    os.utime(code / "a.py", ns=(old + 10**6, old + 10**6))
    assert memo() == memo() == "env 2"
    (packages / "pkg-2.0.dist-info").mkdir()  # a package installed or upgraded
    os.utime(packages, ns=(old, old))
    assert memo() == memo() == "env 3"
    (code / "b.py").write_text("B = 1\n")  # modified just now: not kept (it may change again unseen)
    assert (memo(), memo()) == ("env 4", "env 5")
    os.utime(code / "b.py", ns=(old, old))
    assert memo() == memo() == "env 6"
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    assert (memo(), memo()) == ("env 7", "env 8")  # a plain build computes it every time


def test_the_config_files_parse_is_kept_under_serve_while_its_text_and_environment_stay(tmp_path, monkeypatch) -> None:
    import copy

    from mkdocs.utils.yaml import get_yaml_loader
    from mkdocs.utils.yaml import yaml_load as mkdocs_yaml_load

    import speed_hooks

    calls: list[bytes] = []

    def parse(source, loader=None):
        calls.append(source.read())
        source.seek(0)
        return mkdocs_yaml_load(source, loader)

    memo = speed_hooks._config_yaml_memo(parse)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        'site_name: !ENV [PE_TEST_NAME, "Site"]\nfence: !!python/name:copy.deepcopy\nnav: [{A: a.md}]\n', "utf-8"
    )

    def load() -> dict:
        with open(config_file, "rb") as f:
            return memo(f, get_yaml_loader())

    monkeypatch.setitem(speed_hooks._state, "serve", False)
    assert load()["site_name"] == "Site" and load() and len(calls) == 2  # a build: parsed every time
    monkeypatch.setitem(speed_hooks._state, "serve", True)
    first = load()
    second = load()
    assert first == second == {"site_name": "Site", "fence": copy.deepcopy, "nav": [{"A": "a.md"}]}
    assert second["nav"] is not first["nav"]  # a copy: MkDocs' validation may change it
    assert len(calls) == 3
    monkeypatch.setenv("PE_TEST_NAME", "Other")  # !ENV reads the environment
    assert load()["site_name"] == "Other" and len(calls) == 4
    config_file.write_text("site_name: Edited\n", "utf-8")
    assert load() == {"site_name": "Edited"} and len(calls) == 5
    config_file.write_text("INHERIT: base.yml\nsite_name: Child\n", "utf-8")
    (tmp_path / "base.yml").write_text("theme: mkdocs\n", "utf-8")
    assert load() == {"theme": "mkdocs", "site_name": "Child"}
    assert load() == {"theme": "mkdocs", "site_name": "Child"} and len(calls) == 7  # the parent may change
    assert not speed_hooks._plain_yaml({"docs": object()})  # e.g. !relative's placeholder


def test_a_views_source_is_linked_into_the_blogs_temporary_folder(tmp_path) -> None:
    import speed_hooks

    copies: list[tuple[str, str]] = []

    def copy_file(source: str, output: str) -> None:
        copies.append((source, output))
        Path(output).write_bytes(Path(source).read_bytes())

    link = speed_hooks._link_or_copy(copy_file)
    source = tmp_path / "docs" / "blog" / "index.md"
    source.parent.mkdir(parents=True)
    source.write_text("# Blog\n", "utf-8")
    output = tmp_path / "temp" / "blog" / "page" / "2.md"
    link(str(source), str(output))
    assert output.read_text("utf-8") == "# Blog\n" and output.stat().st_ino == source.stat().st_ino
    assert copies == []
    link(str(source), str(output))  # the same file already (a serve rebuild): nothing to do
    assert copies == [] and output.read_text("utf-8") == "# Blog\n"
    other = tmp_path / "temp" / "blog" / "page" / "3.md"
    other.write_text("old", "utf-8")
    link(str(source), str(other))  # another file there: copied over, as MkDocs' copy_file does
    assert copies == [(str(source), str(other))] and other.read_text("utf-8") == "# Blog\n"
