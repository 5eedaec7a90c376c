"""MkDocs entry points for build speed: thin patches that route work through caches.

The logic lives in ``polyglot.excerpts`` (convert once, fill links per page) and
``polyglot.mdcache`` (keys, the on-disk store, the Pygments memo). Each patch falls back
to the original code whenever it cannot guarantee the same output. ``POLYGLOT_CACHE=off``
turns every trick off (the tests build both ways and compare every output file).

Patched, and why each is safe:
- Material's ``Excerpt.render`` (blog views): see ``polyglot.excerpts`` (converted once per
  build, from the text before the separator when that gives the same excerpt).
- MkDocs' ``Page.render``: a page's conversion is cached by its Markdown and the Markdown
  configuration; its links are resolved again on every build by MkDocs' own code.
- ``pymdownx.highlight.highlight`` (Pygments): memoized on all its inputs.
- ``polyglot.security.finish_page`` (links and CSP over the finished page, after every other
  post-render hook): memoized in memory under ``mkdocs serve`` on the finished HTML, the
  policy and the code's version.
- ``polyglot.postpage.finish`` (the last pass over each page: lightbox tags, links and CSP,
  inlined stylesheets): memoized on the page's HTML and every other argument, plus the
  build-wide inputs (the template of the ``<style>`` element).
- The page's HTML is digested once, where it is made: a page rendered from the cache, or
  returned by a memo, carries the digest of the key it came from (``_digest_of``).
- mkdocs-glightbox's ``on_post_page`` (parses and re-writes every page to add its tags):
  memoized on the page's HTML and everything else it reads (page URL, its ``glightbox`` meta,
  the plugin's options, the theme's name and features).
- ``polyglot.cssprune.collect_used`` (what the built pages and scripts can match): memoized
  on every page's and script's text and the code's version.
- Material's blog posts list (``blog.posts``): a ``polyglot.pagelist.PageList``, whose ``in``
  (asked for every page) compares a page only with the posts of the same source file.
- mkdocs-rss-plugin's Jinja environments: compiled templates cached on disk.
- Material blog's ``copy_file`` of a paginated view's source into its temporary folder: a
  hard link (a copy where linking fails).
- Under ``mkdocs serve``, each rebuild's config load: MkDocs' ``get_themes`` (entry points of
  every distribution) kept while ``sys.path`` folders keep their mtimes; the parse of
  ``mkdocs.yml`` kept while its bytes and the environment stay (plain data, no INHERIT).
- Pure functions, memoized in memory on everything their output depends on: Babel's
  ``format_date``/``format_datetime`` as Material's blog calls them (a datetime's key holds
  its offset and zone name) and MkDocs' ``urljoin`` of canonical URLs; mkdocs-macros'
  ``debug`` formats its message (the page's metadata) only when debug messages are logged.
- ``mkdocs serve``'s watchdog observer polls every 0.1 s, not 0.5 s, and a rebuild starts
  0.02 s after the poll that saw a change, not 0.1 s (``polyglot.polling``).
- A cold ``mkdocs build`` of many posts forks a helper process (``polyglot.helper``) that
  converts posts and their excerpts and draws their social cards ahead of the build, into
  the caches above; the build claims each task it reaches (``_settle``) or waits for it.
- MkDocs' ``_build_page`` in such a build: each page's last pass (``postpage.finish``, not
  cached yet) goes to a second helper (``polyglot.finishing``) once MkDocs has written the
  page; after the last page the build takes in the finished copies or does the pass itself.
  Both helpers run at a lower priority than the build.
- Under ``mkdocs serve`` only, in memory: ``render.render_partial`` (head tags, a post's end
  matter) on its plain data and the build-wide fingerprint; mkdocs-glightbox's
  ``on_page_content`` on the content, the page's metadata and the plugin's options;
  mkdocs-macros' ``get_git_info`` on the repository's HEAD, branch, packed-refs and tag files;
  ``cards.render``, skipped when the same card was written into an unchanged file.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import copyreg
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import pickle
import re
import sys
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polyglot import (
    excerpts,
    finishing,
    gcidle,
    helper,
    mdcache,
    mdpool,
    pagekey,
    pagelist,
    pageskip,
    polling,
    searchstrip,
)

log = logging.getLogger("mkdocs.polyglot.speed")
CACHE_DIR = ".cache/polyglot-speed"
PAGES, EXCERPTS, HTML, SEARCH, READTIME, YAML = "pages", "excerpts", "html", "search", "readtime", "yaml"
FINISHED = "finished"
POSTPAGE = "postpage"  # a page after the last pass (polyglot.postpage.finish)
LIGHTBOX = "lightbox"  # a page after mkdocs-glightbox's on_post_page
CSS_USED = "cssused"  # bulk table: what the built site can match (polyglot.cssprune)
CSS_PRUNED = "csspruned"  # bulk table: the theme's stylesheets pruned to what the site can match
CSS_TOKENS = "csstokens"  # bulk table: what each page can match of the stylesheets (polyglot.cssinline)
CSS_CRITICAL = "csscritical"  # bulk table: a stylesheet cut down to such a set of tokens
CSS_PROPERTIES = "cssproperties"  # bulk table: the custom properties such a set of tokens reads
PAGE_TOKENS = "pagetokens"  # what a finished page can match (cssprune.html_tokens), by its bytes
# One file per entry; READTIME and YAML are bulk tables.
KINDS = (PAGES, EXCERPTS, HTML, SEARCH, FINISHED, POSTPAGE, LIGHTBOX, PAGE_TOKENS)

_state: dict[str, Any] = {
    "store": None,
    "fingerprints": {},
    "memo": excerpts.ExcerptMemo(),
    "full": True,
    "serve": False,
    "site": "",  # the build-wide part of a rendered page's key
    "build_token": pagekey.new_build_token(),
    "excerpt_convertible": None,  # whether excerpts can be converted once (same for all posts)
    "excerpt_prefix": None,  # the separator, when excerpts convert the text before it only
    "finishing_wanted": False,  # whether this build hands pages' last pass to a helper (on_nav)
    # The code's fingerprint, and cssprune.html_tokens of the last build's pages by digest.
    "page_tokens": ("", {}),
}


_SWITCH = "POLYGLOT_CACHE"
# The name as os.environ keys its own table (bytes on POSIX), and the answer for each raw value.
_SWITCH_KEY = getattr(os.environ, "encodekey", lambda name: name)(_SWITCH)
_SWITCH_ANSWERS: dict[Any, bool] = {}


def speed_enabled() -> bool:
    """On unless ``POLYGLOT_CACHE=off`` (or 0/false/no).

    Asked thousands of times a build (1.5% of a 500-post serve rebuild): ``os.environ.get``
    encodes the name and decodes the value on every call, so the variable's raw value is read
    from ``os.environ``'s own table and the answer kept by it (a pure function of the value)."""
    environ = os.environ
    table = getattr(environ, "_data", None)
    raw = table.get(_SWITCH_KEY) if type(table) is dict else environ.get(_SWITCH)
    found = _SWITCH_ANSWERS.get(raw)
    if found is None:
        value = str(environ.get(_SWITCH, "on"))
        found = _SWITCH_ANSWERS[raw] = value.strip().lower() not in ("off", "0", "false", "no")
    return found


def _store() -> mdcache.Store | None:
    return _state["store"] if speed_enabled() else None


# --- Excerpts (Material's blog views) ------------------------------------------------------------


def _excerpt_convertible(excerpt: Any) -> bool:
    """Whether excerpts can be converted once (the same for every post of a build)."""
    if _state["excerpt_convertible"] is None:
        _state["excerpt_convertible"] = excerpts.can_convert_once(excerpts.real(excerpt.md))
    return bool(_state["excerpt_convertible"])


def _excerpt_source(post: Any, separator: str) -> tuple[str, str, str]:
    """The post's Markdown as its excerpt converts it (with its title as an H1 unless the
    post has its own); what is converted for it: only the text up to the separator when
    that gives the same excerpt (``excerpts.prefix_source``, decision 83), else all of it;
    and the conversion's cache key."""
    text = post.markdown if post._title_from_render else "\n\n".join([f"# {post.title}", post.markdown])
    prefix = separator == _state["excerpt_prefix"]
    source, key = _excerpt_sources(text, separator, prefix, _state["fingerprints"].get(EXCERPTS, ""))
    return text, source, key


def _excerpt_source_of(text: str, separator: str, prefix: bool, fingerprint: str) -> tuple[str, str]:
    """What is converted for an excerpt of ``text`` and its key (:func:`_excerpt_source`):
    memoized, as a view asks for each post it shows and every serve rebuild for every post."""
    source = excerpts.prefix_source(text, separator) if prefix else None
    if source is None:
        source = text
    return source, mdcache.fingerprint(fingerprint, source)


_excerpt_sources = mdcache.RecentMemo(_excerpt_source_of)


def _excerpt_prefix_separator(config: MkDocsConfig, patched: Any) -> str | None:
    """The excerpt separator when excerpts may be converted from the text before it: one
    blog, whose views do not attach an excerpt's table of contents, no template that may
    read one, and only Markdown extensions known to allow it. None otherwise."""
    blogs = [p for p in config.plugins.values() if type(p).__module__.startswith("material.plugins.blog")]
    if len(blogs) != 1:
        return None
    options = blogs[0].config
    if any(options.get(name) for name in ("blog_toc", "archive_toc", "categories_toc", "authors_profiles_toc")):
        return None
    if not excerpts.prefix_config_safe(patched.markdown_extensions, patched.mdx_configs):
        return None
    if _templates_read_excerpt_toc(config):
        return None
    separator = options.get("post_excerpt_separator")
    return separator if isinstance(separator, str) else None


def _excerpt_converted(excerpt: Any, store: mdcache.Store, separator: str) -> tuple[str, excerpts.Converted]:
    """The post's Markdown as the excerpt converts it, and the conversion for its next view."""
    text, source, key = _excerpt_source(excerpt.post, separator)
    converted = _state["memo"].get(
        excerpt,
        (key,),
        lambda token: excerpts.convert(excerpts.real(excerpt.md), source, token),
        separator=separator,
        load=lambda: store.get(EXCERPTS, key),
        save=lambda value: store.put(EXCERPTS, key, value),
    )
    return text, converted


def _markdown_pool() -> mdpool.MarkdownPool:
    pool = _state.get("markdown_pool")
    if pool is None:
        pool = _state["markdown_pool"] = mdpool.MarkdownPool(enabled=speed_enabled)  # off: new instances
    return pool


def _render_excerpt(self: Any, page: Any, separator: str) -> None:
    """Material's ``Excerpt.render``, converting the post once per build."""
    store = _store()
    # Snippets include other files: their content is not in the key (as for pages).
    if store is None or not _excerpt_convertible(self) or "--8<--" in self.post.markdown:
        return type(self)._polyglot_original_render(self, page, separator)
    post = self.post
    _settle(EXCERPT_TASK, post.file.src_uri)
    text, converted = _excerpt_converted(self, store, separator)
    if _state["memo"].is_stable(self) and isinstance(self.md, excerpts.LazyMarkdown):
        self.md.release()  # never converts again this build: free its Markdown instance
    self.md.treeprocessors[excerpts.EXCERPT].base = page
    relpath = self.md.treeprocessors[excerpts.RELPATH]
    self.file.url = page.url
    try:
        values = excerpts.link_values(converted, relpath.path_to_url, get_relative_url(post.url, page.url))
    finally:
        self.file.url = post.url
    self.markdown = text
    self.content, *more = excerpts.fill(converted, values).split(separator, 1)
    if more:
        self.more = more[0]
    self.toc = get_toc(converted.toc_tokens)
    return None


# --- Pages -----------------------------------------------------------------------------------------


def _convert_page(page: Any, config: MkDocsConfig, files: Any) -> excerpts.PageConversion | None:
    """MkDocs' conversion of a page (``Page.render``), with a reused Markdown instance when
    it can be (``polyglot.mdpool``): the processors MkDocs adds are registered on each use."""
    configs = config["mdx_configs"] or {}
    with _markdown_pool().borrowed("page", config["markdown_extensions"], configs) as md:
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        if not excerpts.can_convert_once(md):
            return None
        converted = excerpts.convert(md, page.markdown)
    return excerpts.PageConversion(
        converted, title.title, frozenset(anchors.present_anchor_ids | raw_html.present_anchor_ids)
    )


def _page_conversion(
    page: Any, config: MkDocsConfig, files: Any, store: mdcache.Store
) -> excerpts.PageConversion | None:
    """The page's conversion from the cache, or converted now and stored (None: not cacheable)."""
    key = mdcache.fingerprint(_state["fingerprints"].get(PAGES, ""), page.markdown)
    entry = store.get(PAGES, key)
    if entry is None:
        entry = _convert_page(page, config, files)
        if entry is not None:
            store.put(PAGES, key, entry)
    return entry


