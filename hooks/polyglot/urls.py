"""Page-relative links, as MkDocs writes them (so the site works under any base path)."""

from __future__ import annotations

import posixpath


def relative_url(target: str, from_page: str) -> str:
    """Link from the page at URL ``from_page`` to the site-root-relative URL ``target``."""
    base = posixpath.dirname(from_page) if not from_page.endswith("/") else from_page.rstrip("/")
    rel = posixpath.relpath("/" + target, "/" + base) if base else target or "."
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in ("./", ".") else rel
