"""``polyglot.contacts``: icons, obfuscated email addresses, footer links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot.contacts import ICONS, KIND_NAMES, contact_context, obfuscate_email, person_contacts, social_links
from polyglot.models import Contact, Person

EMAILS = ["dr.saad.laouadi@gmail.com", "ibrahimlahlou021@gmail.com", "a@b.co", "first.last+tag@mail.example.org"]

local_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._%+-", min_size=1, max_size=20)
label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)
addresses = st.builds(lambda u, labels: f"{u}@{'.'.join(labels)}", local_part, st.lists(label, min_size=2, max_size=4))


@pytest.mark.parametrize("address", EMAILS)
def test_obfuscate_email_hides_the_address(address: str) -> None:
    parts = obfuscate_email(address)
    assert set(parts) == {"user", "domain", "display"}
    for value in parts.values():
        assert "@" not in value
        assert address not in value
        assert "mailto:" not in value


def test_obfuscate_email_parts() -> None:
    assert obfuscate_email("dr.saad.laouadi@gmail.com") == {
        "user": "idauoal.daas.rd",
        "domain": "moc.liamg",
        "display": "dr.saad.laouadi [at] gmail [dot] com",
    }


@given(addresses)
def test_obfuscate_email_property(address: str) -> None:
    parts = obfuscate_email(address)
    assert all("@" not in v and address not in v for v in parts.values())
    user, domain = address.split("@")
    assert parts["user"][::-1] + "@" + parts["domain"][::-1] == address
    assert parts["display"] == f"{user} [at] {' [dot] '.join(domain.split('.'))}"
    assert " [at] " in parts["display"]


def test_every_kind_has_an_icon_and_a_name() -> None:
    kinds = ["email", "github", "twitter", "x", "linkedin", "mastodon", "website"]
    assert set(ICONS) == set(kinds) == set(KIND_NAMES)


def test_contact_context_web() -> None:
    card = contact_context(Contact(kind="github", label="@IbLahlou", url="https://github.com/IbLahlou"))
    assert card == {
        "kind": "github",
        "kind_name": "GitHub",
        "label": "@IbLahlou",
        "icon": "fontawesome/brands/github",
        "url": "https://github.com/IbLahlou",
    }


def test_contact_context_email() -> None:
    card = contact_context(Contact(kind="email", label="Email", address="a.b@example.org"))
    assert card["kind"] == "email"
    assert card["kind_name"] == "Email"
    assert card["icon"] == "material/email-outline"
    assert card["email"] == obfuscate_email("a.b@example.org")
    assert "url" not in card
    assert "a.b@example.org" not in repr(card)


@pytest.fixture
def person(baseline) -> Person:
    return Person(**baseline["people"]["saad-laouadi"])


def test_person_contacts(person: Person) -> None:
    cards = person_contacts(person)
    assert [c["kind"] for c in cards] == ["email", "linkedin", "github"]
    assert [c["kind"] for c in person_contacts(person, include_email=False)] == ["linkedin", "github"]


def test_social_links_exclude_email(person: Person) -> None:
    links = social_links(person)
    assert links == [
        {
            "icon": "fontawesome/brands/linkedin",
            "link": "https://linkedin.com/in/saad",
            "name": "Saad Laouadi on LinkedIn",
        },
        {"icon": "fontawesome/brands/github", "link": "https://github.com/saad", "name": "Saad Laouadi on GitHub"},
    ]
    assert all("@" not in link["link"] and not link["link"].startswith("mailto:") for link in links)


def test_social_links_of_email_only_person(baseline) -> None:
    data = baseline["people"]["saad-laouadi"]
    data["contacts"] = [data["contacts"][0]]
    assert social_links(Person(**data)) == []
