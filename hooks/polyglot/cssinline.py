"""Put the site's stylesheets into each page, in place of the ``<link>`` tags that fetch them.

A reader's first page view waits for three render-blocking stylesheets (Material's pruned
main and palette stylesheets, the site's own): one more round trip before anything is drawn,
about 300 ms on a slow mobile connection (Lighthouse's simulated slow 4G). Inlined, the page
draws as soon as its HTML arrives; the price is the same 24 KB (gzipped) in every page's HTML
instead of once per visit (decision log).

Only stylesheets of the built site itself are inlined (a link to another origin, or to a
file the build did not write, stays a link), and only those whose whole text can sit inside
``<style>``. Stylesheets are inlined after they are pruned (``cssprune``): the ``<style>``
holds exactly what the file holds. The files stay, for the service worker and for any
page an author writes by hand.

Pure functions, and one that rewrites a built site's pages in place.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

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


def inline_site(site: Path, site_url: str, style_element: Callable[[str, str], str]) -> Mapping[str, int]:
    """Inline the stylesheets of every page of a built ``site`` in place.

    Returns how many pages now carry each inlined stylesheet (by its path in the site).
    """
    texts: dict[str, str | None] = {}

    def stylesheet(path: str) -> str | None:
        if path not in texts:
            file = site / path
            texts[path] = file.read_text("utf-8") if path.endswith(".css") and file.is_file() else None
        return texts[path]

    counts: dict[str, int] = {}

    def counted(path: str, css: str) -> str:
        counts[path] = counts.get(path, 0) + 1
        return style_element(path, css)

    for file in sorted(site.rglob("*.html")):
        html = file.read_text("utf-8")
        page = file.relative_to(site).as_posix()
        inlined = inline_stylesheets(html, page, site_url, stylesheet, counted)
        if inlined != html:
            file.write_text(inlined, "utf-8")
    return counts
