"""Put the site's stylesheets into each page, in place of the ``<link>`` tags that fetch them,
each cut down to what that page can match.

A reader's first page view waited for three render-blocking stylesheets (Material's main and
palette stylesheets, the site's own): one more round trip before anything is drawn, about
300 ms on a slow mobile connection (Lighthouse's simulated slow 4G). Inlined, the page draws as
soon as its HTML arrives. Inlined whole, every page carried the same 24 KB (gzipped) and the
browser matched 130 KB of rules against it; so each page gets only the rules that its own
markup and the site's own scripts can match (``cssprune``, with the page's tokens), and the
whole (site-pruned) files load before Material's bundle starts, which is when markup with
classes the page and the site's scripts lack can appear, or when math comes near (``boot.js``).
``data-href`` names the file.

Custom properties go the same way: the site-pruned stylesheets hold about 200 declarations
(on ``:root`` and per palette: colours, shadows, and an icon as a data URL for every kind of
admonition, tag, status and button); each page keeps the declarations of those that its rules,
its inline styles and the site's scripts read (``var(--x)``, or ``--x`` in a script), which
took philosophy from 250 declarations to 171 (README, decision 55). The whole files declare
them all.

Only stylesheets of the built site itself are inlined (a link to another origin, or to a
file the build does not have, stays a link), and only those whose text can sit inside
``<style>``.

Pure functions: the build calls :func:`inline_page` on each finished page.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from . import cssprune
from .cssprune import ATTRIBUTE

# A <link> start tag, and what follows its name.
_LINK = re.compile(r"<link\b([^>]*?)/?>", re.I)
# Where a page's <head> ends: only links before it are inlined.
_HEAD_END = re.compile(r"</head\s*>", re.I)
# Markup that would end (or confuse) a <style> element early.
_UNSAFE = re.compile(r"</style|<!--", re.I)


def link_attributes(tag: str) -> dict[str, str]:
    """The attributes of one ``<link>`` tag, names lower-cased (a bare attribute is ``""``)."""
    found = _LINK.fullmatch(tag)
    attributes: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(found.group(1) if found else ""):
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attributes.setdefault(match.group(1).lower(), value)
    return attributes


def stylesheet_href(tag: str) -> str | None:
    """The ``href`` of a ``<link rel=stylesheet>`` that applies to every medium, else ``None``.

    A link with a ``media`` other than ``all``, or an alternate, disabled or
    integrity-checked stylesheet, is not a plain part of the page: it stays a link.
    """
    attributes = link_attributes(tag)
    rel = attributes.get("rel", "").lower().split()
    if rel != ["stylesheet"] or not attributes.get("href"):
        return None
    if attributes.get("media", "all").strip().lower() not in ("", "all"):
        return None
    if "disabled" in attributes or "integrity" in attributes:
        return None
    return attributes["href"]


def site_path(href: str, page: str, site_url: str) -> str | None:
    """The path, inside the built site, of the file ``href`` names on ``page``, or ``None``.

    ``page`` is the page's own path in the site (``blog/index.html``); ``site_url`` the
    configured address of the site (its path is where the site is served from).
    """
    parts = urlsplit(href)
    base = urlsplit(site_url or "/")
    absolute = bool(parts.scheme or parts.netloc)
    if absolute and ((parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not base.netloc):
        return None
    path = parts.path
    if not path:
        return None
    if path.startswith("/"):
        prefix = base.path if base.path.endswith("/") else base.path + "/"
        if not path.startswith(prefix):
            return None
        resolved = posixpath.normpath(path[len(prefix) :])
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved in (".", "") or resolved.startswith("../") or resolved == "..":
        return None
    return resolved


def inline_stylesheets(
    html: str,
    page: str,
    site_url: str,
    stylesheet: Callable[[str], str | None],
    style_element: Callable[[str, str], str],
) -> str:
    """``html`` with each link in its ``<head>`` to a stylesheet of the site replaced by
    ``style_element(path, css)``; ``stylesheet(path)`` gives a stylesheet's text, or ``None``
    when the site has no such file."""
    end = _HEAD_END.search(html)
    if end is None:
        return html
    head, rest = html[: end.start()], html[end.start() :]

    def replace(match: re.Match[str]) -> str:
        href = stylesheet_href(match.group(0))
        path = site_path(href, page, site_url) if href is not None else None
        css = stylesheet(path) if path is not None else None
        if css is None or _UNSAFE.search(css):
            return match.group(0)
        return style_element(path, css)

    return _LINK.sub(replace, head) + rest


# A class the page's first inline script gives <html> (overrides/main.html: no-js -> js).
FIRST_PAINT_CLASSES = frozenset({"js"})


RESULTS_KEPT = 256  # results of the pruning functions a build's Sheets keeps


@dataclass
class Sheets:
    """The site's stylesheets (path in the site -> text) and the words of its own scripts,
    parsed once per build for pruning page by page. ``digest`` names all of it (memo keys)."""

    texts: Mapping[str, str]
    script_words: frozenset[str] = frozenset()
    digest: str = ""
    # Custom properties the site's own scripts name (``--x``).
    script_properties: frozenset[str] = frozenset()
    _unions: dict[Callable[..., Iterable[str]], frozenset[str]] = field(default_factory=dict, repr=False)
    # What pages with the same word sets share (cut-down sheets, properties read), this build.
    _results: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, kept for the later pages of the build that ask with the same ``key``
        (pages with the same kinds of markup share their word sets); at most ``RESULTS_KEPT``."""
        try:
            found = self._results.get(key)
        except TypeError:  # an unhashable part (a set, not a frozenset): not kept
            return compute()
        if found is None:
            if len(self._results) >= RESULTS_KEPT:
                self._results.clear()
            found = self._results[key] = compute()
        return found

    def compiled(self, path: str) -> tuple[cssprune.Statement, ...]:
        return cssprune.compile_css(self.texts[path])  # parsed once: compile_css keeps it

    def _union(self, collect: Callable[[tuple[cssprune.Statement, ...]], Iterable[str]]) -> frozenset[str]:
        """``collect`` over every stylesheet, united; computed once per ``collect``."""
        if collect not in self._unions:
            found: set[str] = set()
            for path in self.texts:
                found.update(collect(self.compiled(path)))
            self._unions[collect] = frozenset(found)
        return self._unions[collect]

    def names(self) -> frozenset[str]:
        """Every name a selector of any of the stylesheets uses."""
        return self._union(cssprune.names)

    def declared(self) -> frozenset[str]:
        """Every custom property the stylesheets declare."""
        return self._union(cssprune.declared)


