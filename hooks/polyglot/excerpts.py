"""Convert each post's Markdown once per build for its excerpt, not once per view listing it.

Material's blog plugin renders a post's excerpt for every index, archive and category page
that lists it, converting the whole post each time. The views differ only in the links:
every ``href``/``src`` is made relative to the view's URL (MkDocs' ``relpath`` tree
processor) and same-page anchors are pointed at the post (the plugin's ``excerpt`` tree
processor). So the post is converted once with those two processors replaced by recorders
that leave a numbered token in each link, and each view substitutes the links it would
have computed, by calling the very same processors' logic on the recorded URLs. And when
nothing after the separator can change the excerpt, only the text before it is converted
(:func:`prefix_source`).

This module knows Python-Markdown's tree-processor API (not MkDocs' events); the thin
adapter in ``hooks/site_hooks.py`` wires it to Material's ``Excerpt.render``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.serializers import _escape_attrib_html  # the serializer's own attribute escaping
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor

from . import mdpool

RELPATH, EXCERPT, UNESCAPE = "relpath", "excerpt", "unescape"
# Tree processors that may run after ``relpath`` without changing the result: they leave
# link URLs alone (MkDocs' title extractor reads text), or are the ones we stand in for.
SAFE_AFTER_RELPATH = frozenset({RELPATH, UNESCAPE, EXCERPT, "mkdocs_extract_title"})

_unescape = UnescapeTreeprocessor().unescape


@dataclass(frozen=True)
class Link:
    tag: str  # "a" or "img"
    url: str  # as the relpath processor received it


@dataclass
class Converted:
    """A document converted once, with a token in place of every link that depends on the page."""

    html: str
    toc_tokens: list[dict[str, Any]]
    links: list[Link]
    token: str  # the tokens' prefix
    unescape_links: bool = False  # Markdown's unescape processor runs after relpath
    excerpt_anchors: bool = False  # the blog's excerpt processor points "#..." at the post

    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(re.escape(self.token) + r"(\d+)x")
        return self._pattern

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_pattern": None}


@dataclass
class PageConversion:
    """A page's conversion and what MkDocs reads from it besides the HTML."""

    converted: Converted
    title: str | None  # the first heading, if the page starts with an H1
    anchors: frozenset[str]  # ids the page contains (MkDocs validates links to them)


class _Recorder(Treeprocessor):
    """Stands in for ``relpath``: records each link's URL and leaves a token."""

    def __init__(self, md: Markdown, token: str) -> None:
        super().__init__(md)
        self.token = token
        self.links: list[Link] = []

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                key = "href"
            elif element.tag == "img":
                key = "src"
            else:
                continue
            url = element.get(key)
            assert url is not None  # as MkDocs' relpath processor asserts
            element.set(key, f"{self.token}{len(self.links)}x")
            self.links.append(Link(element.tag, url))


class _Nothing(Treeprocessor):
    """Stands in for the plugin's ``excerpt`` processor: anchors are resolved per view."""

    def run(self, root: Element) -> None:
        return None


def _order(md: Markdown) -> list[str]:
    registry = md.treeprocessors
    registry._sort()  # the order convert() runs them in
    return [item.name for item in registry._priority]


def can_convert_once(md: Markdown) -> bool:
    """True when ``relpath`` exists and only known-safe tree processors run after it."""
    names = _order(md)
    if RELPATH not in names:
        return False
    return set(names[names.index(RELPATH) :]) <= SAFE_AFTER_RELPATH


@contextmanager
def _swapped(md: Markdown, recorder: _Recorder) -> Iterator[None]:
    """Swap processors in place: same names, same priorities, same order."""
    data = md.treeprocessors._data
    saved = {name: data[name] for name in (RELPATH, EXCERPT) if name in data}
    data[RELPATH] = recorder
    if EXCERPT in data:
        data[EXCERPT] = _Nothing(md)
    try:
        yield
    finally:
        data.update(saved)


def new_token() -> str:
    """A link token prefix that no real content contains (letters and digits only)."""
    return f"polyglot{secrets.token_hex(8)}link"