def _render_page(self: Any, config: MkDocsConfig, files: Any) -> None:
    """MkDocs' ``Page.render`` with the conversion cached (links resolved on every build)."""
    store = _store()
    original = mkdocs_pages.Page._polyglot_original_render
    # Snippets include other files: their content is not in the key, so never cache them.
    if store is None or self.markdown is None or "--8<--" in self.markdown:
        return original(self, config, files)
    _settle(PAGE_TASK, self.file.src_uri)
    entry = _page_conversion(self, config, files, store)
    if entry is None:
        return original(self, config, files)
    relpath = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
    self.content = excerpts.fill(entry.converted, excerpts.link_values(entry.converted, relpath.path_to_url))
    self.toc = get_toc(entry.converted.toc_tokens)
    self._title_from_render = entry.title
    self.present_anchor_ids = set(entry.anchors)
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relpath.links_to_anchors
    return None


# --- The helper process (cold builds on two cores) --------------------------------------------------

PAGE_TASK, EXCERPT_TASK, CARD_TASK = "page", "excerpt", "card"
HELPER_MIN_POSTS = 8  # fewer posts: not worth a second process


def helper_mode() -> str:
    """``POLYGLOT_HELPER``: ``auto`` (default: builds with enough posts on two cores or more),
    ``on`` (any build with posts) or ``off``."""
    mode = os.environ.get("POLYGLOT_HELPER", "auto").strip().lower()
    if mode in ("off", "0", "false", "no"):
        return "off"
    return "on" if mode in ("on", "1", "true", "yes") else "auto"


def _helper_wanted(posts: int) -> bool:
    mode = helper_mode()
    if mode == "off" or posts == 0 or _state["serve"] or not _state["full"] or _store() is None:
        return False  # serve rebuilds and --dirty builds convert few pages: nothing to share
    if threading.active_count() > 1:
        return False  # a fork copies only this thread: never under a server or a thread pool
    return mode == "on" or (posts >= HELPER_MIN_POSTS and helper.cores() >= 2)


def _settle(kind: str, name: str) -> None:
    """Before the build does a task: claim it from the helper, or wait while it finishes it."""
    found = _state.get("helper")
    if found is not None:
        found.settle((kind, name))


def _blog_plugin(config: MkDocsConfig) -> Any:
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.blog") and hasattr(plugin, "blog"):
            return plugin
    return None


def _blog_posts(plugin: Any) -> dict[str, Any]:
    """The blog's posts by source path."""
    return {post.file.src_uri: post for post in getattr(getattr(plugin, "blog", None), "posts", None) or []}