def make_sheets(texts: Mapping[str, str], scripts: Iterable[str] = ()) -> Sheets:
    """:class:`Sheets` for stylesheet ``texts`` and the site's own ``scripts``."""
    words: set[str] = set()
    properties: set[str] = set()
    for js in scripts:
        words |= cssprune.js_tokens(js)
        properties.update(cssprune.CUSTOM_NAME.findall(js))
    digest = hashlib.sha256()
    for path in sorted(texts):
        for part in (path, texts[path]):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)
    for word in sorted(words | properties):
        digest.update(word.encode("utf-8", "surrogatepass") + b"\0")
    return Sheets(dict(texts), frozenset(words), digest.hexdigest(), frozenset(properties))


def page_tokens(html: str, sheets: Sheets) -> frozenset[str]:
    """What ``html`` at its first paint can match in ``sheets``: the names its markup uses
    (not its inline scripts, which only read it), the classes the site's own scripts and
    first inline script add, as far as any selector of the stylesheets names them."""
    tokens = cssprune.html_tokens(html, scripts=False)
    tokens |= sheets.script_words | FIRST_PAINT_CLASSES
    return frozenset(tokens) & sheets.names()


def page_properties(html: str, sheets: Sheets, tokens: frozenset[str]) -> frozenset[str]:
    """The custom properties ``html`` at its first paint can read: those its markup and inline
    scripts read or name, those the site's scripts name, and those read by the rules of
    ``sheets`` that ``tokens`` keep, as far as the stylesheets declare them."""
    return properties_read(sheets, tokens, cssprune.custom_properties_read(html) & sheets.declared())


def properties_read(sheets: Sheets, tokens: frozenset[str], page_reads: frozenset[str]) -> frozenset[str]:
    """:func:`page_properties` once the page's own reads are known."""

    def read_by_rules() -> frozenset[str]:
        used = cssprune.Used(tokens, tokens)
        return frozenset().union(*(cssprune.reads(sheets.compiled(path), used) for path in sheets.texts))

    found = page_reads | sheets.script_properties | sheets.remembered(("reads", tokens), read_by_rules)
    return frozenset(found) & sheets.declared()


def critical_css(sheets: Sheets, path: str, tokens: frozenset[str], properties: frozenset[str] | None = None) -> str:
    """The stylesheet at ``path`` less what ``tokens`` (see :func:`page_tokens`) cannot match,
    and (given ``properties``, see :func:`page_properties`) less the declarations of custom
    properties not among them."""
    return sheets.remembered(
        ("critical", path, tokens, properties),
        lambda: cssprune.prune_compiled(sheets.compiled(path), cssprune.Used(tokens, tokens), properties),
    )


def inline_page(html: str, page: str, site_url: str, sheets: Sheets, style_element: Callable[[str, str], str]) -> str:
    """``html`` (the page at ``page`` in the site) with its links to ``sheets`` replaced by
    ``style_element(path, css)``, ``css`` being what of the sheet the page can match."""
    found: list[tuple[frozenset[str], frozenset[str]]] = []

    def stylesheet(path: str) -> str | None:
        if path not in sheets.texts:
            return None
        if not found:
            tokens = page_tokens(html, sheets)
            found.append((tokens, page_properties(html, sheets, tokens)))
        return critical_css(sheets, path, *found[0])

    return inline_stylesheets(html, page, site_url, stylesheet, style_element)
