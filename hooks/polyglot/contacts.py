"""Contact cards: icons per kind, and email addresses that scrapers cannot read."""

from __future__ import annotations

from typing import Any

from .models import Contact, Person

ICONS = {
    "email": "material/email-outline",
    "github": "fontawesome/brands/github",
    "twitter": "fontawesome/brands/x-twitter",
    "x": "fontawesome/brands/x-twitter",
    "linkedin": "fontawesome/brands/linkedin",
    "mastodon": "fontawesome/brands/mastodon",
    "website": "material/web",
}

KIND_NAMES = {
    "email": "Email",
    "github": "GitHub",
    "twitter": "X (Twitter)",
    "x": "X",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "website": "Website",
}


def obfuscate_email(address: str) -> dict[str, str]:
    """Split an address so no ``name@domain`` string or ``mailto:`` reaches the HTML.

    ``user`` and ``domain`` are stored reversed in data attributes; a script joins them
    into a ``mailto:`` link on click. Without JavaScript, readers see ``display``:
    the address spelled with `` [at] `` and `` [dot] ``.
    """
    user, _, domain = address.partition("@")
    return {
        "user": user[::-1],
        "domain": domain[::-1],
        "display": f"{user} [at] {domain.replace('.', ' [dot] ')}",
    }


def contact_context(contact: Contact) -> dict[str, Any]:
    card: dict[str, Any] = {
        "kind": contact.kind,
        "kind_name": KIND_NAMES[contact.kind],
        "label": contact.label,
        "icon": ICONS[contact.kind],
    }
    if contact.kind == "email":
        assert contact.address is not None
        card["email"] = obfuscate_email(contact.address)
    else:
        card["url"] = contact.url
    return card


def person_contacts(person: Person, *, include_email: bool = True) -> list[dict[str, Any]]:
    return [contact_context(c) for c in person.contacts if include_email or c.kind != "email"]


def social_links(person: Person) -> list[dict[str, str]]:
    """Material's ``extra.social`` entries for the footer (web profiles only, no email)."""
    return [
        {"icon": ICONS[c.kind], "link": str(c.url), "name": f"{person.name} on {KIND_NAMES[c.kind]}"}
        for c in person.contacts
        if c.kind != "email"
    ]
