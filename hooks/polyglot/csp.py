"""A Content-Security-Policy for a static site, computed from each finished page.

GitHub Pages cannot send headers, so the policy travels in a ``<meta http-equiv>`` tag,
inserted first in ``<head>`` (after the charset), before any script can run. Inline
scripts are allowed by their SHA-256 hash only: no ``'unsafe-inline'`` or
``'unsafe-eval'`` for scripts. Everything else comes from the site's own origin unless
an integration opts in (``extra.csp`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .errors import DataError

# The policy every page gets. Each source is explained in the README's decision log.
DEFAULT_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),  # + 'sha256-...' of each inline script on the page
    # Mermaid writes its diagram's <style> element and style attributes in the browser,
    # with content computed there: no build-time hash can match them.
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),  # Material's icons are data: URIs in its CSS
    "font-src": ("'self'",),
    "connect-src": ("'self'",),  # instant navigation and the search index
    "worker-src": ("'self'",),  # the search worker
    "manifest-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# Directives a <meta> policy may carry (frame-ancestors, report-uri and sandbox are
# ignored in <meta> by browsers, with a console error).
DIRECTIVES = frozenset(
    {
        "default-src",
        "script-src",
        "script-src-elem",
        "script-src-attr",
        "style-src",
        "style-src-elem",
        "style-src-attr",
        "img-src",
        "font-src",
        "connect-src",
        "media-src",
        "frame-src",
        "child-src",
        "worker-src",
        "manifest-src",
        "object-src",
        "base-uri",
        "form-action",
    }
)

# Scripts whose content CSP never executes: data blocks (JSON config, structured data).
_NON_SCRIPT_TYPE = re.compile(r"^(?!(text|application)/(x-)?(java|ecma)script$|module$|importmap$|speculationrules$)")
_SOURCE = re.compile(r"^('self'|'none'|data:|blob:|https://[A-Za-z0-9.*-]+(:\d+)?(/[^\s;,']*)?|wss://[A-Za-z0-9.*-]+)$")
_NEVER_FOR_SCRIPTS = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "blob:")
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_EXISTING = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\n?", re.IGNORECASE)


@dataclass(frozen=True)
class InlineScript:
    body: str
    line: int
    in_content: bool  # inside the page's <article> (Markdown content), not the theme's frame


class InlineCodeError(ValueError):
    """Inline code the policy would block (or must not bless): one line per finding."""


class _Scanner(HTMLParser):
    """Finds inline scripts, event-handler attributes and ``javascript:`` URLs."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.scripts: list[InlineScript] = []
        self.handlers: list[str] = []
        self._script: tuple[int, int] | None = None  # (body start offset, line)
        self._article_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "article":
            self._article_depth += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"line {line}: <{tag} {name}=...> (inline event handler)")
            elif (
                self._article_depth
                and name in ("href", "src", "action", "formaction")
                and (value or "").strip().lower().startswith("javascript:")
            ):
                self.handlers.append(f'line {line}: <{tag} {name}="javascript:..."> (javascript: URL)')
        if tag != "script":
            return
        values = dict(attrs)
        script_type = (values.get("type") or "").strip().lower()
        if "src" in values or (script_type and _NON_SCRIPT_TYPE.match(script_type)):
            return
        start_tag = self.get_starttag_text() or ""
        self._script = (self._offset() + len(start_tag), line)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self._article_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag == "script" and self._script is not None:
            start, line = self._script
            body = self.html[start : self._offset()]
            self.scripts.append(InlineScript(body=body, line=line, in_content=self._article_depth > 0))
            self._script = None


@dataclass(frozen=True)
class Scan:
    """What :func:`scan` finds: the inline scripts and the inline-code findings, by line."""

    scripts: list[InlineScript]
    handlers: list[str]


