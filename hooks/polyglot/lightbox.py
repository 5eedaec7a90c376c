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


def defer(html: str) -> str:
    """``html`` without the tags mkdocs-glightbox injects into every page."""
    for pattern in _INJECTED:
        html = pattern.sub("", html)
    return html