def convert(md: Markdown, markdown: str, token: str | None = None) -> Converted:
    """Convert ``markdown`` with ``md`` once, leaving the page-dependent links as tokens.

    ``md`` keeps its processors: they are swapped only for the duration of the call, in
    place (same names, priorities and order). Requires :func:`can_convert_once`.
    """
    names = _order(md)
    after = names[names.index(RELPATH) + 1 :]
    token = token or new_token()
    recorder = _Recorder(md, token)
    with _swapped(md, recorder):
        html = md.convert(markdown)
    return Converted(
        html=html,
        toc_tokens=getattr(md, "toc_tokens", []),
        links=recorder.links,
        token=token,
        unescape_links=UNESCAPE in after,
        excerpt_anchors=EXCERPT in after,
    )


def link_values(converted: Converted, path_to_url: Callable[[str], str], post_url: str = "") -> list[str]:
    """Each link's final attribute value on one page, as the replaced processors write it.

    ``path_to_url`` is MkDocs' relpath logic for the page being rendered (so links are
    resolved, and broken ones reported, exactly as when converting). For an excerpt,
    ``post_url`` is the post's URL relative to the view: same-page anchors point at the
    post, the first one (the title's) without its fragment.
    """
    values = []
    main = True
    for link in converted.links:
        value = path_to_url(link.url)
        if converted.unescape_links:
            value = _unescape(value)
        if converted.excerpt_anchors and link.tag == "a" and value.startswith("#"):
            value = post_url if main else post_url + value
            main = False
        values.append(_escape_attrib_html(value))
    return values


def fill(converted: Converted, values: list[str]) -> str:
    """The converted HTML with every token replaced by its value for one page."""
    return converted.pattern.sub(lambda m: values[int(m.group(1))], converted.html)


def same_excerpt(a: Converted, b: Converted, separator: str) -> bool:
    """Whether two conversions give the same excerpt in every view.

    What a view shows: the HTML before ``separator`` with its links, the table of contents,
    and whether anything follows the separator (templates test ``post.more``, never print
    it). Ids after the separator may differ (code-line ids count up per conversion).
    """
    head_a, *rest_a = a.html.split(separator, 1)
    head_b, *rest_b = b.html.split(separator, 1)
    if head_a != head_b or bool(rest_a and rest_a[0]) != bool(rest_b and rest_b[0]):
        return False
    if a.toc_tokens != b.toc_tokens:
        return False
    used = [int(m.group(1)) for m in a.pattern.finditer(head_a)]
    return [a.links[i] for i in used] == [b.links[i] for i in used if i < len(b.links)]


