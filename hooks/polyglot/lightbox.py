"""Image lightbox: mkdocs-glightbox wraps the images; GLightbox loads only where needed.

The plugin adds GLightbox's script and stylesheet to every page's head, plus an inline
script and style. This removes those four tags: ``site.js`` loads the self-hosted files
(copied by the plugin to ``assets/``) on pages that have a lightbox image, and starts them
there, so pages carry no inline script and pages without images pay nothing.
"""

from __future__ import annotations

import re

_INJECTED = (
    re.compile(r'<link\b[^>]*href="[^"]*assets/stylesheets/glightbox\.min\.css"[^>]*>\s*'),
    re.compile(r'<script\b[^>]*src="[^"]*assets/javascripts/glightbox\.min\.js"[^>]*>\s*</script>\s*'),
    re.compile(r'<style\b[^>]*id="glightbox-style"[^>]*>.*?</style>\s*', re.DOTALL),
    re.compile(r'<script\b[^>]*id="init-glightbox"[^>]*>.*?</script>\s*', re.DOTALL),
)


_LINKED_IMAGE = re.compile(r'(<a\b(?=[^>]*\bclass="glightbox")[^>]*?)(>\s*<img\b[^>]*>)')
_ALT = re.compile(r'\balt="([^"]*)"')


def defer(html: str) -> str:
    """``html`` without the tags mkdocs-glightbox injects into every page, with alt text carried."""
    for pattern in _INJECTED:
        html = pattern.sub("", html)
    return carry_alt(html)


def carry_alt(html: str) -> str:
    """Give each lightbox link its image's text alternative as ``data-alt``.

    GLightbox builds the enlarged image from the link's ``data-*`` settings; without
    ``data-alt`` the enlarged copy has an empty ``alt`` and screen readers announce nothing.
    The value is copied as it stands: it is already escaped for an attribute.
    """

    def add(match: re.Match[str]) -> str:
        link, rest = match.groups()
        alt = _ALT.search(rest)
        if alt is None or "data-alt=" in link:
            return match.group(0)
        return f'{link} data-alt="{alt.group(1)}"{rest}'

    return _LINKED_IMAGE.sub(add, html)
