"""Links and subresources in finished pages: safe new tabs, no mixed content."""

from __future__ import annotations

import re

# A start tag whose quoted attribute values may contain '>'.
_A_TAG = re.compile(r"<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_ATTR = re.compile(r"""\s([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# Elements whose URL attributes the browser fetches as part of the page.
_SUBRESOURCE_ATTRS = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_LINK_FETCHED = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
REQUIRED_REL = ("noopener", "noreferrer")
# An http:// that could start a URL the check reads: not the value of an XML namespace
# declaration (inline SVG icons declare theirs on every page), which it never reads.
_PLAIN_HTTP = re.compile(r"""(?<!xmlns=")(?<!xmlns=')(?<!xmlns:xlink=")(?<!xmlns:xlink=')http://""", re.IGNORECASE)
_NAMESPACES = ('xmlns="http://', "xmlns='http://", 'xmlns:xlink="http://', "xmlns:xlink='http://")


def has_plain_http(html: str) -> bool:
    """Whether ``html`` has an ``http://`` that is not an XML namespace (``_PLAIN_HTTP``).

    Counted in the lower-cased text first: ``str.count`` finds literal text far faster than
    a case-insensitive pattern with look-behinds scans a page (most pages have ``http://``
    only in their SVGs' namespaces). Every ``http://`` the pattern can match is one in the
    lower-cased text, and every namespace counted there is one its look-behinds exclude;
    so no ``http://`` at all, or as many as namespaces, means no match. Otherwise the
    pattern itself decides.
    """
    lowered = html.lower()
    found = lowered.count("http://")
    if found == 0 or found == sum(lowered.count(namespace) for namespace in _NAMESPACES):
        return False
    return _PLAIN_HTTP.search(html) is not None


def _attrs(tag_text: str) -> list[tuple[str, str | None, re.Match[str]]]:
    out = []
    for match in _ATTR.finditer(tag_text):
        raw = match.group(2)
        value = raw[1:-1] if raw and raw[0] in "\"'" else raw
        out.append((match.group(1).lower(), value, match))
    return out


def _secure_new_tab(tag: str) -> str:
    attrs = _attrs(tag)
    target = next((v for n, v, _ in attrs if n == "target"), None)
    if (target or "").strip().lower() != "_blank":
        return tag
    rel = next(((v or "", m) for n, v, m in attrs if n == "rel"), None)
    if rel is None:
        return tag[:-1].rstrip("/").rstrip() + ' rel="noopener noreferrer">'
    words = rel[0].split()
    missing = [w for w in REQUIRED_REL if w not in (x.lower() for x in words)]
    if not missing:
        return tag
    match = rel[1]
    value = " ".join([*words, *missing])
    return tag[: match.start()] + f' rel="{value}"' + tag[match.end() :]


def secure_new_tabs(html: str) -> str:
    """Give every link that opens a new tab ``rel="noopener noreferrer"`` (keeping other rels).

    ``noopener``: the new page cannot script this one through ``window.opener``;
    ``noreferrer``: it does not learn which page the reader came from.
    """
    return _A_TAG.sub(lambda m: _secure_new_tab(m.group(0)), html)


def insecure_subresources(html: str) -> list[str]:
    """``http://`` URLs the page would load (mixed content on an HTTPS site), by line."""
    problems: list[str] = []
    if not has_plain_http(html):
        return problems  # no such URL anywhere: no tag to read (most pages)
    for match in _TAG.finditer(html):
        tag = match.group(1).lower()
        if (tag != "link" and tag not in _SUBRESOURCE_ATTRS) or "http://" not in match.group(2).lower():
            continue  # no attribute the check reads, or none holding an http:// URL
        attrs = _attrs(" " + match.group(2))
        names: tuple[str, ...] = _SUBRESOURCE_ATTRS.get(tag, ())
        if tag == "link":
            rel = next((v or "" for n, v, _ in attrs if n == "rel"), "")
            names = ("href",) if _LINK_FETCHED.intersection(rel.lower().split()) else ()
        for name, value, _ in attrs:
            if name in names and value and re.search(r"(^|[\s,])http://", value.strip(), re.IGNORECASE):
                line = html.count("\n", 0, match.start()) + 1
                problems.append(f'line {line}: <{tag} {name}="{value}"> loads over plain http://')
    return problems
