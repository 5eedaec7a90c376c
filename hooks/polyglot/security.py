"""The last pass over every finished page: safe links, no mixed content, the CSP meta."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import csp, links
from .errors import DataError


def finish_page(html: str, policy: Mapping[str, Iterable[str]], label: str) -> str:
    """Harden one page; problems the policy would hide fail naming the source file.

    ``label`` names the page's source (e.g. ``docs/about.md``) in errors.
    """
    html = links.secure_new_tabs(html)
    problems = links.insecure_subresources(html)
    scripts: list[csp.InlineScript] = []
    try:
        scripts = csp.check_inline_code(html)
    except csp.InlineCodeError as exc:
        problems += str(exc).splitlines()
    if problems:
        raise DataError(label, [("(built page)", p) for p in problems])
    return csp.apply(html, policy, scripts)
