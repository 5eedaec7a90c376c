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
