"""MkDocs entry points for build speed: thin patches that route work through caches.

The logic lives in ``polyglot.excerpts`` (convert once, fill links per page) and
``polyglot.mdcache`` (keys, the on-disk store, the Pygments memo). Each patch falls back
to the original code whenever it cannot guarantee the same output. ``POLYGLOT_CACHE=off``
turns every trick off (the tests build both ways and compare every output file).

Patched, and why each is safe:
- Material's ``Excerpt.render`` (blog views): see ``polyglot.excerpts``.
- MkDocs' ``Page.render``: a page's conversion is cached by its Markdown and the Markdown
  configuration; its links are resolved again on every build by MkDocs' own code.
- ``pymdownx.highlight.highlight`` (Pygments): memoized on all its inputs.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polyglot import excerpts, mdcache, pagekey

log = logging.getLogger("mkdocs.polyglot.speed")
CACHE_DIR = ".cache/polyglot-speed"
PAGES, EXCERPTS, HTML, SEARCH, READTIME = "pages", "excerpts", "html", "search", "readtime"
KINDS = (PAGES, EXCERPTS, HTML, SEARCH, READTIME)

_state: dict[str, Any] = {
    "store": None,
    "fingerprints": {},
    "memo": excerpts.ExcerptMemo(),
    "full": True,
    "serve": False,
    "site": "",  # the build-wide part of a rendered page's key
    "build_token": pagekey.new_build_token(),
}


def speed_enabled() -> bool:
    """On unless ``POLYGLOT_CACHE=off`` (or 0/false/no)."""
    return os.environ.get("POLYGLOT_CACHE", "on").strip().lower() not in ("off", "0", "false", "no")


def _store() -> mdcache.Store | None:
    return _state["store"] if speed_enabled() else None


# --- Excerpts (Material's blog views) ------------------------------------------------------------


def _render_excerpt(self: Any, page: Any, separator: str) -> None:
    """Material's ``Excerpt.render``, converting the post once per build."""
    store = _store()
    if store is None or not excerpts.can_convert_once(self.md):
        return type(self)._polyglot_original_render(self, page, separator)
    post = self.post
    text = post.markdown if post._title_from_render else "\n\n".join([f"# {post.title}", post.markdown])
    key = mdcache.fingerprint(_state["fingerprints"].get(EXCERPTS, ""), text)
    converted = _state["memo"].get(
        self,
        (key,),
        lambda token: excerpts.convert(self.md, text, token),
        separator=separator,
        load=lambda: store.get(EXCERPTS, key),
        save=lambda value: store.put(EXCERPTS, key, value),
    )
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
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
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


def _render_page(self: Any, config: MkDocsConfig, files: Any) -> None:
    """MkDocs' ``Page.render`` with the conversion cached (links resolved on every build)."""
    store = _store()
    original = mkdocs_pages.Page._polyglot_original_render
    # Snippets include other files: their content is not in the key, so never cache them.
    if store is None or self.markdown is None or "--8<--" in self.markdown:
        return original(self, config, files)
    key = mdcache.fingerprint(_state["fingerprints"].get(PAGES, ""), self.markdown)
    entry = store.get(PAGES, key)
    if entry is None:
        entry = _convert_page(self, config, files)
        if entry is None:
            return original(self, config, files)
        store.put(PAGES, key, entry)
    relpath = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
    self.content = excerpts.fill(entry.converted, excerpts.link_values(entry.converted, relpath.path_to_url))
    self.toc = get_toc(entry.converted.toc_tokens)
    self._title_from_render = entry.title
    self.present_anchor_ids = set(entry.anchors)
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        self.links_to_anchors = relpath.links_to_anchors
    return None


# --- Rendered pages (templates) --------------------------------------------------------------------

_CONTEXT_KEYS_DONE = frozenset({"page", "nav", "config", "pages", "build_date_utc", "mkdocs_version", "posts"})


def page_key(name: str, context: Any) -> str:
    """Everything the template ``name`` can read when rendering ``context['page']``."""
    digest = pagekey.Digest(_state["build_token"]).add(_state["site"], name)
    page = context["page"]
    pagekey.page_digest(digest, page)
    pagekey.nav_digest(digest, getattr(context.get("nav"), "items", []))
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
        return html


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