# Excerpts converted from the text before the separator only (``prefix_source``).
# Python-Markdown extensions (as MkDocs and Material name them) whose effect on the text
# before the separator is known not to depend on the text after it, given the checks in
# ``prefix_source``; any other extension, or a snippet file appended to every page, and the
# whole post is converted.
PREFIX_EXTENSIONS = frozenset(
    {
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
        "tables", "toc", "sane_lists", "smarty",
        "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.details",
        "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
        "pymdownx.magiclink", "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.snippets",
        "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    }
)  # fmt: skip
# Before the separator: a line that can open a block the separator could end up inside
# (fences, raw HTML, pymdownx blocks, math blocks) or that reads the whole document (the
# table-of-contents marker, snippets).
_OPENS = re.compile(r"^[ \t>]*(?:`{3}|~{3}|<|///|\$\$|\\\[|\\begin)|<!--|<!\[|<\?|\[TOC\]|--8<--|\[\^", re.MULTILINE)
# After it: a definition the text before it may use (reference links, footnotes,
# abbreviations, even inside a list, a quote or a container) or an explicit id (attribute
# lists, HTML) that a heading before it would make way for.
_REACHES_BACK = re.compile(
    r"^[ \t>*+\-\d.:]*\[[^\]\n]*\]:|\{:?(?:[^}\n]*\s)?#|\bid\s*=|--8<--|\[\^|\[TOC\]", re.IGNORECASE | re.MULTILINE
)
_COMMENT_SEPARATOR = re.compile(r"<!--(?:(?!--).)*-->")
# What stands in for a non-empty rest: views test only whether there is one (``Excerpt.more``).
REST_STAND_IN = "\n\nmore\n"


def prefix_config_safe(extensions: Iterable[Any], configs: dict[str, Any] | None) -> bool:
    """Whether every configured extension is one of :data:`PREFIX_EXTENSIONS` and none
    appends text to every page (pymdownx.snippets' ``auto_append``) or moves the toc marker."""
    for extension in extensions:
        if not isinstance(extension, str):
            return False
        if extension.removeprefix("markdown.extensions.") not in PREFIX_EXTENSIONS:
            return False
    configs = configs or {}
    snippets = configs.get("pymdownx.snippets") or {}
    toc = configs.get("toc") or {}
    return not snippets.get("auto_append") and toc.get("marker", "[TOC]") == "[TOC]"


def prefix_source(markdown: str, separator: str) -> str | None:
    """The Markdown to convert for an excerpt instead of the whole post: the text up to and
    including ``separator``, then :data:`REST_STAND_IN` if anything followed it; None when
    that might not convert to the same excerpt (convert the whole post).

    The excerpt is the HTML before the separator's first occurrence. It is the same when
    the separator is an HTML comment on a line of its own between blank lines (its own raw
    HTML block, the first thing to print it), nothing before it can leave it inside another
    block, and nothing after it reaches back: no definitions (links, footnotes,
    abbreviations) and no explicit ids that would rename a heading before it. Headings,
    tabs and code lines before it are numbered first either way. The table of contents
    covers only the text converted: callers check that nothing reads an excerpt's.
    """
    if not _COMMENT_SEPARATOR.fullmatch(separator):
        return None
    at = markdown.find(separator)
    if at < 2 or not markdown.startswith("\n\n", at - 2):
        return None
    end = at + len(separator)
    before, rest = markdown[:at], markdown[end:]
    if rest.strip() and not rest.startswith("\n\n"):
        return None
    if _OPENS.search(before) or _REACHES_BACK.search(rest):
        return None
    return markdown[:end] + (REST_STAND_IN if rest.strip() else "")


@dataclass
class _Entry:
    owner: object  # held, so its id is not reused while the entry lives
    key: tuple[Any, ...]
    converted: Converted
    stable: bool  # a second conversion gave the same excerpt
    pending: Converted | None = None  # the second conversion, for the second view (unstable)


def trimmed(converted: Converted, separator: str) -> Converted:
    """Keep the excerpt; of the rest, one character (views only test whether there is more)."""
    head, sep, tail = converted.html.partition(separator)
    return Converted(
        html=head + sep + tail[:1],
        toc_tokens=converted.toc_tokens,
        links=converted.links,
        token=converted.token,
        unescape_links=converted.unescape_links,
        excerpt_anchors=converted.excerpt_anchors,
    )


@dataclass
class ExcerptMemo:
    """Conversions of the build's posts, keyed by the excerpt and what it converts.

    Python-Markdown keeps some state between conversions with one instance (footnote
    back-reference counters, tab and code-line ids), and Material converts with the same
    instance for every view, so a post's Nth listing can differ from its first. The memo
    reproduces that exactly: the first view converts twice in a row; when both give the
    same excerpt (:func:`same_excerpt`), the first is reused for every later view (and the
    Markdown instance can be dropped); otherwise the second serves the second view and every
    later view converts again, exactly as the plugin does. (Reused, ``Excerpt.more`` keeps
    one character of the text after the separator: templates only test whether it is empty.)
    """

    token: str = field(default_factory=new_token)
    entries: dict[int, _Entry] = field(default_factory=dict)
    conversions: int = 0
    views: int = 0

    def get(
        self,
        owner: object,
        key: tuple[Any, ...],
        make: Callable[[str], Converted],
        *,
        separator: str,
        load: Callable[[], Converted | None] | None = None,
        save: Callable[[Converted], None] | None = None,
    ) -> Converted:
        """The conversion for ``owner``'s next view; ``make(token)`` converts.

        ``load``/``save`` read and write a conversion already known to be stable (one that
        a fresh converter repeats exactly), e.g. from an earlier build.
        """
        self.views += 1
        entry = self.entries.get(id(owner))
        if entry is None or entry.key != key:
            stored = load() if load else None
            if stored is not None:
                self.entries[id(owner)] = _Entry(owner, key, stored, stable=True)
                return stored
            first, second = self._make(make), self._make(make)
            if same_excerpt(first, second, separator):
                entry = _Entry(owner, key, trimmed(first, separator), stable=True)
                if save:
                    save(entry.converted)
            else:
                entry = _Entry(owner, key, first, stable=False, pending=second)
            self.entries[id(owner)] = entry
            return first
        if entry.stable:
            return entry.converted
        if entry.pending is not None:
            pending, entry.pending = entry.pending, None
            return pending
        return self._make(make)

    def knows(self, owner: object) -> bool:
        """Whether a view of ``owner`` asked for its conversion in this build."""
        entry = self.entries.get(id(owner))
        return entry is not None and entry.owner is owner

    def is_stable(self, owner: object) -> bool:
        entry = self.entries.get(id(owner))
        return bool(entry and entry.stable)

    def _make(self, make: Callable[[str], Converted]) -> Converted:
        self.conversions += 1
        return make(self.token)

    def clear(self) -> None:
        self.entries.clear()
        self.token = new_token()
        self.conversions = self.views = 0


class _LazyRegistry:
    """Records tree processors registered before the Markdown instance exists."""

    def __init__(self, owner: LazyMarkdown) -> None:
        self._owner = owner
        self.pending: dict[str, tuple[Any, float]] = {}

    def register(self, item: Any, name: str, priority: float) -> None:
        self.pending[name] = (item, priority)  # kept: a released instance is re-created with them
        if self._owner.materialized is not None:
            self._owner.materialized.treeprocessors.register(item, name, priority)

    def __getitem__(self, key: Any) -> Any:
        if self._owner.materialized is None and key in self.pending:
            return self.pending[key][0]
        return self._owner.materialize().treeprocessors[key]

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._owner.materialize().treeprocessors, attr)


