"""Opt-in third parties (comments, analytics) and the consent they wait for."""

from __future__ import annotations

from typing import Any

from .models import Privacy

CONSENT_TITLE = "Cookie consent"
CONSENT_DESCRIPTION = (
    "This site works without cookies. With your consent, it loads the services ticked below; "
    "nothing from them loads before you choose. See the privacy note for what each one collects."
)


def extra_config(privacy: Privacy) -> dict[str, Any]:
    """Material's ``extra.analytics`` and ``extra.consent`` for what ``data/site.yml`` enables.

    Nothing is enabled by default. Every service starts unticked: a reader opts in.
    """
    extra: dict[str, Any] = {}
    cookies: dict[str, Any] = {}
    if privacy.analytics is not None:
        extra["analytics"] = {"provider": privacy.analytics.provider, "property": privacy.analytics.property}
        cookies["analytics"] = {"name": "Google Analytics", "checked": False}
    if privacy.comments is not None:
        cookies["comments"] = {"name": "Comments (Giscus, GitHub)", "checked": False}
    if cookies:
        extra["consent"] = {
            "title": CONSENT_TITLE,
            "description": CONSENT_DESCRIPTION,
            "actions": ["accept", "reject", "manage"],
            "cookies": cookies,
        }
    return extra


# What each opted-in service needs the page's Content-Security-Policy to allow. Giscus puts
# its script, its stylesheet and an iframe on the page; Google Analytics 4 loads gtag.js and
# sends hits to Google's collection hosts (Google's published CSP guidance for GA4).
GISCUS_SOURCES: dict[str, tuple[str, ...]] = {
    "script-src": ("https://giscus.app",),
    "style-src": ("https://giscus.app",),
    "frame-src": ("https://giscus.app",),
}
ANALYTICS_SOURCES: dict[str, tuple[str, ...]] = {
    "script-src": ("https://*.googletagmanager.com",),
    "img-src": ("https://*.google-analytics.com", "https://*.googletagmanager.com"),
    "connect-src": (
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ),
}


def csp_sources(privacy: Privacy, extra: Any) -> Any:
    """The author's ``extra.csp`` plus the sources the enabled services need.

    With nothing enabled, ``extra`` comes back untouched; a malformed ``extra`` is also
    returned as it is, for the policy's own validation to report.
    """
    needed = [
        sources
        for enabled, sources in ((privacy.comments, GISCUS_SOURCES), (privacy.analytics, ANALYTICS_SOURCES))
        if enabled is not None
    ]
    if not needed or not (extra is None or isinstance(extra, dict)):
        return extra
    merged: dict[str, Any] = {
        key: list(value) if isinstance(value, list) else value for key, value in (extra or {}).items()
    }
    for sources in needed:
        for directive, values in sources.items():
            current = merged.setdefault(directive, [])
            if isinstance(current, list):
                current.extend(v for v in values if v not in current)
    return merged