def _search_add_entry(self: Any, page: Any) -> None:
    """Material's ``SearchIndex.add_entry_from_context`` with the HTML parse cached."""
    import copy

    from material.plugins.search.plugin import Parser

    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    store = _store()
    key = mdcache.fingerprint(_state["fingerprints"].get(PAGES, ""), SEARCH, page.content)
    sections = store.get(SEARCH, key) if store is not None else None
    if sections is None:
        parser = Parser()
        parser.feed(page.content)
        parser.close()
        sections = parser.data
        if store is not None:
            store.put(SEARCH, key, copy.deepcopy(sections))
    else:
        sections = copy.deepcopy(sections)
    for section in sections:
        if not section.is_excluded():
            self.create_entry_for_section(section, page.toc, page.url, page)


def _memo_readtime(function: Any) -> Any:
    def readtime(html: str, words_per_minute: int) -> int:
        store = _store()
        if store is None:
            return function(html, words_per_minute)
        key = mdcache.fingerprint(READTIME, function.__module__, words_per_minute, html)
        value = store.get(READTIME, key)
        if value is None:
            value = function(html, words_per_minute)
            store.put(READTIME, key, value)
        return value

    readtime._polyglot_original = function  # type: ignore[attr-defined]
    return readtime


# --- Patches and events ----------------------------------------------------------------------------


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
    if not isinstance(pymdownx_highlight.highlight, mdcache.HighlightMemo):
        pymdownx_highlight.highlight = mdcache.HighlightMemo(pymdownx_highlight.highlight)

    from material.plugins.blog import plugin as blog_plugin
    from material.plugins.search.plugin import SearchIndex

    if not hasattr(SearchIndex, "_polyglot_original_add"):
        SearchIndex._polyglot_original_add = SearchIndex.add_entry_from_context
    SearchIndex.add_entry_from_context = _search_add_entry
    original = getattr(blog_plugin.readtime, "_polyglot_original", blog_plugin.readtime)
    blog_plugin.readtime = _memo_readtime(original)


def on_startup(command: str, dirty: bool) -> None:
    _state["full"] = not dirty
    _state["serve"] = command == "serve"


@event_priority(-100)  # after every plugin changed the config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _patch()
    root = Path(config.config_file_path).resolve().parent
    store = _state["store"]
    if store is None or store.folder != root / CACHE_DIR:
        # Entries stay in memory between serve rebuilds (one process); a build reads each once.
        store = _state["store"] = mdcache.Store(root / CACHE_DIR, keep_in_memory=_state["serve"])
    store.begin()
    _state["memo"].clear()
    _state["build_token"] = pagekey.new_build_token()
    return config


@event_priority(-100)
def on_files(files: Any, config: MkDocsConfig) -> Any:
    """Fingerprint the Markdown configuration, now final (plugins may add extensions)."""
    from material.plugins.blog.structure import _patch as excerpt_config

    env = mdcache.environment_fingerprint()
    patched = excerpt_config(config)
    _state["fingerprints"] = {
        PAGES: mdcache.fingerprint(env, PAGES, config.markdown_extensions, config.mdx_configs),
        EXCERPTS: mdcache.fingerprint(env, EXCERPTS, patched.markdown_extensions, patched.mdx_configs),
    }
    return files


@event_priority(-100)  # after every plugin registered its filters
def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Cache rendered pages (keyed by :func:`page_key`) and compiled templates."""
    if not speed_enabled():
        return env
    import jinja2

    _state["site"] = _site_fingerprint(config)
    root = Path(config.config_file_path).resolve().parent
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_mkdir(root / CACHE_DIR / "jinja")))
    get_template = env.get_template

    def get_template_cached(name: Any, parent: Any = None, globals: Any = None) -> Any:
        template = get_template(name, parent, globals)
        # MkDocs asks for a page's template by name alone; Jinja's own includes pass a parent.
        if parent is None and globals is None and isinstance(name, str):
            return _CachedTemplate(template, name)
        return template

    env.get_template = get_template_cached
    return env


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def on_post_build(config: MkDocsConfig) -> None:
    store = _state["store"]
    if store is None or not speed_enabled():
        return
    if _state["full"]:
        store.prune(KINDS)
    memo = _state["memo"]
    log.debug(
        f"speed: cache {store.hits} hits, {store.misses} misses; "
        f"excerpts: {memo.conversions} conversions for {memo.views} views"
    )