class LazyMarkdown:
    """A ``Markdown`` instance created on first real use.

    Material creates one per post for its excerpt (with every extension: slow, and kept
    in memory); when a stored conversion is reused, it is never needed.
    """

    def __init__(
        self, factory: Callable[..., Markdown], pool: mdpool.MarkdownPool | None = None, **kwargs: Any
    ) -> None:
        self._factory = factory
        self._pool = pool
        self._kwargs = kwargs
        self.materialized: Markdown | None = None
        self.treeprocessors: Any = _LazyRegistry(self)

    def materialize(self) -> Markdown:
        if self.materialized is None:
            md = self._make()
            for name, (item, priority) in self.treeprocessors.pending.items():
                md.treeprocessors.register(item, name, priority)
            self.materialized = md
        return self.materialized

    def _make(self) -> Markdown:
        """A new instance, or one of the pool's when Material's call is the plain
        ``Markdown(extensions=..., extension_configs=...)`` (``polyglot.mdpool``)."""
        if self._pool is None or self._factory is not Markdown or set(self._kwargs) != _POOLED_ARGUMENTS:
            return self._factory(**self._kwargs)
        return self._pool.take("excerpt", self._kwargs["extensions"], self._kwargs["extension_configs"] or {})

    def release(self) -> None:
        """Drop the instance (memory; a pool's goes back to the pool); only when no
        conversion with it is needed again."""
        if self._pool is not None and self.materialized is not None:
            self._pool.give_back(self.materialized)
        self.materialized = None

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.materialize(), attr)


_POOLED_ARGUMENTS = frozenset({"extensions", "extension_configs"})


def real(md: Any) -> Markdown:
    """The Markdown instance behind ``md`` (created now if it is lazy)."""
    return md.materialize() if isinstance(md, LazyMarkdown) else md