def scan_slow(html: str) -> Scan:
    """The reference scan: Python's ``html.parser``, token by token (with line numbers)."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    return Scan(scanner.scripts, scanner.handlers)


# What the fast scan does not vouch for; a page with any of it gets the reference scan.
# Elements whose content HTML parses as text (RCDATA/RAWTEXT) where ``html.parser`` sees tags,
# and ``<template>``, whose content lexbor keeps outside the tree:
_UNVOUCHED_ELEMENT = re.compile(r"<(?:textarea|xmp|iframe|noembed|noframes|plaintext|template)\b", re.IGNORECASE)
# End tags the two parsers end raw text at differently (``html.parser``: ``</\s*script\s*>``).
_UNVOUCHED_END = re.compile(r"</(?:\s+(?:script|style)|(?:script|style)(?!\s*>))", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>([^<]*)(<[^>]*)?", re.IGNORECASE)
_SCRIPT_START = re.compile(r"<script\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</\s*script\s*>", re.IGNORECASE)
_ARTICLE = re.compile(r"<(/?)article\b", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction")


def _in_article(node: Any) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "article":
            return True
        parent = parent.parent
    return False


def _scan_fast(html: str) -> Scan | None:
    """:func:`scan_slow`'s answer for a page with no inline-code findings, from lexbor's HTML5
    parser (about five times faster); ``None`` when there is a finding to report, or anything
    on which the two parsers could disagree, so that the reference scan decides.

    Each script's text must be the page's own bytes between its start tag and an end tag
    both parsers end it at, and lexbor must find exactly the script start tags the text has.
    """
    if "\r" in html or "\0" in html or _UNVOUCHED_ELEMENT.search(html) or _UNVOUCHED_END.search(html):
        return None
    if any(m.group(2) is not None and not m.group(2).lower().startswith("</title") for m in _TITLE.finditer(html)):
        return None
    tree = LexborHTMLParser(html)
    articles = [(m.start(), m.group(1) == "") for m in _ARTICLE.finditer(html)]
    positions = [at for at, _ in articles]
    scripts = []
    end = 0
    for node in tree.css("script"):
        start = _SCRIPT_START.search(html, end)  # the next script start tag outside a script
        if start is None:
            return None
        body = node.text(deep=True)
        end = start.end() + len(body)
        if html[start.end() : end] != body or not _SCRIPT_END.match(html, end) or _SCRIPT_END.search(body):
            return None
        opened = articles[: bisect_left(positions, start.start())]
        if _in_article(node) or sum(1 if is_start else -1 for _, is_start in opened) > 0:
            return None  # content scripts are findings
        attributes = node.attributes
        script_type = (attributes.get("type") or "").strip().lower()
        if "src" in attributes or (script_type and _NON_SCRIPT_TYPE.match(script_type)):
            continue
        scripts.append(InlineScript(body=body, line=html.count("\n", 0, start.start()) + 1, in_content=False))
    if _SCRIPT_START.search(html, end):
        return None  # a script start tag lexbor did not take as one (in a comment, say)
    for node in tree.root.traverse():
        attributes = node.attributes
        if any(name.startswith("on") for name in attributes):
            return None
        for name in _URL_ATTRIBUTES:
            value = attributes.get(name)
            if (
                value
                and value.strip().lower().startswith("javascript:")
                and (node.tag == "article" or _in_article(node))
            ):
                return None
    return Scan(scripts, [])


def scan(html: str) -> Scan:
    """The page's inline scripts and inline-code findings, as ``html.parser`` reads the page.

    Pages without findings (every page of a working site) take the fast path; the rest, and
    pages with markup the fast path does not vouch for, the reference scan."""
    return _scan_fast(html) or scan_slow(html)


def inline_scripts(html: str) -> list[InlineScript]:
    """Every inline script the browser would execute, in document order."""
    return scan(html).scripts


_ENDS_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)


def inlinable_script(source: str, label: str) -> str:
    """``source`` unchanged, if it can sit inside ``<script>...</script>`` as it is: a closing
    tag would end the element early and ``<!--`` can swallow the page after it."""
    found = _ENDS_SCRIPT.search(source)
    if found:
        line = source.count("\n", 0, found.start()) + 1
        problem = f"{found.group(0)!r} cannot appear in a script inlined into every page"
        raise DataError.single(label, f"line {line}", problem)
    return source


def script_hash(body: str) -> str:
    """The CSP source expression for an inline script: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def check_inline_code(html: str) -> list[InlineScript]:
    """The page's theme scripts, after refusing inline code the policy must not allow.

    Inline event handlers (anywhere) and ``javascript:`` URLs in the page content would be
    blocked by the policy, so they would silently not work; an inline ``<script>`` inside
    the page content would be blessed by its hash, so content could smuggle code in. All
    fail the build. (Material's own frame has one inert ``javascript:void(0)`` link, which
    its script replaces before use.)
    """
    scanner = scan(html)
    problems = list(scanner.handlers)
    problems += [f"line {s.line}: inline <script> in the page content" for s in scanner.scripts if s.in_content]
    if problems:
        raise InlineCodeError(
            "\n".join(problems) + "\n(put scripts in docs/assets/javascripts/ and list them in extra_javascript)"
        )
    return scanner.scripts