def _helper_tasks(
    config: MkDocsConfig, files: Any, plugin: Any, posts: dict[str, Any]
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The helper's tasks, in the order the build needs them last: the posts' conversions
    (the build converts pages first, from the first post on: the two meet in the middle),
    then their excerpts (the blog's views, which list them, are built after the posts), then
    their social cards (drawn after every page); posts in the reverse of the build's order."""
    from polyglot import cards, pagemeta
    from polyglot.build import Build

    build = config.get("_polyglot")
    wanted = pagemeta.post_cards(build) if isinstance(build, Build) else {}
    by_key = {cards.cache_key(card, cards.Style()): card for card in wanted.values()}
    order = [f.src_uri for f in reversed(files.documentation_pages()) if f.page is posts.get(f.src_uri, False)]
    tasks = [(PAGE_TASK, uri) for uri in order] + [(EXCERPT_TASK, uri) for uri in order]
    tasks += [(CARD_TASK, cards.cache_key(wanted[uri], cards.Style())) for uri in order if uri in wanted]
    return tasks, {"posts": posts, "cards": by_key, "plugin": plugin}


def _helper_runner(config: MkDocsConfig, files: Any, found: dict[str, Any]) -> Callable[[Hashable], None]:
    """What the helper does for a task: exactly what the build would do, up to the cache."""
    from polyglot import cards

    store = _store()
    assert store is not None
    cache_dir = Path(config.config_file_path).resolve().parent / cards.CACHE_DIR
    separator = found["plugin"].config.post_excerpt_separator
    read: set[str] = set()

    def post(uri: str) -> Any:
        page = found["posts"][uri]
        if uri not in read:  # as MkDocs' _populate_page, up to the conversion
            read.add(uri)
            config._current_page = page
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        return page

    def run(task: Hashable) -> None:
        kind, name = task  # type: ignore[misc]
        if kind == CARD_TASK:
            cards.cached(found["cards"][name], cache_dir)
            return
        page = post(name)
        if "--8<--" in page.markdown:
            return  # snippets: never cached (see _render_page)
        entry = _page_conversion(page, config, files, store)
        if entry is None:
            return
        page._title_from_render = entry.title
        excerpt = getattr(page, "excerpt", None)
        if kind == EXCERPT_TASK and excerpt is not None and _excerpt_convertible(excerpt):
            _excerpt_converted(excerpt, store, separator)
            if isinstance(excerpt.md, excerpts.LazyMarkdown):
                excerpt.md.release()  # the helper converts it no more: its instance serves the next post

    return run


def _stop_helper(*, kill: bool = False) -> None:
    found = _state.pop("helper", None)
    if found is None:
        return
    if kill:
        found.kill()
    else:
        found.stop()
    kinds = collections.Counter(kind for kind, _name in found.done_tasks())
    by_kind = ", ".join(f"{kind} {count}" for kind, count in kinds.items())
    log.debug(
        f"speed: the helper did {found.done()} of {len(found.tasks)} tasks ({by_kind}); waited {found.waited:.2f} s"
    )


@event_priority(-110)  # after site_hooks' on_nav: posts have their URLs and escaped front matter
def on_nav(nav: Any, config: MkDocsConfig, files: Any) -> Any:
    """Start the helper process on a full build of many posts (see ``polyglot.helper``); on a
    warm cache each of its tasks is a cache hit."""
    _stop_helper(kill=True)
    _stop_finisher(config.site_dir)
    if not speed_enabled():
        return nav
    plugin = _blog_plugin(config)
    posts = _blog_posts(plugin)
    if plugin is None or not _helper_wanted(len(posts)):
        return nav
    _state["finishing_wanted"] = True  # checked before the helper's fork (no other thread then)
    _state["finishing_site"] = config.site_dir
    tasks, found = _helper_tasks(config, files, plugin, posts)

    def before() -> None:
        helper.quiet()
        helper.yield_to_build()
        _state["helper"] = None  # the helper claims nothing from itself

    try:
        started = helper.Helper(tasks)
        started.start(_helper_runner(config, files, found), before)
    except (OSError, ImportError) as exc:  # no fork or no shared lock here: build on one core
        log.debug(f"speed: no helper process ({exc})")
        return nav
    _state["helper"] = started
    return nav


def on_build_error(error: Exception) -> None:
    _stop_helper(kill=True)
    _stop_finisher()
    _skipper().abort()  # some pages may be written and others not: skip none next time


# --- The last pass in a helper (cold builds) -------------------------------------------------------

FINISH_SHARED = ("policy", "site_url", "sheets", "style_element")  # the same for every page of a build


def _stop_finisher(site_dir: str | None = None) -> None:
    """End a finishing helper left from a build that failed, forget its pages, and remove
    the working folder of the finished pages (``site_dir``: this build's)."""
    found = _state.pop("finisher", None)
    _state.update(finishing_wanted=False, finisher_tried=False, finished_given=[])
    _state.pop("finishing_capacity", None)
    if found is not None:
        found[0].kill()
    site_dir = site_dir or _state.pop("finishing_site", None)
    if site_dir:
        finishing.clear(site_dir)


def _start_finisher(kwargs: dict[str, Any]) -> tuple[helper.FeedHelper, dict[str, Any]] | None:
    """Fork the finishing helper (``polyglot.finishing``) with the build-wide arguments of the
    last pass; None when it cannot start (it is tried once a build)."""
    from polyglot import postpage

    store = _store()
    if store is None or threading.active_count() > 1:
        return None
    shared = {name: kwargs[name] for name in FINISH_SHARED}
    finish = getattr(postpage.finish, "_polyglot_original", postpage.finish)
    run = finishing.runner(finish, shared, lambda key, value: store.put(POSTPAGE, key, value), _page_tokens)

    def before() -> None:
        helper.quiet()
        helper.yield_to_build()
        _state["helper"] = _state["finisher"] = None  # it claims nothing from the other helper

    try:
        os.makedirs(finishing.folder(_state["finishing_site"]), exist_ok=True)
        worker = helper.FeedHelper(_state["finishing_capacity"])
        worker.start(run, before)
    except (OSError, ImportError) as exc:  # no fork or no shared lock here: the build does it
        log.debug(f"speed: no finishing helper ({exc})")
        return None
    _state["finished_given"] = []
    return worker, shared


def _page_tokens(data: bytes) -> None:
    """In the finishing helper: store what the finished page ``data`` can match of the
    stylesheets, which the end of the build reads of every page (``_used_memo``)."""
    from polyglot import cssprune

    store = _store()
    if store is not None:
        code = _state["fingerprints"].get(FINISHED, "")
        key = mdcache.fingerprint(code, PAGE_TOKENS, hashlib.sha256(data).hexdigest())
        text = data.decode("utf-8")
        if "\r" in text:  # as the build reads it back (cssprune.PageTexts: universal newlines)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        store.put(PAGE_TOKENS, key, frozenset(cssprune.html_tokens(text)))


def _hand_over(html: str, key: str, kwargs: dict[str, Any]) -> bool:
    """Whether the last pass of the page being built goes to the finishing helper (then the
    page is written as it is, and :func:`_give` hands it over)."""
    building = _state.get("finishing")
    if building is None or "record" in building or kwargs.get("page") != building["page"]:
        return False  # not a page's last pass in _build_page_handing_over (the 404 page's, say)
    if set(kwargs) != {"label", "page", *FINISH_SHARED} or not finishing.can_hand_over(html):
        return False
    found = _state.get("finisher")
    if found is None and not _state.get("finisher_tried"):
        _state["finisher_tried"] = True
        found = _state["finisher"] = _start_finisher(kwargs)
    if found is None:
        return False
    shared = found[1]
    if kwargs["policy"] is not shared["policy"] or kwargs["sheets"] is not shared["sheets"]:
        return False  # the helper's copies would not be this page's
    if kwargs["site_url"] != shared["site_url"]:
        return False
    building["record"] = (key, kwargs)
    return True


def _build_page_handing_over(
    original: Callable[..., None],
    page: Any,
    config: MkDocsConfig,
    doc_files: Any,
    nav: Any,
    env: Any,
    dirty: bool,
    excluded: bool,
) -> None:
    """MkDocs' ``_build_page``, its page's last pass handed to the finishing helper once the
    page is written; after the last page, the helper's pages are taken in."""
    _state.setdefault("finishing_capacity", len(doc_files))
    building: dict[str, Any] = {"page": page.file.dest_uri}
    _state["finishing"] = building
    try:
        original(page, config, doc_files, nav, env, dirty, excluded)
    finally:
        _state.pop("finishing", None)
    record = building.get("record")
    if record is not None:
        _give(page, *record)
    if doc_files and page is doc_files[-1].page:
        _settle_finishes()


def _give(page: Any, key: str, kwargs: dict[str, Any]) -> None:
    """Hand the written page to the finishing helper, or finish it now if it cannot take it."""
    worker = _state["finisher"][0]
    dest = page.file.abs_dest_path
    finished = os.path.join(finishing.folder(_state["finishing_site"]), f"{worker.given}.html")
    number = worker.give(finishing.payload(key, kwargs["label"], kwargs["page"], dest, finished))
    if number is None:
        _finish_here(page.file.src_uri, dest, finished, key, kwargs)
    else:
        _state["finished_given"].append((number, page.file.src_uri, dest, finished, key, kwargs))


def _finish_here(src: str, dest: str, finished: str, key: str, kwargs: dict[str, Any]) -> None:
    """The last pass over the written page ``dest``, by the build (what the helper did not
    do); an error is reported as site_hooks and MkDocs' ``_build_page`` report it."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import PluginError

    from polyglot import errors, postpage

    store = _store()
    assert store is not None
    html = finishing.read_back(dest, finished)
    result = store.get(POSTPAGE, key)  # the helper may have stored it before it failed
    if not isinstance(result, str):
        finish = getattr(postpage.finish, "_polyglot_original", postpage.finish)
        try:
            result = finish(html, **kwargs)
        except Exception as e:
            mkdocs_build.log.error(f"Error building page '{src}': {e}")
            if isinstance(e, errors.DataError):
                raise PluginError(str(e)) from None  # as site_hooks._finish
            raise
        store.put(POSTPAGE, key, result)
    if result.strip():
        with open(dest, "wb") as f:
            f.write(finishing.page_bytes(result))
    else:  # as MkDocs does with a blank page: no file
        os.remove(dest)
        mkdocs_build.log.info(f"Page skipped: '{src}'. Generated empty output.")


def _settle_finishes() -> None:
    """Take in every page handed to the finishing helper, finished by it or, where it did not,
    here (from the last page back: the helper works from the first), then let it exit."""
    found = _state.pop("finisher", None)
    given = _state.get("finished_given") or []
    _state["finished_given"] = []
    if found is None:
        return
    worker = found[0]
    taken = 0
    try:
        for number, src, dest, finished, key, kwargs in reversed(given):
            if worker.settle(number) and finishing.take(finished, dest):
                taken += 1
            else:
                _finish_here(src, dest, finished, key, kwargs)
    except BaseException:
        worker.kill()
        raise
    worker.stop()
    finishing.clear(_state["finishing_site"])
    log.debug(f"speed: the finishing helper did {taken} of {len(given)} pages; waited {worker.waited:.2f} s")


# --- Rendered pages (templates) --------------------------------------------------------------------

_CONTEXT_KEYS_DONE = frozenset({"page", "nav", "config", "pages", "build_date_utc", "mkdocs_version", "posts"})


def page_key(name: str, context: Any) -> str:
    """Everything the template ``name`` can read when rendering ``context['page']``."""
    shared = _state.setdefault("shared", {})
    digest = pagekey.Digest(_state["build_token"], shared).add(_state["site"], name)
    page = context["page"]
    pagekey.page_digest(digest, page, listed_posts=_state.get("templates_read_posts", True))
    nav = context.get("nav")
    items = getattr(nav, "items", [])
    if _state.get("nav") is not nav:  # the navigation's structure: once per build
        structure = pagekey.Digest(_state["build_token"], shared)
        pagekey.nav_digest(structure, items)
        _state["nav"], _state["nav_digest"] = nav, structure.hexdigest()
    digest.add(_state["nav_digest"])
    pagekey.nav_active(digest, items)
    for excerpt in context.get("posts") or []:
        pagekey.excerpt_digest(digest, excerpt)
    for key in sorted(set(context) - _CONTEXT_KEYS_DONE):
        value = context[key]
        digest.add(key, "callable" if callable(value) else value)  # pagination: covered by page.pages
    return digest.hexdigest()


class _CachedTemplate:
    """The template MkDocs renders a page with; the output is reused when the key matches."""

    def __init__(self, template: Any, name: str) -> None:
        self._template = template
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._template, attr)

    def render(self, *args: Any, **kwargs: Any) -> str:
        store = _store()
        context = args[0] if args and not kwargs else None
        page = context.get("page") if isinstance(context, dict) else None
        if store is None or page is None or getattr(page, "file", None) is None:
            return self._template.render(*args, **kwargs)
        key = page_key(self._name, context)
        html = store.get(HTML, key)
        if html is None:
            html = self._template.render(*args, **kwargs)
            store.put(HTML, key, html)
        return _remember(html, HTML, key) if isinstance(html, str) else html


def _site_fingerprint(config: MkDocsConfig) -> str:
    """The build-wide inputs of every rendered page: config, data, templates, code, date."""
    from mkdocs.utils import get_build_date

    root = Path(config.config_file_path).resolve().parent
    files = [Path(config.config_file_path)]
    for folder in ("data", "hooks", "overrides", *(config.theme.dirs or [])):
        base = root / folder
        if base.is_dir() and "site-packages" not in base.parts:
            files += [p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    digest = pagekey.Digest(_state["build_token"])
    digest.add(mdcache.environment_fingerprint(), get_build_date(), os.environ.get("SITE_URL", ""))
    for path in sorted(set(files)):
        digest.add(str(path), mdcache.fingerprint(path.read_bytes().hex()) if path.stat().st_size < 5_000_000 else "")
    digest.add(config.site_url, config.site_name, config.extra, config.theme.dirs, _state["serve"])
    return digest.hexdigest()


# --- Search index and reading time (HTML parsing, pure functions of the HTML) ---------------------


def _search_sections(content: str, store: mdcache.Store) -> list[Any]:
    """Material's search parser's sections of a page's content, from the cache or parsed now."""
    import copy

    from material.plugins.search.plugin import Parser

    key = mdcache.fingerprint(_state["fingerprints"].get(PAGES, ""), SEARCH, content)
    sections = store.get(SEARCH, key)
    if sections is None:
        parser = Parser()
        parser.feed(content)
        parser.close()
        sections = parser.data
        store.put(SEARCH, key, copy.deepcopy(sections))
    return sections


def _search_entry_copy(entry: dict[str, Any]) -> dict[str, Any]:
    return {name: list(value) if isinstance(value, list) else value for name, value in entry.items()}


def _search_add_entry(self: Any, page: Any) -> None:
    """Material's ``SearchIndex.add_entry_from_context`` with the HTML parse cached; under
    ``mkdocs serve``, a page whose inputs are the last build's (:func:`_build_page`) gets the
    entries it got then, copied: they are a function of its content, table of contents, URL,
    title and metadata, all in its inputs, and of the search settings, in the site's part."""
    from material.plugins.search import plugin as search_plugin

    building = _state.get("search_page")
    if building is None or building[0] is not page or building[1] is None:
        return _search_entries(self, page)
    records: dict[str, tuple[Any, list[dict[str, Any]]]] = _state.setdefault("search_records", {})
    mark = (building[1], search_plugin.jieba is None)
    found = records.get(page.file.src_uri)
    if found is not None and found[0] == mark:
        self.entries.extend(_search_entry_copy(entry) for entry in found[1])
        return None
    start = len(self.entries)
    _search_entries(self, page)
    records[page.file.src_uri] = (mark, [_search_entry_copy(entry) for entry in self.entries[start:]])
    return None


def _search_entries(self: Any, page: Any) -> None:
    """Material's ``SearchIndex.add_entry_from_context`` with the HTML parse cached."""
    import copy

    from material.plugins.search.plugin import Parser

    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    store = _store()
    if store is None:
        parser = Parser()
        parser.feed(page.content)
        parser.close()
        sections = parser.data
    else:
        # Material only rebinds a section's ``title`` (to the page's title when it has none):
        # a shallow copy of each keeps the stored sections as they were.
        sections = [copy.copy(section) for section in _search_sections(page.content, store)]
    for section in sections:
        if not section.is_excluded():
            self.create_entry_for_section(section, page.toc, page.url, page)


_IMMUTABLE = (str, int, float, bool, type(None))


def _frozen(value: Any) -> tuple[str, Any]:
    """How :func:`_memoized` stores a result: as it is when immutable, else pickled (each
    call then gets its own copy by unpickling: 3.5 µs for a post's parsed front matter,
    against 12 µs for ``copy.deepcopy``, about three times a post per build), or, for a
    value that cannot be pickled, as it is, deep-copied on every call. Results are plain
    data (parsed YAML, text, numbers): an object whose ``__getattr__`` answers every name
    (Material's ``DateDict``) could be neither unpickled nor deep-copied."""
    if type(value) in _IMMUTABLE:
        return ("value", value)
    try:
        return ("pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return ("copy", value)


def _thawed(stored: tuple[str, Any]) -> Any:
    """A fresh copy of a result :func:`_frozen` stored (callers change what they get:
    Material adds keys to a post's metadata)."""
    how, value = stored
    if how == "pickle":
        return pickle.loads(value)
    return copy.deepcopy(value) if how == "copy" else value


def _memoized(function: Any, kind: str) -> Any:
    """``function`` (pure, hashable text arguments) memoized in the store's bulk table ``kind``."""

    def memo(*args: Any) -> Any:
        store = _store()
        if store is None or not all(isinstance(a, (str, int)) for a in args):
            return function(*args)
        key = mdcache.fingerprint(kind, "frozen", function.__module__, function.__qualname__, *map(str, args))
        return _thawed(store.memo(kind, key, lambda: _frozen(function(*args))))

    memo._polyglot_original = function  # type: ignore[attr-defined]
    return memo


_PURE_KEPT = 16_384  # results of each memoized pure function kept in memory


def _pure_memo(function: Any, key: Callable[..., Hashable | None]) -> Any:
    """``function``, a pure function of its arguments, memoized in memory on ``key(*args,
    **kwargs)``: everything its output depends on, or None to call it through."""
    results: dict[Hashable, Any] = {}

    def memo(*args: Any, **kwargs: Any) -> Any:
        found = key(*args, **kwargs)
        if found is None:
            return function(*args, **kwargs)
        if found not in results:
            if len(results) >= _PURE_KEPT:
                results.clear()
            results[found] = function(*args, **kwargs)
        return results[found]

    memo._polyglot_original = function  # type: ignore[attr-defined]
    return memo


def _text_key(*args: Any) -> Hashable | None:
    """The arguments when all are exact ``str`` (a subclass may compare equal and differ)."""
    return args if all(type(a) is str for a in args) else None


def _date_key(date: Any = None, format: Any = "medium", locale: Any = None, **kwargs: Any) -> Hashable | None:
    """Babel's ``format_date``/``format_datetime`` as Material's blog calls them. A datetime's
    key holds its offset and zone name: equal instants in other zones are equal datetimes
    but print differently."""
    if kwargs or type(format) is not str or type(locale) is not str:
        return None
    if type(date) is dt.datetime:
        return ("datetime", date.isoformat(), date.tzname(), format, locale)
    if type(date) is dt.date:
        return ("date", date.isoformat(), format, locale)
    return None


def _memoize_feed_patterns(rss_plugin: Any) -> None:
    """mkdocs-rss-plugin compiles its ``match_path`` on every config load; a category feed's
    is an alternation of that category's posts (``feeds.match_exactly``), about 7 ms to
    compile per 100 posts. Python's own pattern cache (512 patterns) can lose them to the many
    patterns of a cold build's Markdown and Pygments, and a rebuild then compiles them all
    again (about 60 ms on a first rebuild at 500 posts, profiled at the tenth stop; not seen
    in the eleventh stop's timings). A compiled pattern is immutable: its text is the key."""
    if not hasattr(rss_plugin.re_compile, "_polyglot_original"):
        rss_plugin.re_compile = _pure_memo(rss_plugin.re_compile, _text_key)


def _config_option_get(function: Any) -> Any:
    """MkDocs' ``BaseConfigOption.__get__`` (every ``config.name`` that MkDocs, its plugins
    and these hooks read: tens of thousands a serve rebuild, about 3% of it) with its
    ``isinstance(obj, Config)``, an ABC check through ``UserDict``, answered once per type,
    and the value read from the dict ``UserDict`` keeps when the type reads items as
    ``UserDict`` does. The same values and errors: a key not there goes through
    ``obj[name]`` as before (``__missing__`` included)."""
    from collections import UserDict

    from mkdocs.config.base import Config

    kinds: dict[type, int] = {}  # 0: not a config, 1: a config reading items as UserDict, 2: another config

    def __get__(self: Any, obj: Any, owner: Any = None) -> Any:
        kind = type(obj)
        mode = kinds.get(kind)
        if mode is None:
            mode = kinds[kind] = (
                0 if not isinstance(obj, Config) else 1 if kind.__getitem__ is UserDict.__getitem__ else 2
            )
        if mode == 1:
            try:
                return obj.data[self._name]
            except KeyError:
                return obj[self._name]
        return self if mode == 0 else obj[self._name]

    __get__._polyglot_original = function  # type: ignore[attr-defined]
    return __get__


def _quiet_debug(function: Any, logger: Any) -> Any:
    """mkdocs-macros' ``debug`` (formats its message, payload included, for every page even
    when nothing is logged), called only when ``logger`` logs debug messages."""

    def debug(*args: Any, **kwargs: Any) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            function(*args, **kwargs)

    debug._polyglot_original = function  # type: ignore[attr-defined]
    return debug


def _plain_policy(policy: Any) -> bool:
    """A policy made of text only (its ``stable_repr`` is then exactly its content)."""
    return isinstance(policy, dict) and all(
        isinstance(k, str) and isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)
        for k, v in policy.items()
    )


_FINISHED_KEPT = 4096  # finished pages kept in memory under serve


def _finish_memo(function: Any) -> Any:
    """``security.finish_page`` (links, CSP) memoized in memory under ``mkdocs serve``.

    A pure function of the finished HTML, the policy and the label; the key holds all three
    plus the code and package versions. Only results are kept: a page that fails is checked
    again on every build, so it keeps failing. Not on disk: the whole last pass over a page,
    which calls it, is stored there already (``_post_page_memo``), and a copy of every page
    written for this inner step cost a cold build 80 KB a page that a warm build never read.
    """

    def finish(html: Any, policy: Any, label: Any) -> Any:
        plain = isinstance(html, str) and isinstance(label, str) and _plain_policy(policy)
        if _store() is None or not _state["serve"] or not plain:
            return function(html, policy, label)
        key = mdcache.fingerprint(_state["fingerprints"].get(FINISHED, ""), label, policy, html)
        memo = _state.setdefault("finished", {})
        result = memo.get(key)
        if result is None:
            result = function(html, policy, label)
            if len(memo) >= _FINISHED_KEPT:
                memo.clear()
            memo[key] = result
        return result

    finish._polyglot_original = function  # type: ignore[attr-defined]
    return finish


# Pages whose digest is known by where they came from: the last few only. A page's HTML goes
# from its template to the post-render memos at once, and holding every page's text until
# the end of the build would add tens of MB to its peak memory.
_PROVENANCE_KEPT = 16


def _digest_of(html: str) -> str:
    """A digest naming ``html``: the key it was produced under, when this build made it
    from a cache entry or a memo (:func:`_remember`), else a SHA-256 of its text. Equal
    digests mean equal text; equal text may get different digests (then a memo misses)."""
    found = _state.setdefault("provenance", {}).get(id(html))
    if found is not None and found[0] is html:
        return found[1]
    return "text:" + _text_digest(html)


def _remember(html: str, kind: str, key: str) -> str:
    """Record that ``html`` is the value stored under ``key`` of ``kind`` (for :func:`_digest_of`)."""
    kept: dict[int, tuple[str, str]] = _state.setdefault("provenance", {})
    kept.pop(id(html), None)
    while kept and len(kept) >= _PROVENANCE_KEPT:
        kept.pop(next(iter(kept)))  # the oldest first
    kept[id(html)] = (html, f"{kind}:{key}")  # the text is held, so its id stays its own
    return html


def _post_page_memo(function: Any) -> Any:
    """``postpage.finish`` memoized on disk: a pure function of the page's HTML and its other
    arguments, given the template that writes the ``<style>`` element (``overrides/``: in the
    build-wide key ``_state["site"]``). A page that fails is checked again on every build."""

    def finish(html: Any, **kwargs: Any) -> Any:
        store = _store()
        sheets = kwargs.get("sheets")
        digest = "none" if sheets is None else getattr(sheets, "digest", "")
        texts = (html, kwargs.get("label"), kwargs.get("page"), kwargs.get("site_url"))
        plain = all(isinstance(t, str) for t in texts) and _plain_policy(kwargs.get("policy"))
        if store is None or not digest or not _state["site"] or not plain:
            return function(html, **kwargs)
        parts = (kwargs["label"], kwargs["policy"], kwargs["page"], kwargs["site_url"], digest)
        key = mdcache.fingerprint(_state["fingerprints"].get(FINISHED, ""), POSTPAGE, _state["site"], parts)
        key = mdcache.fingerprint(key, _digest_of(html))
        result = store.get(POSTPAGE, key)
        if not isinstance(result, str):
            if _hand_over(html, key, kwargs):
                return html  # written as it is; the finishing helper replaces it (_build_page_handing_over)
            result = function(html, **kwargs)
            store.put(POSTPAGE, key, result)
        return result

    finish._polyglot_original = function  # type: ignore[attr-defined]
    return finish


class _LightboxInputs(NamedTuple):
    """What mkdocs-glightbox (0.5.3) reads besides the HTML it is given."""

    url: str
    names_it: bool  # the page's metadata has a ``glightbox`` key
    turns_it_off: bool  # ``glightbox: false`` in the page's metadata
    options: dict[str, Any]
    using_material: Any
    using_material_privacy: Any
    theme: str
    features: list[Any]

    def settings(self) -> tuple[Any, ...]:
        """The plugin's and the theme's settings (everything but the page's own)."""
        return tuple(self[3:])


def _lightbox_inputs(plugin: Any, page: Any, config: Any) -> _LightboxInputs | None:
    """What mkdocs-glightbox's ``on_post_page`` reads besides the page's HTML (0.5.3), or
    ``None`` when any of it is not plain data (then the page is not memoized)."""
    meta = getattr(page, "meta", None)
    theme = config.get("theme")
    if not isinstance(meta, dict) or theme is None or not isinstance(getattr(page, "url", None), str):
        return None
    options = dict(plugin.config)
    parts = _LightboxInputs(
        page.url,
        "glightbox" in meta,
        meta.get("glightbox", True) is False,
        options,
        getattr(plugin, "using_material", None),
        getattr(plugin, "using_material_privacy", None),
        theme.name,
        list(theme.get("features", []) or []),
    )
    plain = (str, int, float, bool, type(None))
    if not all(isinstance(v, plain) for v in options.values() if not isinstance(v, list)):
        return None
    if not all(isinstance(x, plain) for v in options.values() if isinstance(v, list) for x in v):
        return None
    return parts


def _lightbox_post_page(self: Any, output: Any, page: Any, config: Any, **kwargs: Any) -> Any:
    """mkdocs-glightbox's ``on_post_page`` (a parse and re-write of the whole page with
    lexbor), memoized on disk by the page's HTML and :func:`_lightbox_inputs`."""
    original = type(self)._polyglot_original_post_page
    store = _store()
    parts = _lightbox_inputs(self, page, config) if store is not None and not kwargs else None
    if store is None or parts is None or not isinstance(output, str):
        return original(self, output, page, config, **kwargs)
    key = mdcache.fingerprint(_state["fingerprints"].get(FINISHED, ""), LIGHTBOX, *parts, _digest_of(output))
    result = store.get(LIGHTBOX, key)
    if not isinstance(result, str):
        result = original(self, output, page, config)
        if not isinstance(result, str):
            return result
        store.put(LIGHTBOX, key, result)
    return _remember(result, LIGHTBOX, key)


_LIGHTBOX_CONTENT_KEPT = 4096  # pages' content kept in memory under serve


# A start tag the HTML parser makes an ``img`` element of (it renames ``image``), in any case.
_IMAGE_TAG = re.compile(r"<(?:img|image)(?=[\s/>])", re.IGNORECASE)


def _lightbox_page_content(self: Any, html: Any, page: Any, config: Any, **kwargs: Any) -> Any:
    """mkdocs-glightbox's ``on_page_content`` (parses and re-writes every page's content, with
    or without images) memoized in memory under ``mkdocs serve``, on the content and what
    else it reads: whether the page's metadata turns it off and, for content with an image
    (:data:`_IMAGE_TAG`), the page's metadata and the plugin's options (:func:`_lightbox_inputs`)."""
    original = type(self)._polyglot_original_page_content
    parts = _lightbox_inputs(self, page, config) if _state["serve"] and speed_enabled() else None
    if parts is None or not isinstance(html, str):
        return original(self, html, page, config, **kwargs)
    if _IMAGE_TAG.search(html) is None:  # no image: what it writes is the parse of the content
        options, meta = None, None
    else:
        options, meta = repr(parts.settings()), _data_repr(page.meta)
        if meta is None:
            return original(self, html, page, config, **kwargs)
    memo = _state.setdefault("lightbox_content", {})
    switch = (parts.names_it, parts.turns_it_off)
    key = (_state["fingerprints"].get(FINISHED, ""), switch, options, meta, _text_digest(html))
    found = memo.get(key)
    if found is None:
        found = original(self, html, page, config, **kwargs)  # files=: not read (0.5.3)
        if not isinstance(found, str):
            return found
        if len(memo) >= _LIGHTBOX_CONTENT_KEPT:
            memo.clear()
        memo[key] = found
    return found


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes. Under ``mkdocs serve``, kept between rebuilds by the
    file's inode, size and modification time (a page a rebuild kept is not read again); a
    write through MkDocs (``_recording``) drops it."""
    if not _state["serve"]:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    known: dict[str, tuple[tuple[int, int, int], str]] = _state.setdefault("file_digests", {})
    name = _site_path(os.fspath(path))
    stat = os.stat(name)
    mark = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    found = known.get(name)
    if found is None or found[0] != mark:
        found = known[name] = (mark, hashlib.sha256(Path(name).read_bytes()).hexdigest())
    return found[1]


def _used_memo(function: Any) -> Any:
    """``cssprune.collect_used`` (the words of every built page and script, which decide what
    is left of the theme's stylesheets) memoized on all of its text: a build whose pages and
    scripts are the same as the last one's skips reading every word of every page again.

    When some pages changed (a serve rebuild after an edit), only those pages are read again:
    under ``mkdocs serve`` each page's words are kept in memory by the digest of its text,
    for the next rebuild (memory holds the last build's pages only), and stored by it
    (``PAGE_TOKENS``, as the finishing helper stores them). The first build of a serve
    process goes through each page even when the whole result is stored: otherwise the
    first rebuild after it, with no page's words in memory, read every page again (about
    2 s at 500 posts); each page's words come from the store when a build stored them."""

    def collect(html_pages: Any, own_scripts: Any = (), theme_scripts: Any = (), *rest: Any) -> Any:
        from polyglot import cssprune

        # Pages read from files (``cssprune.PageTexts``) stay there: each file's bytes are
        # digested (the text is not decoded), and only a page not known yet is read as text.
        pages = html_pages if isinstance(html_pages, cssprune.PageTexts) else list(html_pages)
        own, theme = list(own_scripts), list(theme_scripts)
        store = _store()
        texts = pages if not isinstance(pages, cssprune.PageTexts) else []
        if store is None or rest or not all(isinstance(t, str) for t in [*texts, *own, *theme]):
            return function(pages, own, theme, *rest)
        if isinstance(pages, cssprune.PageTexts):
            page_digests = [_file_digest(path) for path in pages.paths]
        else:
            page_digests = [_text_digest(text) for text in pages]
        digests = [*page_digests, *(_text_digest(text) for text in [*own, *theme])]
        code = _state["fingerprints"].get(FINISHED, "")
        key = mdcache.fingerprint(code, CSS_USED, len(pages), len(own), len(theme), *digests)
        known_code, known = _state["page_tokens"]
        serving = bool(_state["serve"])  # only a serve rebuild comes next in this process
        kept: dict[str, frozenset[str]] = {}
        # Each page's words as stored (as _page_tokens stores them): read by serve and after
        # the finishing helper, written by serve.
        stored_keys = (
            [mdcache.fingerprint(code, PAGE_TOKENS, d) for d in page_digests]
            if serving or _state.get("finisher_tried")
            else []
        )

        def tokens(index: int) -> frozenset[str]:
            digest = page_digests[index]
            found = known.get(digest) if known_code == code else None
            if found is None and stored_keys:
                stored = store.get(PAGE_TOKENS, stored_keys[index])
                found = stored if isinstance(stored, frozenset) else None
            if found is None:
                found = frozenset(cssprune.html_tokens(pages[index]))
                if serving:  # kept for the next rebuild: pages share their words' strings
                    found = frozenset(map(sys.intern, found))
                    store.put(PAGE_TOKENS, stored_keys[index], found)
            if serving:
                kept[digest] = found
            return found

        def compute() -> Any:
            if not serving:
                return cssprune.used_from_tokens(map(tokens, range(len(pages))), own, theme)
            # Serve: every page's words are kept for the next rebuild (``kept``), and their
            # union is updated by the pages that changed (``cssprune.WordCounts``).
            for index in range(len(pages)):
                tokens(index)
            counts = _state.get("word_counts")
            if not isinstance(counts, tuple) or counts[0] != code or not isinstance(counts[1], cssprune.WordCounts):
                counts = _state["word_counts"] = (code, cssprune.WordCounts())
            union = counts[1].union(
                page_digests, lambda index: kept[page_digests[index]], known if known_code == code else {}
            )
            return cssprune.used_from_tokens([union], own, theme)

        if serving and not (known_code == code and known):  # serve's first build: see above
            used = compute()
            store.memo(CSS_USED, key, lambda: used)
        else:
            used = store.memo(CSS_USED, key, compute)
        if kept:
            _state["page_tokens"] = (code, kept)
        if serving:  # each page's stored words stay while its page does (read or not)
            store.touch((PAGE_TOKENS, stored_key, False) for stored_key in stored_keys)
        return used

    collect._polyglot_original = function  # type: ignore[attr-defined]
    return collect


def _built_html_files(function: Any) -> Any:
    """``cssprune.html_files`` under ``mkdocs serve``: the pages of this build only. The site
    folder is kept between rebuilds and what a build no longer writes is deleted after it
    (:func:`_remove_stale`), after the pruning pass: a deleted post's page must not keep its
    markup's rules in the stylesheets."""

    def html_files(site: Path) -> Any:
        written, started = _state.get("written"), _state.get("build_started")
        if written is None or started is None:  # not a serve rebuild that keeps the folder
            yield from function(site)
            return
        given, real = os.fspath(site), _site_path(os.fspath(site))
        if real != _state.get("site_dir"):
            for path in function(site):
                name = _site_path(os.fspath(path))
                if name in written or os.stat(name).st_mtime_ns >= started:
                    yield path
            return
        # The site folder, listed once: the listing is kept for the stale-file sweep.
        listing = [(folder, dirs, names) for folder, dirs, names in os.walk(real)]
        _state["site_listing"] = (started, real, listing)
        for folder, _dirs, names in listing:
            for name in names:
                path = os.path.join(folder, name)
                if name.endswith(".html") and (path in written or os.stat(path).st_mtime_ns >= started):
                    yield Path(given + folder[len(real) :], name)

    html_files._polyglot_original = function  # type: ignore[attr-defined]
    return html_files


_SET_DIGESTS_KEPT = 4096  # distinct word sets whose digests stay in memory (about one per page)


def _set_digest(values: Any) -> str:
    """A digest of a set of words, for memo keys: the same as of its sorted list's text.

    A page's word sets (a thousand words or so) come back as the same ``frozenset`` objects
    from the memo tables, build after build under ``mkdocs serve``: their digests are kept
    by the set itself (a frozenset keeps its hash), so a key costs a lookup, not a sort."""
    if not isinstance(values, frozenset):
        return mdcache.fingerprint(sorted(values))
    digests: dict[frozenset[Any], str] = _state.setdefault("set_digests", {})
    found = digests.get(values)
    if found is None:
        if len(digests) >= _SET_DIGESTS_KEPT:
            digests.clear()
        found = digests[values] = mdcache.fingerprint(sorted(values))
    return found


def _keyed_memo(function: Any, kind: str, key_parts: Any) -> Any:
    """``function`` memoized in the bulk table ``kind``, keyed on this code's fingerprint and
    ``key_parts(*args)``: what its result depends on, or ``None`` to call it through."""

    def memo(*args: Any) -> Any:
        store = _store()
        parts = key_parts(*args) if store is not None else None
        if store is None or parts is None:
            return function(*args)
        key = mdcache.fingerprint(_state["fingerprints"].get(FINISHED, ""), kind, *parts)
        return store.memo(kind, key, lambda: function(*args))

    memo._polyglot_original = function  # type: ignore[attr-defined]
    return memo


def _prune_memo(function: Any) -> Any:
    """``cssprune.prune_css`` memoized on the stylesheet's text and what the site can match of
    it: the site's words that its selectors name (``cssprune.names``: no other word changes
    what is kept), so a build whose pages gained only other words (a new title) writes the
    same stylesheets without pruning them again."""
    from polyglot import cssprune

    def parts(css: Any, used: Any) -> tuple[Any, ...] | None:
        if not isinstance(css, str):
            return None
        named = cssprune.names(cssprune.compile_css(css))
        return (css, sorted(used.tokens & named), sorted(used.attributes & named), list(used.prefixes))

    return _keyed_memo(function, CSS_PRUNED, parts)


def _page_tokens_memo(function: Any) -> Any:
    """``cssinline.page_tokens`` memoized on the page's text and the stylesheets' digest."""

    def parts(html: Any, sheets: Any) -> tuple[Any, ...] | None:
        if not isinstance(html, str) or not getattr(sheets, "digest", ""):
            return None
        return (sheets.digest, _text_digest(html))

    return _keyed_memo(function, CSS_TOKENS, parts)


def _critical_memo(function: Any) -> Any:
    """``cssinline.critical_css`` memoized on the stylesheets' digest, the path and the page's
    tokens: pages that can match the same rules share one entry."""

    def parts(sheets: Any, path: Any, tokens: Any, properties: Any = None) -> tuple[Any, ...] | None:
        if not isinstance(path, str) or not getattr(sheets, "digest", ""):
            return None
        return (sheets.digest, path, _set_digest(tokens), None if properties is None else _set_digest(properties))

    return _keyed_memo(function, CSS_CRITICAL, parts)


def _properties_memo(function: Any) -> Any:
    """``cssinline.properties_read`` memoized on the stylesheets' digest, the page's tokens and
    what the page itself reads."""

    def parts(sheets: Any, tokens: Any, page_reads: Any) -> tuple[Any, ...] | None:
        if not getattr(sheets, "digest", ""):
            return None
        return (sheets.digest, _set_digest(tokens), _set_digest(page_reads))

    return _keyed_memo(function, CSS_PROPERTIES, parts)


def _wrap(module: Any, name: str, kind: str) -> None:
    """Replace ``module.name`` by its memoized version (once; again after a module reload)."""
    function = getattr(module, name)
    if not hasattr(function, "_polyglot_original"):
        setattr(module, name, _memoized(function, kind))


class _YamlMemo:
    """Stands in for the ``yaml`` module where front matter is parsed: ``load`` memoized."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._load = _memoized(lambda text, loader: module.load(text, getattr(module, loader)), YAML)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._module, attr)

    def load(self, stream: Any, Loader: Any) -> Any:
        if isinstance(stream, str) and getattr(self._module, Loader.__name__, None) is Loader:
            return self._load(stream, Loader.__name__)
        return self._module.load(stream, Loader)


# --- Serve: keep the site folder between rebuilds ----------------------------------------------------


def _serve_clean_directory(directory: str) -> None:
    """Instead of emptying the site folder, remember when this build began.

    Files this build does not write are deleted after it (:func:`_remove_stale`), so the
    folder ends up with exactly this build's files, without deleting and re-creating the
    hundreds of unchanged ones (and their folders) on every save.
    """
    _state["site_dir"] = os.path.realpath(directory)
    _state["site_given"] = os.path.normpath(os.path.abspath(directory))
    _state["build_started"] = time.time_ns()
    _state["written"] = set()


def _site_path(path: str) -> str:
    """A path's ``os.path.realpath``, without a system call per folder for a file in the
    site folder: its real path (resolved once a build) and the rest of the path, normalized.
    The folders MkDocs makes in the site folder are not symbolic links."""
    given, real = _state.get("site_given"), _state.get("site_dir")
    if given and real:
        name = os.path.normpath(os.path.abspath(path))
        if name.startswith(given + os.sep):
            return real + name[len(given) :]
    return os.path.realpath(path)


def _same_file(source: str, output: str) -> bool:
    try:
        src, out = os.stat(source), os.stat(output)
    except OSError:
        return False
    return src.st_size == out.st_size and out.st_mtime_ns >= src.st_mtime_ns


def _same_content(content: bytes, output: str) -> bool:
    try:
        if os.path.getsize(output) != len(content):
            return False
        with open(output, "rb") as f:
            return f.read() == content
    except OSError:
        return False


def _recording(function: Any) -> Any:
    """``write_file``/``copy_file`` that record what they write, and skip unchanged output."""

    def record(first: Any, output: Any) -> Any:
        written = _state.get("written")
        if written is None or not isinstance(output, str):
            return function(first, output)
        if os.path.isdir(output) and isinstance(first, str):  # copy_file into a folder
            output = os.path.join(output, os.path.basename(first))
        path = _site_path(output)
        written.add(path)
        unchanged = _same_file(first, output) if isinstance(first, str) else _same_content(first, output)
        if unchanged:
            return None
        _state.setdefault("file_digests", {}).pop(path, None)
        return function(first, output)

    record._polyglot_original = function  # type: ignore[attr-defined]
    return record


_PARTIALS_KEPT = 8192  # rendered partials kept in memory under serve (about two per page)
_DATA_SCALARS = (str, int, float, bool, type(None), dt.date)  # reprs that hold the whole value


def _data_repr(value: Any) -> str | None:
    """``repr`` of plain data (text, numbers, dates, lists, tuples and dicts of them), which
    holds all of it; None for anything else (an object's repr may leave out what it holds).
    ``Markup`` keeps its type in its repr: escaped and plain text never share a key."""
    if isinstance(value, _DATA_SCALARS):
        return repr(value)
    if isinstance(value, list | tuple):
        parts = [_data_repr(item) for item in value]
        if None in parts:
            return None
        return ("[{}]" if isinstance(value, list) else "({})").format(", ".join(parts))  # type: ignore[arg-type]
    if isinstance(value, dict):
        items = []
        for name, item in value.items():
            inner = _data_repr(item)
            if not isinstance(name, str) or inner is None:
                return None
            items.append(f"{name!r}: {inner}")
        return "{" + ", ".join(items) + "}"
    return None


def _partial_memo(function: Any) -> Any:
    """``render.render_partial`` (the head tags and a post's end matter, for every page on every
    rebuild) memoized in memory under ``mkdocs serve``, on the build-wide fingerprint (config,
    data, templates, code) and the partial's name and data, when the data is plain."""

    def render(env: Any, name: str, **context: Any) -> Any:
        site = _state.get("site")
        data = _data_repr(context) if _state["serve"] and site and speed_enabled() else None
        if data is None:
            return function(env, name, **context)
        memo = _state.setdefault("partials", {})
        key = (site, name, data)
        found = memo.get(key)
        if found is None:
            if len(memo) >= _PARTIALS_KEPT:
                memo.clear()
            found = memo[key] = function(env, name, **context)
        return found

    render._polyglot_original = function  # type: ignore[attr-defined]
    return render


def _card_render(function: Any) -> Any:
    """``cards.render`` under ``mkdocs serve``: a card this process wrote at the same place, for
    the same card, style and cache folder, into a file nobody changed since, is left as it is
    (no lookup of the cached image, no folder made, no copy), and recorded as written."""
    from polyglot import cards

    def render(card: Any, dest: Any, cache_dir: Any, style: Any = None) -> bool:
        written = _state.get("written")
        if written is None:
            return bool(function(card, dest, cache_dir, style))
        rendered: dict[str, tuple[Any, ...]] = _state.setdefault("cards_rendered", {})
        name, look = os.fspath(dest), style or cards.Style()
        mark = (card, look, os.fspath(cache_dir), cards.cache_key(card, look))
        try:
            found = os.stat(name)
        except OSError:
            found = None
        if found is not None and rendered.get(name) == (*mark, found.st_size, found.st_mtime_ns):
            written.add(_site_path(name))
            return False
        rendered.pop(name, None)
        drawn = bool(function(card, dest, cache_dir, style))
        found = os.stat(name)
        rendered[name] = (*mark, found.st_size, found.st_mtime_ns)
        return drawn

    render._polyglot_original = function  # type: ignore[attr-defined]
    return render


_RACY_NS = 2_000_000_000  # a file modified this recently may change again within its mtime's tick


class _NotKept(Exception):
    """Raised by a :func:`_by_file` ``keep`` for a value that is not to be kept."""


def _by_file(
    table: str,
    path: str,
    mark: tuple[Any, ...],
    compute: Callable[[], Any],
    keep: Callable[[Any], Any] = lambda value: value,
    give: Callable[[Any], Any] = lambda kept: kept,
) -> Any:
    """``compute()``, kept in ``_state[table]`` under ``path`` with ``mark`` and the file's
    inode, size and modification time: while they stay, ``give(keep(value))`` instead.
    As git does with its index, a file modified in the last two seconds is not kept: a
    second save within the same clock tick could leave all three as they were. A ``keep``
    that raises :class:`_NotKept` (or pickling's errors) leaves the value out."""
    try:
        stat = os.stat(path)
    except OSError:
        return compute()
    known: dict[str, tuple[tuple[Any, ...], Any]] = _state.setdefault(table, {})
    mark = (*mark, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    found = known.get(path)
    if found is not None and found[0] == mark:
        return give(found[1])
    known.pop(path, None)
    value = compute()
    if time.time_ns() - stat.st_mtime_ns > _RACY_NS:
        with contextlib.suppress(_NotKept, pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            known[path] = (mark, keep(value))
    return value


def _scan_post_memo(function: Any) -> Any:
    """``feeds.scan_post`` (a post's categories, read on every config load: so on every serve
    rebuild) under ``mkdocs serve``: kept by the file (:func:`_by_file`)."""

    def scan(docs_dir: Path, path: Path) -> Any:
        if not _state["serve"] or not speed_enabled():
            return function(docs_dir, path)
        mark = (os.fspath(docs_dir), id(function))
        return _by_file("scanned_posts", os.fspath(path), mark, lambda: function(docs_dir, path))

    scan._polyglot_original = function  # type: ignore[attr-defined]
    return scan


def _read_post_memo(function: Any) -> Any:
    """``pages.read_post`` (every post read and validated by the site's ``on_files``, on every
    serve rebuild) under ``mkdocs serve``: kept pickled by the file (:func:`_by_file`), the
    known authors and categories; each build gets its own copy (it records the rendered
    post's reading time and excerpt on it)."""

    def read(path: Path, src_uri: str, label: str, *, authors: Any, categories: Any) -> Any:
        def compute() -> Any:
            return function(path, src_uri, label, authors=authors, categories=categories)

        if not _state["serve"] or not speed_enabled():
            return compute()
        mark = (id(function), src_uri, label, tuple(authors), tuple(categories))
        return _by_file("read_posts", os.fspath(path), mark, compute, pickle.dumps, pickle.loads)

    read._polyglot_original = function  # type: ignore[attr-defined]
    return read


POST_FIELDS = ("markdown", "meta", "config", "excerpt", "authors", "categories")  # what Post.__init__ sets


class _WarningCount(logging.Filter):
    """Counts the warnings a logger emits while it is attached (and lets them through)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        self.count += record.levelno >= logging.WARNING
        return True


def _post_state_dumps(values: tuple[Any, ...]) -> bytes:
    """``values`` pickled, Material's ``DateDict`` by its items: its ``__getattr__`` answers
    ``None`` for ``__setstate__``, which pickle's default reduction would then call."""
    from material.plugins.blog.structure.options import DateDict

    class Pickler(pickle.Pickler):
        dispatch_table: ClassVar[dict[type, Any]] = {
            **copyreg.dispatch_table,
            DateDict: lambda value: (DateDict, (dict(value),)),
        }

    buffer = io.BytesIO()
    Pickler(buffer, protocol=5).dump(values)
    return buffer.getvalue()


def _post_init_memo(function: Any) -> Any:
    """Material blog's ``Post.__init__`` under ``mkdocs serve``: every rebuild makes every
    post again, reading its file, parsing its front matter and validating its configuration
    (7% of a rebuild at 500 posts). What it sets beyond ``Page.__init__`` (:data:`POST_FIELDS`)
    is kept pickled by the file (:func:`_by_file`), and each later post gets its own copy;
    ``Page.__init__`` runs as before. Not kept: a post whose making logged a warning, and any
    post while Material's meta plugin (which merges other files' metadata into it) is on."""
    from material.plugins.blog import structure as blog_structure

    def init(self: Any, file: Any, config: Any) -> None:
        path = getattr(file, "abs_src_path", None)
        meta_plugin = config.plugins.get("material/meta")
        if not _state["serve"] or not speed_enabled() or not isinstance(path, str) or meta_plugin:
            return function(self, file, config)
        warnings = _WarningCount()

        def make() -> None:
            blog_structure.log.addFilter(warnings)
            try:
                function(self, file, config)
            finally:
                blog_structure.log.removeFilter(warnings)

        def keep(_made: None) -> bytes:
            if warnings.count:
                raise _NotKept
            return _post_state_dumps(tuple(getattr(self, name) for name in POST_FIELDS))

        def give(kept: bytes) -> None:
            mkdocs_pages.Page.__init__(self, None, file, config)
            for name, value in zip(POST_FIELDS, pickle.loads(kept), strict=True):
                setattr(self, name, value)

        return _by_file("post_states", path, (id(function), config.docs_dir), make, keep, give)

    init._polyglot_original = function  # type: ignore[attr-defined]
    return init


def _card_settle(function: Any) -> Any:
    """``cards.cached`` that first claims the card from the helper (or waits for its drawing)."""
    from polyglot import cards

    def cached(card: Any, cache_dir: Any, style: Any = None) -> Any:
        _settle(CARD_TASK, cards.cache_key(card, style or cards.Style()))
        return function(card, cache_dir, style)

    cached._polyglot_original = function  # type: ignore[attr-defined]
    return cached


# Variables that change how git talks to remotes, who commits or what it prints for a person,
# never which repository it reads or what a local read prints (as mkdocs-macros runs it).
_GIT_VARIABLES_IGNORED = (
    "GIT_SSL_",
    "GIT_SSH",
    "GIT_HTTP_",
    "GIT_PROXY_",
    "GIT_CURL_",
    "GIT_TERMINAL_PROMPT",
    "GIT_ASKPASS",
    "GIT_AUTHOR_",
    "GIT_COMMITTER_",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_PAGER",
    "GIT_TRACE",
    "GIT_PROGRESS_DELAY",
    "GIT_FLUSH",
)


def _git_state(start: str) -> tuple[Any, ...] | None:
    """What ``git`` reads for mkdocs-macros' ``git`` variable (HEAD, its branch, the tags),
    from the repository around ``start``; None when it cannot be read without ``git``."""
    if any(name.startswith("GIT_") and not name.startswith(_GIT_VARIABLES_IGNORED) for name in os.environ):
        return None  # GIT_DIR, GIT_CONFIG_* and friends: git may look elsewhere or print otherwise
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        if not dot_git.exists():
            continue
        if not dot_git.is_dir():
            return None  # a worktree or submodule pointer: not followed here
        parts: list[Any] = [str(candidate)]
        for name in ("HEAD", "packed-refs"):
            file = dot_git / name
            parts.append(file.read_bytes() if file.is_file() else None)
        head = parts[1] or b""
        if head.startswith(b"ref: "):
            ref = dot_git / head[5:].decode("utf-8", "replace").strip()
            parts.append(ref.read_bytes() if ref.is_file() else None)
        tags = dot_git / "refs" / "tags"
        parts.extend(sorted((p.relative_to(tags).as_posix(), p.read_bytes()) for p in tags.rglob("*") if p.is_file()))
        return tuple(parts)
    return (str(folder), "no repository")


def _git_info_memo(function: Any) -> Any:
    """mkdocs-macros' ``get_git_info`` (a dozen ``git`` processes on every config load, so on
    every serve rebuild) memoized in this process on the repository's state files."""

    def git_info() -> Any:
        state = _git_state(os.getcwd())
        if state is None or not speed_enabled():
            return function()
        known = _state.get("git_info")
        if known is None or known[0] != state:
            known = (state, function())
            _state["git_info"] = known
        return copy.deepcopy(known[1])

    git_info._polyglot_original = function  # type: ignore[attr-defined]
    return git_info


def _link_or_copy(function: Any) -> Any:
    """Material's blog ``copy_file`` of a paginated view's source into its temporary folder
    (once per page of every view, on every build and serve rebuild): a hard link, which the
    plugin reads as it reads the copy; a copy where linking fails (another file system, a
    file already there). Under serve the plugin keeps its folder: a link made by an earlier
    rebuild is the same file, left as it is."""

    def copy_file(source_path: str, output_path: str) -> None:
        try:
            if os.path.samefile(source_path, output_path):
                return None  # linked by an earlier build into the same folder (serve)
        except OSError:
            pass  # not there yet
        if not os.path.isdir(output_path) and not os.path.lexists(output_path):
            try:
                os.makedirs(os.path.dirname(output_path), exist_ok=True)
                os.link(source_path, output_path)
                return None
            except OSError:
                pass
        return function(source_path, output_path)

    copy_file._polyglot_original = function  # type: ignore[attr-defined]
    return copy_file


def _sys_path_state() -> tuple[tuple[str, int | None], ...]:
    """The folders on ``sys.path`` and their modification times (installing, upgrading or
    removing a package changes its folder's)."""
    found: list[tuple[str, int | None]] = []
    for folder in sys.path:
        try:
            found.append((folder, os.stat(folder or ".").st_mtime_ns))
        except OSError:
            found.append((folder, None))
    return tuple(found)


def _size_and_mtime(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


def _environment_memo(function: Any) -> Any:
    """``mdcache.environment_fingerprint`` (installed packages' versions and the digest of
    ``polyglot``'s code, twice per build) under ``mkdocs serve``: kept while the folders on
    ``sys.path`` and the code's files keep their names, sizes and modification times."""
    known: dict[str, Any] = {}

    def environment_fingerprint() -> str:
        if not _state["serve"] or not speed_enabled():
            return str(function())
        code = Path(mdcache.__file__).resolve().parent
        files = sorted((p.name, *_size_and_mtime(p)) for p in code.glob("*.py"))
        now = (_sys_path_state(), sys.version, tuple(files))
        if known.get("state") == now:
            return str(known["value"])
        value = known["value"] = function()
        # As for posts (_by_file): a file modified in the last two seconds may change again unseen.
        known["state"] = now if all(time.time_ns() - mtime > _RACY_NS for _n, _s, mtime in files) else None
        return str(value)

    environment_fingerprint._polyglot_original = function  # type: ignore[attr-defined]
    return environment_fingerprint


def _themes_memo(function: Any) -> Any:
    """MkDocs' ``get_themes`` (the entry points of every installed distribution) under
    ``mkdocs serve``: MkDocs clears its cache each time a theme is loaded, so every rebuild's
    config looked them all up again. Kept while the folders on ``sys.path`` keep their
    modification times (installing or removing a package changes its folder's)."""
    known: dict[str, Any] = {}

    def get_themes() -> Any:
        now = _sys_path_state()
        if known.get("state") != now:
            getattr(function, "cache_clear", lambda: None)()
            known["state"], known["themes"] = now, function()
        return known["themes"]

    get_themes.cache_clear = lambda: None  # type: ignore[attr-defined]  # MkDocs' theme loading calls it
    get_themes._polyglot_original = function  # type: ignore[attr-defined]
    return get_themes


_YAML_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, type, type(len), type(_themes_memo), bytes)


def _plain_yaml(value: Any) -> bool:
    """Whether a parsed YAML value is plain data (and names of functions and classes, as
    ``!!python/name`` gives): nothing bound to the config it was loaded for (``!relative``)."""
    if isinstance(value, dict):
        return all(_plain_yaml(k) and _plain_yaml(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain_yaml(item) for item in value)
    return isinstance(value, _YAML_PLAIN)


def _config_yaml_memo(function: Any) -> Any:
    """MkDocs' ``yaml_load`` of the config file under ``mkdocs serve``: a rebuild whose
    ``mkdocs.yml`` and environment (``!ENV``) are those of the last one gets a copy of the
    same parse. Kept only when the result is plain data and inherits no other file."""
    known: dict[str, Any] = {}

    def yaml_load(source: Any, loader: Any = None) -> Any:
        name = getattr(source, "name", None)
        if not _state["serve"] or not speed_enabled() or not isinstance(name, str) or not hasattr(source, "read"):
            return function(source, loader)
        data = source.read()
        key = (os.path.abspath(name), data, tuple(sorted(os.environ.items())))
        if known.get("key") == key:
            return copy.deepcopy(known["value"])
        stream = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
        stream.name = name  # type: ignore[attr-defined]  # MkDocs resolves INHERIT from it
        result = function(stream, loader)
        inherits = (b"INHERIT" if isinstance(data, bytes) else "INHERIT") in data  # reads another file
        if _plain_yaml(result) and not inherits:
            known["key"], known["value"] = key, copy.deepcopy(result)
        return result

    yaml_load._polyglot_original = function  # type: ignore[attr-defined]
    return yaml_load


def _remove_stale() -> int:
    """Delete what an earlier build wrote and this one did not (old mtime and not recorded)."""
    site, started, written = _state.get("site_dir"), _state.get("build_started"), _state.get("written")
    if not site or started is None or written is None:
        return 0
    listing = _state.pop("site_listing", None)
    if listing is not None and listing[:2] == (started, site):
        removed = _remove_listed(site, listing[2], written, started)
    else:
        removed = 0
        for folder, _dirs, names in os.walk(site, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in written and os.stat(path).st_mtime_ns < started:
                    os.unlink(path)
                    removed += 1
            if folder != site and not os.listdir(folder):
                os.rmdir(folder)
    _state["written"] = None
    return removed


def _remove_listed(site: str, listing: list[tuple[str, list[str], list[str]]], written: set[str], started: int) -> int:
    """:func:`_remove_stale` over a listing of the site folder taken during this build (by
    ``os.walk``, top down) instead of listing it again: files are deleted as there; a folder
    is deleted when nothing listed in it is left and it is empty now (a file written since
    the listing is new, so never stale, and keeps its folder)."""
    removed, emptied = 0, set()
    for folder, dirs, names in reversed(listing):  # every folder after all of its sub-folders
        kept, kept_written = 0, []
        for name in names:
            path = os.path.join(folder, name)
            if path in written:
                kept_written.append(path)
                continue
            try:
                stale = os.stat(path).st_mtime_ns < started
            except FileNotFoundError:  # deleted since the listing
                continue
            if stale:
                os.unlink(path)
                removed += 1
            else:
                kept += 1
        if folder == site or kept or not all(os.path.join(folder, d) in emptied for d in dirs):
            continue
        if not any(os.path.lexists(path) for path in kept_written) and not os.listdir(folder):
            os.rmdir(folder)
            emptied.add(folder)
    return removed


_theme_files: dict[Any, list[tuple[str, str]]] = {}


def _add_files_from_theme(self: Any, env: Any, config: MkDocsConfig) -> None:
    """MkDocs' ``Files.add_files_from_theme``, listing the theme's ~15,000 files once per process.

    The listing is keyed by the theme folders, the options that filter it, and the names
    and times of every file in the folders outside site-packages (the site's overrides).
    """
    from mkdocs.structure.files import File, Files

    local = [d for d in config.theme.dirs if "site-packages" not in Path(d).parts]
    listing = sorted((str(p), p.stat().st_mtime_ns) for d in local for p in Path(d).rglob("*") if p.is_file())
    key = (
        tuple(config.theme.dirs),
        tuple(config.theme.static_templates),
        config.site_dir,
        config.use_directory_urls,
        mdcache.fingerprint(listing),
    )
    if key not in _theme_files:
        probe = Files([])
        type(self)._polyglot_original_theme(probe, env, config)
        _theme_files.clear()
        _theme_files[key] = [(f.src_uri, f.src_dir) for f in probe]
    for path, folder in _theme_files[key]:
        if self.get_file_from_path(path) is None:
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


# --- Serve: pages whose inputs did not change are not rendered again (polyglot.pageskip) ----------


def _skipper() -> pageskip.Skipper:
    skipper = _state.get("skipper")
    if not isinstance(skipper, pageskip.Skipper):  # none yet, or one of a reloaded module
        skipper = _state["skipper"] = pageskip.Skipper()
    return skipper


def _view_posts(page: Any, config: MkDocsConfig) -> list[Any] | None:
    """The posts a page of one of Material's blog views shows excerpts of, sliced as the
    plugin's ``_render`` slices them; ``[]`` for a page that is not a view, None for a view
    of another blog (not known)."""
    from material.plugins.blog.structure import View

    if not isinstance(page, View):
        return []
    plugin = _blog_plugin(config)
    if plugin is None or plugin._resolve_original(page) not in plugin._resolve_views(plugin.blog):
        return None
    posts = page.posts
    if plugin._config_pagination(page):
        at = page.pages.index(page)
        step = plugin._config_pagination_per_page(page)
        posts = posts[at * step : at * step + step]
    return [post for post in posts if post.excerpt]


def _excerpt_inputs(post: Any) -> str | None:
    """What a view reads to show ``post``'s excerpt, besides its own URL (the links are made
    relative to it): the conversion, known to be the same in every view (stored as such), and
    what the excerpt shows of the post. None: the excerpt can differ from view to view."""
    found = _state.setdefault("excerpt_inputs", {}).get(id(post))
    if found is not None and found[0] is post:
        # Once per post and build. What a view reads of the post can differ only by what the
        # post's own context hooks set (its description and author, from the front matter and
        # the site's data, digested here and in the build-wide key).
        return found[1]
    store = _store()
    if store is None or not _excerpt_convertible(post.excerpt):
        return None
    _text, _source, key = _excerpt_source(post, _state["excerpt_prefix"] or "")
    if store.get(EXCERPTS, key) is None:
        return None
    excerpt = post.excerpt
    digest = pagekey.Digest(_state["build_token"], _state.setdefault("shared", {})).add(key)
    # Nothing that depends on how far this build has got: the post's title, not the
    # excerpt's (Material sets an excerpt's title when a view renders it: None before its
    # first view, the title after it; a rebuild that keeps the views renders none), and of
    # each category the title and URL a view prints (Material's post partial), not the
    # category page as a page reference would digest it, with the metadata its own context
    # hooks add when it is built (its description, from data/, in the build-wide key). What
    # a rendered excerpt's title can be is in its conversion's key and the post's title.
    digest.add("title", getattr(post, "title", None))
    for attr in ("url", "meta", "config", "authors"):
        digest.add(attr, getattr(excerpt, attr, None))
    categories = getattr(excerpt, "categories", None) or []
    shown = [(type(c).__name__, getattr(c, "title", None), getattr(c, "url", None)) for c in categories]
    digest.add("categories", shown)
    _state["excerpt_inputs"][id(post)] = (post, digest.hexdigest())
    return _state["excerpt_inputs"][id(post)][1]


def _page_inputs(
    page: Any, config: MkDocsConfig, context: Any, excluded: bool
) -> tuple[str | None, Callable[[], str | None] | None]:
    """The digest of everything a page's build reads (``polyglot.pageskip``), None when the
    page is not one that can be skipped; and, for a blog view showing an excerpt not stored
    yet (converted for the first time by this view's own render: in the first build of a
    serve process on a cold cache), a function that completes the digest once the page is
    rendered. The rest of the digest is taken before the page's context hooks run, as
    always; the excerpts' part is what each excerpt is in this build (:func:`_excerpt_inputs`,
    once per post and build, wherever it is asked first)."""
    from polyglot import components

    build = config.get("_polyglot")
    if not callable(getattr(build, "page_inputs", None)) or not callable(getattr(build, "build_inputs", None)):
        return None, None
    others = build.page_inputs(page.file.src_uri)
    shown = _view_posts(page, config)
    if shown is None:
        return None, None
    if components.LATEST_POSTS_SLOT.search(page.content or ""):
        return None, None
    excerpts_shown = [_excerpt_inputs(post) for post in shown]
    missing = [i for i, found in enumerate(excerpts_shown) if found is None]
    if missing and not all(_excerpt_not_stored_yet(shown[i]) for i in missing):
        return None, None  # an excerpt that can differ from view to view
    wide = _state.get("build_inputs")
    if wide is None or wide[0] is not build:
        wide = _state["build_inputs"] = (
            build,
            pagekey.Digest(_state["build_token"]).add(build.build_inputs()).hexdigest(),
        )
    template = page.meta.get("template", "main.html")
    digest = pagekey.Digest(_state["build_token"]).add(page_key(template, context), wide[1], others, excluded)
    if not missing:
        return digest.add(excerpts_shown).hexdigest(), None

    def complete() -> str | None:
        late = [_excerpt_inputs(post) for post in shown]
        return None if None in late else digest.add(late).hexdigest()

    return None, complete


def _excerpt_not_stored_yet(post: Any) -> bool:
    """Whether ``post``'s excerpt may be stored once a view converts it: convertible once for
    every view, and no view converted it in this build yet (it would be stored by now)."""
    return _excerpt_convertible(post.excerpt) and not _state["memo"].knows(post.excerpt)


def _build_page(
    page: Any, config: MkDocsConfig, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False
) -> None:
    """MkDocs' ``_build_page``; under ``mkdocs serve``, a page whose inputs are the last
    build's keeps the page that build wrote (its context hooks still run, for what they
    record), instead of being rendered and written again; in a cold build of many posts,
    the page's last pass goes to a helper (:func:`_build_page_handing_over`)."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._polyglot_original_build_page
    written, store = _state.get("written"), _store()
    if not (store is not None and _state["serve"] and _state["full"] and written is not None and not dirty):
        if _state["finishing_wanted"] and store is not None:
            return _build_page_handing_over(original, page, config, doc_files, nav, env, dirty, excluded)
        return original(page, config, doc_files, nav, env, dirty, excluded)
    try:
        _build_page_kept(original, store, written, page, config, doc_files, nav, env, excluded)
    finally:
        _state["search_page"] = None
    return None


def _build_page_kept(
    original: Any,
    store: Any,
    written: set[str],
    page: Any,
    config: MkDocsConfig,
    doc_files: Any,
    nav: Any,
    env: Any,
    excluded: bool,
) -> None:
    """:func:`_build_page` under ``mkdocs serve``: a page whose inputs are the last build's is kept."""
    from mkdocs.commands import build as mkdocs_build

    skipper = _skipper()
    src, output = page.file.src_uri, os.path.join(_state["site_dir"], page.file.dest_path)
    config._current_page = page
    page.active = True
    try:
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        inputs, late = _page_inputs(page, config, context, excluded)
        _state["search_page"] = (page, inputs)  # its search entries are those of the same inputs
        if skipper.check(src, inputs, output):
            skipper.replaying = page
            try:
                _replay_page_context(context, page, config, nav)
            finally:
                skipper.replaying = None
            store.touch(skipper.entries(src))  # its cache entries stay (not pruned)
            written.add(output)
            return
    finally:
        page.active = False
        config._current_page = None
    if inputs is None and late is None:
        original(page, config, doc_files, nav, env, False, excluded)
        return
    store.recording = []
    try:
        original(page, config, doc_files, nav, env, False, excluded)
    finally:
        found, store.recording = store.recording, None
    if inputs is None and late is not None:  # a view whose excerpts its render just stored
        inputs = late()
        if inputs is None:
            return
        skipper.record(src, inputs, output)
    skipper.entries(src, found)


def _replay_page_context(context: Any, page: Any, config: MkDocsConfig, nav: Any) -> None:
    """The ``page_context`` event for a page that is not rendered again, less the handlers
    whose work only its template reads: Material's blog plugin renders a view's excerpts and
    pagination into the context (and the excerpts again in every view that shows them).
    An error is reported as MkDocs' own ``_build_page`` reports it, naming the page."""
    plugins = config.plugins
    try:
        for handler in plugins.events["page_context"]:
            if type(getattr(handler, "__self__", None)).__module__.startswith("material.plugins.blog"):
                continue
            plugins._current_plugin = plugins._event_origins.get(handler, "<unknown>")  # as MkDocs names it
            result = handler(context, page=page, config=config, nav=nav)
            if result is not None:
                context = result
    except Exception as e:
        from mkdocs.commands import build as mkdocs_build

        mkdocs_build.log.error(f"Error building page '{page.file.src_uri}': {e}")
        raise
    finally:
        plugins._current_plugin = None


def _template_only(function: Any) -> Any:
    """A render whose result only the page's template reads: not done for a skipped page."""

    def render(*args: Any, **kwargs: Any) -> Any:
        if _skipper().replaying is not None:
            from markupsafe import Markup

            return Markup("")
        return function(*args, **kwargs)

    render._polyglot_original = function  # type: ignore[attr-defined]
    return render


# --- Patches and events ----------------------------------------------------------------------------


def _get_env(self: Any) -> Any:
    """MkDocs' ``Theme.get_env`` with compiled templates cached on disk (keyed by their source)."""
    import jinja2

    env = type(self)._polyglot_original_get_env(self)
    folder = _state.get("jinja_dir")
    if folder:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def _feed_environment(*args: Any, **kwargs: Any) -> Any:
    """The Jinja environment mkdocs-rss-plugin writes each feed with, with compiled templates
    cached on disk (it makes one per feed and build: 5 here, each compiling its template)."""
    import jinja2

    folder = _state.get("jinja_dir")
    if folder and speed_enabled() and "bytecode_cache" not in kwargs:
        kwargs["bytecode_cache"] = jinja2.FileSystemBytecodeCache(str(_mkdir(folder / "feeds")))
    return jinja2.Environment(*args, **kwargs)


def _patch() -> None:
    """Install the patches (idempotent; a serve rebuild re-points them at this module's code)."""
    from material.plugins.blog.structure import Excerpt
    from pymdownx import highlight as pymdownx_highlight

    if not hasattr(Excerpt, "_polyglot_original_render"):
        Excerpt._polyglot_original_render = Excerpt.render
    Excerpt.render = _render_excerpt
    if not hasattr(mkdocs_pages.Page, "_polyglot_original_render"):
        mkdocs_pages.Page._polyglot_original_render = mkdocs_pages.Page.render
    mkdocs_pages.Page.render = _render_page
    if not getattr(pymdownx_highlight.highlight, "polyglot_memo", False):
        pymdownx_highlight.highlight = mdcache.HighlightMemo(pymdownx_highlight.highlight)

    from material.plugins.blog import plugin as blog_plugin
    from material.plugins.search.plugin import SearchIndex

    if not hasattr(SearchIndex, "_polyglot_original_add"):
        SearchIndex._polyglot_original_add = SearchIndex.add_entry_from_context
    SearchIndex.add_entry_from_context = _search_add_entry
    from material.plugins.search import plugin as search_plugin

    if not isinstance(search_plugin.re, searchstrip.SearchRe):
        search_plugin.re = searchstrip.SearchRe()
    _wrap(blog_plugin, "readtime", READTIME)
    if not hasattr(blog_plugin.copy_file, "_polyglot_original"):
        blog_plugin.copy_file = _link_or_copy(blog_plugin.copy_file)
    for name in ("format_date", "format_datetime"):  # dates of posts, archives and URLs
        if not hasattr(getattr(blog_plugin, name), "_polyglot_original"):
            setattr(blog_plugin, name, _pure_memo(getattr(blog_plugin, name), _date_key))
    if not hasattr(mkdocs_pages.urljoin, "_polyglot_original"):  # canonical URLs, 3 per post
        mkdocs_pages.urljoin = _pure_memo(mkdocs_pages.urljoin, _text_key)
    from mkdocs.config import base as config_base

    if not hasattr(config_base.BaseConfigOption.__get__, "_polyglot_original"):
        config_base.BaseConfigOption.__get__ = _config_option_get(config_base.BaseConfigOption.__get__)
    try:
        from mkdocs_macros import plugin as macros_plugin
        from mkdocs_macros import util as macros_util
    except ImportError:  # the plugin is not installed
        macros_plugin = None
    if macros_plugin is not None and not hasattr(macros_plugin.debug, "_polyglot_original"):
        macros_plugin.debug = _quiet_debug(macros_plugin.debug, macros_util.LOG)

    import markdown as markdown_module
    import yaml
    from material.plugins.blog import structure as blog_structure

    from polyglot import cssinline, cssprune, postpage, posts, security, yamltext

    if not hasattr(security.finish_page, "_polyglot_original"):
        security.finish_page = _finish_memo(security.finish_page)

    if not hasattr(postpage.finish, "_polyglot_original"):
        postpage.finish = _post_page_memo(postpage.finish)
    try:
        from mkdocs_glightbox.plugin import LightboxPlugin
    except ImportError:  # the plugin is not installed: nothing to memoize
        LightboxPlugin = None
    if LightboxPlugin is not None:
        if not hasattr(LightboxPlugin, "_polyglot_original_post_page"):
            LightboxPlugin._polyglot_original_post_page = LightboxPlugin.on_post_page
        LightboxPlugin.on_post_page = _lightbox_post_page
        if not hasattr(LightboxPlugin, "_polyglot_original_page_content"):
            LightboxPlugin._polyglot_original_page_content = LightboxPlugin.on_page_content
        LightboxPlugin.on_page_content = _lightbox_page_content

    if not hasattr(cssprune.collect_used, "_polyglot_original"):
        cssprune.collect_used = _used_memo(cssprune.collect_used)
    if not hasattr(cssprune.html_files, "_polyglot_original"):
        cssprune.html_files = _built_html_files(cssprune.html_files)
    if not hasattr(cssprune.prune_css, "_polyglot_original"):
        cssprune.prune_css = _prune_memo(cssprune.prune_css)
    if not hasattr(cssinline.page_tokens, "_polyglot_original"):
        cssinline.page_tokens = _page_tokens_memo(cssinline.page_tokens)
    if not hasattr(cssinline.critical_css, "_polyglot_original"):
        cssinline.critical_css = _critical_memo(cssinline.critical_css)
    if not hasattr(cssinline.properties_read, "_polyglot_original"):
        cssinline.properties_read = _properties_memo(cssinline.properties_read)

    _wrap(posts, "readtime", READTIME)
    _wrap(posts, "html_to_text", READTIME)
    _wrap(yamltext, "parse", YAML)
    if not isinstance(blog_structure.yaml, _YamlMemo):
        blog_structure.yaml = _YamlMemo(yaml)
    blog_structure.Markdown = functools.partial(excerpts.LazyMarkdown, markdown_module.Markdown, pool=_markdown_pool())

    try:
        from mkdocs_rss_plugin import plugin as rss_plugin
    except ImportError:  # the plugin is not installed
        rss_plugin = None
    if rss_plugin is not None:
        rss_plugin.Environment = _feed_environment
        _memoize_feed_patterns(rss_plugin)

    from mkdocs import utils as mkdocs_utils
    from mkdocs.structure.files import Files
    from mkdocs.theme import Theme

    if not hasattr(Theme, "_polyglot_original_get_env"):
        Theme._polyglot_original_get_env = Theme.get_env
    Theme.get_env = _get_env

    if not hasattr(Files, "_polyglot_original_theme"):
        Files._polyglot_original_theme = Files.add_files_from_theme
    Files.add_files_from_theme = _add_files_from_theme
    from polyglot import cards

    if not hasattr(cards.cached, "_polyglot_original"):
        cards.cached = _card_settle(cards.cached)
    from polyglot import feeds

    if not hasattr(feeds.scan_post, "_polyglot_original"):
        feeds.scan_post = _scan_post_memo(feeds.scan_post)
    if not hasattr(blog_structure.Post.__init__, "_polyglot_original"):
        blog_structure.Post.__init__ = _post_init_memo(blog_structure.Post.__init__)
    from polyglot import pages

    if not hasattr(pages.read_post, "_polyglot_original"):
        pages.read_post = _read_post_memo(pages.read_post)
    from mkdocs.commands import build as mkdocs_build

    if not hasattr(mkdocs_build, "_polyglot_original_build_page"):
        mkdocs_build._polyglot_original_build_page = mkdocs_build._build_page
    mkdocs_build._build_page = _build_page  # serve: unchanged pages kept; build: the last pass handed over
    if _state["serve"] and _state["full"]:
        mkdocs_utils.clean_directory = _serve_clean_directory
        from polyglot import pagemeta

        for name in pagemeta.TEMPLATE_ONLY:
            if not hasattr(getattr(pagemeta, name), "_polyglot_original"):
                setattr(pagemeta, name, _template_only(getattr(pagemeta, name)))

        if not hasattr(cards.render, "_polyglot_original"):
            cards.render = _card_render(cards.render)
    if _state["serve"]:
        from polyglot import render

        if not hasattr(render.render_partial, "_polyglot_original"):
            render.render_partial = _partial_memo(render.render_partial)
        try:
            from mkdocs_macros import context as macros_context
        except ImportError:  # the plugin is not installed
            macros_context = None
        git_info = getattr(macros_context, "get_git_info", None)
        if git_info is not None and not hasattr(git_info, "_polyglot_original"):
            macros_context.get_git_info = _git_info_memo(git_info)
        if not hasattr(mkdocs_utils.get_themes, "_polyglot_original"):
            mkdocs_utils.get_themes = _themes_memo(mkdocs_utils.get_themes)
        if not hasattr(mdcache.environment_fingerprint, "_polyglot_original"):
            mdcache.environment_fingerprint = _environment_memo(mdcache.environment_fingerprint)
        from mkdocs.config import defaults as config_defaults

        if not hasattr(config_defaults.yaml_load, "_polyglot_original"):
            config_defaults.yaml_load = _config_yaml_memo(config_defaults.yaml_load)
        for name in ("write_file", "copy_file"):
            function = getattr(mkdocs_utils, name)
            if not hasattr(function, "_polyglot_original"):
                setattr(mkdocs_utils, name, _recording(function))


def _rebind_lightbox(config: MkDocsConfig) -> None:
    """Point the registered ``page_content`` and ``post_page`` handlers of mkdocs-glightbox
    at the memoized ones.

    MkDocs registered the plugin's bound methods when it loaded the config, before any hook
    ran: patching the class is not enough for this build (under serve, the first build's
    pages then went unmemoized and the first rebuild ran the plugin over every page)."""
    import types

    events = getattr(config.plugins, "events", {})
    for event, attribute, memoized in (
        ("page_content", "_polyglot_original_page_content", _lightbox_page_content),
        ("post_page", "_polyglot_original_post_page", _lightbox_post_page),
    ):
        handlers = events.get(event, [])
        for i, handler in enumerate(handlers):
            owner = getattr(handler, "__self__", None)
            original = getattr(type(owner), attribute, None)
            if original is not None and getattr(handler, "__func__", None) is original:
                handlers[i] = types.MethodType(memoized, owner)
                origins = getattr(config.plugins, "_event_origins", None)
                if isinstance(origins, dict) and handler in origins:
                    origins[handlers[i]] = origins[handler]  # errors still name the plugin


def on_startup(command: str, dirty: bool) -> None:
    _state["full"] = not dirty
    _state["serve"] = command == "serve"


@event_priority(-100)  # last: a plugin's own server.watch(path, builder) must see MkDocs' builder
def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Look for saved files every 0.1 s instead of MkDocs' 0.5 s, and rebuild 0.02 s after a
    poll saw a change instead of 0.1 s (see ``polyglot.polling``); run full garbage
    collections between rebuilds, not during them (see ``polyglot.gcidle``), and write the
    cache's files then too (``mdcache.Store.defer_writes``)."""
    if speed_enabled():
        polling.poll_every(getattr(server, "observer", None))
        polling.debounce(server)
        from watchdog.observers.polling import PollingEmitter

        rebuild = getattr(server, "builder", None)
        if callable(rebuild):
            collector = getattr(rebuild, "_polyglot_collector", None)
            if collector is None:
                collector = gcidle.IdleCollector()
                server.builder = gcidle.around_builds(rebuild, collector)
            # The wrapped builder knows when a rebuild runs (loading the config included).
            polling.pause_while(PollingEmitter, lambda: collector.building)
            if _write_pending not in collector.idle_work:
                collector.idle_work.append(_write_pending)
            _state["defer_writes"] = True
            store = _state["store"]
            if store is not None:
                store.defer_writes()
    return server


def _write_pending(stop: Callable[[], bool] = lambda: False) -> None:
    """Write the cache files a serve rebuild left for idle time (until ``stop()``: a save)."""
    store = _state["store"]
    if store is not None:
        store.write_pending(stop)


def on_shutdown() -> None:
    """``mkdocs serve`` stopped (Ctrl-C): write the cache files still waiting for idle time."""
    _write_pending()


@event_priority(110)  # before site_hooks reads the posts' front matter (memoized once patched)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not speed_enabled():
        return config  # nothing patched: MkDocs and Material exactly as they are
    _patch()
    _rebind_lightbox(config)
    root = Path(config.config_file_path).resolve().parent
    store = _state["store"]
    if store is None or store.folder != root / CACHE_DIR:
        if store is not None:
            store.write_pending()  # the last folder's files, before this store replaces it
        # Entries stay in memory between serve rebuilds (one process); a build reads each once.
        store = _state["store"] = mdcache.Store(root / CACHE_DIR, keep_in_memory=_state["serve"])
        if _state.get("defer_writes"):
            store.defer_writes()
    store.begin()
    _state["jinja_dir"] = _mkdir(root / CACHE_DIR / "jinja")
    _state["memo"].clear()
    _state["excerpt_convertible"] = None
    _excerpt_sources.turn()
    _state["build_token"] = pagekey.new_build_token()
    _state["shared"], _state["nav"], _state["provenance"], _state["excerpt_inputs"] = {}, None, {}, {}
    _skipper().begin()
    return config


@event_priority(-100)
def on_files(files: Any, config: MkDocsConfig) -> Any:
    """Fingerprint the Markdown configuration, now final (plugins may add extensions).

    Also patch again (serve may have reloaded edited ``polyglot`` modules since
    ``on_config``) and cache the compiled partials of the site's own Jinja environment.
    """
    from material.plugins.blog.structure import _patch as excerpt_config

    if not speed_enabled():
        return files
    _patch()
    _cache_partials(config)
    _index_blog_posts(config)

    env = mdcache.environment_fingerprint()
    patched = excerpt_config(config)
    _state["excerpt_prefix"] = _excerpt_prefix_separator(config, patched)
    _state["fingerprints"] = {
        PAGES: mdcache.fingerprint(env, PAGES, config.markdown_extensions, config.mdx_configs),
        EXCERPTS: mdcache.fingerprint(env, EXCERPTS, patched.markdown_extensions, patched.mdx_configs),
        FINISHED: mdcache.fingerprint(env, FINISHED),
    }
    return files


def _stock_page_equality() -> bool:
    """Whether pages and files compare as MkDocs 1.6 compares them (``PageList``'s premise):
    a page equals only pages with the same ``File`` object, hence the same ``src_uri``."""
    from material.plugins.blog import structure
    from mkdocs.structure.files import File

    page_eq = mkdocs_pages.Page.__eq__
    if (page_eq.__module__, page_eq.__qualname__) != ("mkdocs.structure.pages", "Page.__eq__"):
        return False
    if File.__eq__ is not object.__eq__:  # MkDocs 1.6: files are equal only to themselves
        return False
    pages = [c for c in vars(structure).values() if isinstance(c, type) and issubclass(c, mkdocs_pages.Page)]
    return all(c.__eq__ is page_eq for c in pages)


def _index_blog_posts(config: MkDocsConfig) -> None:
    """Each blog's posts list becomes a :class:`polyglot.pagelist.PageList` (same elements)."""
    if not _stock_page_equality():
        return
    for plugin in config.plugins.values():
        blog = getattr(plugin, "blog", None)
        found = getattr(blog, "posts", None)
        if type(found) is list and type(plugin).__module__.startswith("material.plugins.blog"):
            blog.posts = pagelist.PageList(found)


def _cache_partials(config: MkDocsConfig) -> None:
    """Compiled templates for the Jinja environment ``site_hooks`` renders partials with.

    Its own folder: Jinja's bytecode cache is keyed by template name and source only, and
    this environment compiles the same files with other options than the theme's.
    """
    import jinja2

    env = getattr(config.get("_polyglot"), "env", None)
    if isinstance(env, jinja2.Environment) and env.bytecode_cache is None and _state.get("jinja_dir"):
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_mkdir(_state["jinja_dir"] / "partials")))


@event_priority(-100)  # after every plugin registered its filters
def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Cache rendered pages (keyed by :func:`page_key`) and compiled templates."""
    if not speed_enabled():
        return env
    import jinja2

    _state["site"] = _site_fingerprint(config)
    _state["templates_read_posts"] = _templates_read_posts(env, config)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_state["jinja_dir"]))
    get_template = env.get_template

    def get_template_cached(name: Any, parent: Any = None, globals: Any = None) -> Any:
        template = get_template(name, parent, globals)
        # MkDocs asks for a page's template by name alone; Jinja's own includes pass a parent.
        if parent is None and globals is None and isinstance(name, str):
            return _CachedTemplate(template, name)
        return template

    env.get_template = get_template_cached
    return env


_template_scans: dict[Any, bool] = {}


def _scan_templates(config: MkDocsConfig, test: Callable[[list[str]], bool], installed: tuple[str, ...] = ()) -> bool:
    """Whether ``test`` finds what it looks for in the theme's templates: every template
    of the site's own folders (outside site-packages: the overrides) and of the installed
    theme's folders, all of them or only the files named in ``installed``. ``True`` when
    the templates cannot be read.

    Scanned once per process, test and set of folders; the site's own folders are scanned
    again when a file in them changed."""
    dirs = [d for d in (getattr(config.theme, "dirs", None) or []) if os.path.isdir(d)]
    if not dirs:
        return True
    local = [d for d in dirs if "site-packages" not in Path(d).parts]
    listing = sorted((str(p), p.stat().st_mtime_ns) for d in local for p in Path(d).rglob("*.html") if p.is_file())
    key = (getattr(test, "__qualname__", repr(test)), installed, tuple(dirs), mdcache.fingerprint(listing))
    if key not in _template_scans:
        sources = []
        for folder in dirs:
            paths = Path(folder).rglob("*.html")
            if installed and folder not in local:
                paths = (Path(folder) / name for name in installed if (Path(folder) / name).is_file())
            for path in paths:
                try:
                    sources.append(path.read_text("utf-8"))
                except (OSError, UnicodeDecodeError):
                    return True
        for old in [k for k in _template_scans if k[:2] == key[:2]]:
            del _template_scans[old]
        _template_scans[key] = test(sources)
    return _template_scans[key]


def _templates_read_posts(env: Any, config: MkDocsConfig) -> bool:
    """Whether a template of the theme (its folders, the site's overrides first) reads a
    view's list of posts (``pagekey.reads_view_posts``); ``True`` when that cannot be told."""
    return _scan_templates(config, pagekey.reads_view_posts)


def _templates_read_excerpt_toc(config: MkDocsConfig) -> bool:
    """Whether a template may read an excerpt's table of contents: any of the site's own
    templates naming ``toc``, or the theme's template of a post in a view doing so."""
    return _scan_templates(config, pagekey.reads_toc, pagekey.EXCERPT_TEMPLATES)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def on_post_build(config: MkDocsConfig) -> None:
    _settle_finishes()  # done after the last page already (_build_page_handing_over)
    _stop_helper()  # before pruning: it writes no entry after this
    store = _state["store"]
    if store is None or not speed_enabled():
        return
    if _state["full"]:
        store.prune(KINDS)
    store.flush(prune=_state["full"])
    if _state["serve"]:
        _remove_stale()
    skipper = _skipper()
    skipper.commit()
    memo = _state["memo"]
    log.debug(
        f"speed: cache {store.hits} hits, {store.misses} misses; "
        f"excerpts: {memo.conversions} conversions for {memo.views} views; "
        f"pages: {skipper.rendered} rendered, {skipper.skipped} unchanged since the last build"
    )
