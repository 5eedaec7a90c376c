"""The last pass over each built page, after every other post-render hook.

In order: the tags mkdocs-glightbox injects are taken out (``lightbox.defer``), links and
the Content-Security-Policy are applied (``security.finish_page``, which fails naming
``label`` on inline code the policy would bless), and the stylesheet links become each
page's own cut-down ``<style>`` elements (``cssinline.inline_page``). A pure function of
its arguments: the build memoizes it whole (``speed_hooks``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from . import cssinline, lightbox, security


def finish(
    html: str,
    *,
    label: str,
    policy: Mapping[str, Iterable[str]],
    page: str,
    site_url: str,
    sheets: cssinline.Sheets | None,
    style_element: Callable[[str, str], str],
) -> str:
    """``html``, the page at ``page`` in the site (built from ``label``), finished."""
    html = lightbox.defer(html)
    html = security.finish_page(html, policy, label)
    if sheets is None:
        return html
    return cssinline.inline_page(html, page, site_url, sheets, style_element)