def merge_sources(
    extra: Mapping[str, Any] | None, label: str = "mkdocs.yml", field: str = "extra.csp"
) -> dict[str, tuple[str, ...]]:
    """The default policy plus the sources an opted-in integration adds.

    ``extra`` maps a directive to a list of sources, e.g. ``{"img-src": ["https://example.org"]}``.
    Unknown directives, malformed sources and anything that would re-open script
    injection (``'unsafe-inline'``, ``'unsafe-eval'``, ``data:``) fail naming the field.
    """
    policy = {k: tuple(v) for k, v in DEFAULT_POLICY.items()}
    if not extra:
        return policy
    if not isinstance(extra, Mapping):
        raise DataError.single(label, field, "must map directives to lists of sources")
    problems: list[tuple[str, str]] = []
    for directive, sources in extra.items():
        where = f"{field}.{directive}"
        if directive not in DIRECTIVES:
            problems.append((where, f"unknown directive (known: {', '.join(sorted(DIRECTIVES))})"))
            continue
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            problems.append((where, "must be a list of sources, e.g. ['https://example.org']"))
            continue
        current = list(policy.get(directive, policy["default-src"]))
        for i, source in enumerate(sources):
            if directive.startswith("script-src") and source in _NEVER_FOR_SCRIPTS:
                problems.append((f"{where}[{i}]", f"would allow injected scripts ({source})"))
            elif not _SOURCE.match(source):
                problems.append((f"{where}[{i}]", f"not an allowed source: {source!r} (use 'self', https://host)"))
            elif source not in current:
                current.append(source)
        if "'none'" in current and len(current) > 1:
            current.remove("'none'")
        policy[directive] = tuple(current)
    if problems:
        raise DataError(label, problems)
    return policy


def build_policy(policy: Mapping[str, Iterable[str]], script_hashes: Iterable[str]) -> str:
    """Serialize ``policy`` with the inline-script hashes added to ``script-src``."""
    hashes = sorted(set(script_hashes))
    parts = []
    for directive, sources in policy.items():
        values = list(sources)
        if directive == "script-src":
            values += hashes
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


def insert_meta(html: str, policy: str) -> str:
    """Put the policy's ``<meta>`` first in ``<head>``: after the charset, before any script.

    An existing policy tag (from an earlier pass) is replaced. A document without
    ``<head>`` is returned unchanged.
    """
    html = _EXISTING.sub("", html, count=1)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = _HEAD.search(html)
    if head is None:
        return html
    charset = _CHARSET.search(html, head.end())
    first_script = html.lower().find("<script", head.end())
    at = charset.end() if charset and (first_script < 0 or charset.end() < first_script) else head.end()
    return html[:at] + "\n" + tag + html[at:]


def apply(
    html: str, policy: Mapping[str, Iterable[str]] | None = None, scripts: list[InlineScript] | None = None
) -> str:
    """Check a finished page's inline code and insert the policy that allows exactly it.

    ``scripts``: what :func:`check_inline_code` returned for this ``html``, when the caller
    already checked it (the page is parsed once, not twice).
    """
    if scripts is None:
        scripts = check_inline_code(html)
    return insert_meta(html, build_policy(policy or DEFAULT_POLICY, (script_hash(s.body) for s in scripts)))


def read_policy(html: str) -> dict[str, list[str]] | None:
    """The policy a page carries, as ``{directive: [sources]}`` (None without one)."""
    match = re.search(r"<meta\s+http-equiv=\"Content-Security-Policy\"\s+content=\"([^\"]*)\"", html, re.IGNORECASE)
    if match is None:
        return None
    policy: dict[str, list[str]] = {}
    for part in match.group(1).split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy
