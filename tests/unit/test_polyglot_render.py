"""``polyglot.render`` and the partials under ``overrides/partials/polyglot/``: escaping and markup."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import material
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined, UndefinedError
from markupsafe import Markup, escape

from polyglot.contacts import obfuscate_email, person_contacts
from polyglot.models import Person
from polyglot.render import PARTIALS, compact, make_env, render_partial
from polyglot.seo import script_json

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [str(REPO / "overrides"), str(Path(material.__file__).parent / "templates")]
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
PAYLOADS = [
    "<script>alert(1)</script>",
    "\"'",
    "{{ x }}",
    '" onmouseover="alert(1)',
    "</p><img src=x onerror=alert(1)>",
    "&amp; &lt;",
    "{% if true %}x{% endif %}",
]

Value = Callable[[str], str]


# --- one context builder per partial: every free-text field comes from `v(field_name)` ----------------------


def contact_cards(v: Value) -> dict[str, Any]:
    return {
        "person_id": v("person_id"),
        "contacts": [
            {
                "kind": "email",
                "kind_name": v("email.kind_name"),
                "label": v("email.label"),
                "icon": "material/email-outline",
                "email": {"user": v("email.user"), "domain": v("email.domain"), "display": v("email.display")},
            },
            {
                "kind": "github",
                "kind_name": v("web.kind_name"),
                "label": v("web.label"),
                "icon": "fontawesome/brands/github",
                "url": v("web.url"),
            },
        ],
    }


def stack_cards(v: Value) -> dict[str, Any]:
    return {
        "person_id": v("person_id"),
        "groups": [
            {"key": v("key"), "title": v("title"), "icon": "material/tools", "items": [v("items[0]"), v("items[1]")]}
        ],
    }


def post_cards(v: Value) -> dict[str, Any]:
    return {
        "posts": [
            {
                "title": v("title"),
                "date": dt.datetime(2026, 11, 16),
                "readtime": 3,
                "excerpt": v("excerpt"),
                "categories": [v("categories[0]")],
                "draft": True,
                "url": v("url"),
            }
        ],
        "blog_url": v("blog_url"),
        "about_url": v("about_url"),
    }


def post_cards_empty(v: Value) -> dict[str, Any]:
    return {"posts": [], "blog_url": v("blog_url"), "about_url": v("about_url")}


def category_cards(v: Value) -> dict[str, Any]:
    return {
        "categories": [
            {"name": v("name"), "icon": "material/rocket", "description": v("description"), "url": v("url")},
        ]
    }


def project_cards(v: Value) -> dict[str, Any]:
    return {
        "projects": [
            {
                "title": v("title"),
                "author": "saad-laouadi",
                "author_name": v("author_name"),
                "author_url": v("author_url"),
                "problem": v("problem"),
                "impact": [{"metric": v("impact.metric"), "before": v("impact.before"), "after": v("impact.after")}],
                "stack": [v("stack[0]"), v("stack[1]")],
                "demo": v("demo"),
                "repo": v("repo"),
            }
        ]
    }


def project_cards_empty(v: Value) -> dict[str, Any]:
    return {"projects": []}


def _person(v: Value, prefix: str = "") -> dict[str, Any]:
    return {
        "person_id": v(prefix + "person_id"),
        "person": {"name": v(prefix + "name"), "role": v(prefix + "role"), "bio": v(prefix + "bio")},
        "avatar_url": v(prefix + "avatar_url"),
        "profile_url": v(prefix + "profile_url"),
    }


def person_card(v: Value) -> dict[str, Any]:
    return _person(v)


def people_cards(v: Value) -> dict[str, Any]:
    return {"people": [_person(v, "a."), _person(v, "b.")]}


def diagram(v: Value) -> dict[str, Any]:
    # The drawing is the site's own SVG (scripts/render_diagrams.py), passed as markup.
    return {"key": v("key"), "svg": Markup('<svg viewBox="0 0 1 1"></svg>')}


def inline_style(v: Value) -> dict[str, Any]:
    # The stylesheet is the site's own, checked by cssinline before it is passed as markup.
    return {"path": v("path"), "css": Markup(".a>.b{c:d}")}


def head(v: Value) -> dict[str, Any]:
    return {
        "tags": [("property", "og:title", v("og:title")), ("name", "twitter:description", v("twitter:description"))],
        "json_ld": script_json({"@context": "https://schema.org", "@graph": []}),
        "feeds": [{"type": "application/rss+xml", "title": v("feed.title"), "href": v("feed.href")}],
    }


def _link(v: Value, prefix: str) -> dict[str, Any]:
    return {"title": v(prefix + "title"), "url": v(prefix + "url"), "date": dt.datetime(2026, 1, 2)}


def post_footer(v: Value) -> dict[str, Any]:
    return {
        "series": {
            "name": v("series.name"),
            "parts": [{**_link(v, "part1."), "current": False}, {**_link(v, "part2."), "current": True}],
            "index": 2,
            "count": 2,
            "previous": _link(v, "previous."),
            "next": _link(v, "next."),
        },
        "related": [{**_link(v, "related."), "description": v("related.description")}],
        "share": [{"name": v("share.name"), "icon": "material/email-outline", "href": v("share.href")}],
        "url": v("url"),
        "comments": {"attributes": {"repo": v("giscus.repo")}, "privacy_url": v("privacy_url")},
    }


def post_footer_bare(v: Value) -> dict[str, Any]:
    return {"series": None, "related": [], "share": [], "url": v("url"), "comments": None}


BUILDERS: dict[str, tuple[str, Callable[[Value], dict[str, Any]]]] = {
    "diagram": ("diagram.html", diagram),
    "inline-style": ("inline-style.html", inline_style),
    "head": ("head.html", head),
    "post-footer": ("post-footer.html", post_footer),
    "post-footer-bare": ("post-footer.html", post_footer_bare),
    "contact-cards": ("contact-cards.html", contact_cards),
    "stack-cards": ("stack-cards.html", stack_cards),
    "post-cards": ("post-cards.html", post_cards),
    "post-cards-empty": ("post-cards.html", post_cards_empty),
    "category-cards": ("category-cards.html", category_cards),
    "project-cards": ("project-cards.html", project_cards),
    "project-cards-empty": ("project-cards.html", project_cards_empty),
    "person-card": ("person-card.html", person_card),
    "people-cards": ("people-cards.html", people_cards),
}


def fields_of(builder: Callable[[Value], dict[str, Any]]) -> list[str]:
    names: list[str] = []

    def record(name: str) -> str:
        names.append(name)
        return "x"

    builder(record)
    return names


def shown_fields(key: str) -> list[str]:
    """The fields a partial prints (a marker per field, then look for it in the output)."""
    template, builder = BUILDERS[key]
    html = render_partial(make_env(TEMPLATE_DIRS), template, **builder(lambda name: f"marker-{name}-end"))
    return [name for name in fields_of(builder) if f"marker-{name}-end" in html]


FIELD_CASES = [(key, field) for key in BUILDERS for field in shown_fields(key)]


def squash(text: str) -> str:
    """Drop all whitespace (compact() re-indents and drops blank lines)."""
    return "".join(text.split())


def render_with(env: Environment, key: str, v: Value) -> str:
    template, builder = BUILDERS[key]
    return render_partial(env, template, **builder(v))


def assert_escaped(key: str, html: str, value: str, baseline: str) -> None:
    # Injected text never adds markup: the same number of tag and attribute delimiters as with plain text.
    for char in "<>\"'":
        assert html.count(char) == baseline.count(char), f"{key}: {char!r} leaked from {value!r}"
    assert squash(str(escape(value))) in squash(html)
    assert "<script>alert" not in html


# --- every partial renders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(BUILDERS))
def test_every_partial_renders_compact(env: Environment, key: str) -> None:
    html = render_with(env, key, lambda name: f"value-of-{name}")
    assert html
    for line in html.splitlines():
        assert line, f"{key}: blank line"
        assert line == line.strip(), f"{key}: indented or padded line {line!r}"
    assert "\n\n" not in html


def test_fields_not_shown_are_only_the_expected_ones() -> None:
    hidden = {key: sorted(set(fields_of(BUILDERS[key][1])) - set(shown_fields(key))) for key in BUILDERS}
    assert {k: v for k, v in hidden.items() if v} == {
        "post-cards": ["about_url", "categories[0]"],
        "post-cards-empty": ["blog_url"],
        "post-footer": ["part2.url"],  # the current part is marked, not linked
    }


def test_every_partial_is_covered(repo) -> None:
    # latest-posts-slot.html renders only an integer (tested in test_polyglot_components).
    names = {p.name for p in (repo / "overrides" / PARTIALS).glob("*.html")}
    assert names - {"icon.html", "latest-posts-slot.html"} == {template for template, _ in BUILDERS.values()}


# --- escaping -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("key", "field"), FIELD_CASES)
def test_each_field_is_escaped(env: Environment, key: str, field: str, payload: str) -> None:
    html = render_with(env, key, lambda name: payload if name == field else "x")
    baseline = render_with(env, key, lambda name: "x")
    assert_escaped(key, html, payload, baseline)
    if "<script>" in payload:
        assert "&lt;script&gt;" in html
    if payload == "{{ x }}":
        assert "{{ x }}" in html  # printed as text, never rendered again


@pytest.mark.parametrize("key", [k for k in BUILDERS if shown_fields(k)])
@given(value=st.text(min_size=1) | st.sampled_from(PAYLOADS))
def test_every_field_is_escaped_property(env: Environment, key: str, value: str) -> None:
    html = render_with(env, key, lambda name: value)
    baseline = render_with(env, key, lambda name: "x")
    assert_escaped(key, html, value, baseline)


def test_make_env_escapes_string_templates_too(env: Environment) -> None:
    assert env.from_string("{{ v }}").render(v="<b>&") == "&lt;b&gt;&amp;"


def test_make_env_is_strict_about_undefined(env: Environment) -> None:
    assert isinstance(env.undefined, type) and issubclass(env.undefined, StrictUndefined)
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(UndefinedError):
        render_partial(env, "person-card.html", person_id="p")


def test_make_env_icon_path_filter(env: Environment) -> None:
    assert env.from_string("{{ 'material/rocket' | icon_path }}").render() == ".icons/material/rocket.svg"


def test_make_env_searches_folders_in_order(tmp_path, template_dirs) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, text in ((first, "first"), (second, "second")):
        (folder / "partials").mkdir(parents=True)
        (folder / "partials" / "x.html").write_text(text, encoding="utf-8")
    (second / "partials" / "y.html").write_text("only second", encoding="utf-8")
    local = make_env([str(first), str(second)])
    assert local.get_template("partials/x.html").render() == "first"
    assert local.get_template("partials/y.html").render() == "only second"


# --- compact ------------------------------------------------------------------------------------------------


def test_compact() -> None:
    assert compact("\n  <div>\n\n\t<p>x</p>  \n   \n</div>\n") == "<div>\n<p>x</p>\n</div>"
    assert compact("") == ""
    assert compact(" \n\t\n") == ""


@given(st.text())
def test_compact_property(text: str) -> None:
    out = compact(text)
    lines = out.split("\n")
    assert out == "" or all(line and line == line.strip() for line in lines)
    assert compact(out) == out
    assert squash(out) == squash(text)


# --- contact cards ------------------------------------------------------------------------------------------


@pytest.fixture
def people(baseline) -> dict[str, Person]:
    return {pid: Person(**raw) for pid, raw in baseline["people"].items()}


@pytest.mark.parametrize("pid", ["saad-laouadi", "ibrahim-lahlou"])
def test_contact_cards_links_and_no_email(env: Environment, people: dict[str, Person], pid: str) -> None:
    person = people[pid]
    html = render_partial(env, "contact-cards.html", person_id=pid, contacts=person_contacts(person))
    links = re.findall(r"<a\b[^>]*>", html)
    assert len(links) == len(person.contacts)
    external = [a for a in links if "href=" in a]
    assert len(external) == len([c for c in person.contacts if c.kind != "email"])
    for a in external:
        assert re.search(r'href="https://', a)
        assert 'rel="me noopener"' in a
    for contact in person.contacts:
        if contact.kind == "email":
            assert contact.address not in html
            assert obfuscate_email(contact.address)["display"] in html
            assert f'data-pe-user="{obfuscate_email(contact.address)["user"]}"' in html
        else:
            assert f'href="{contact.url}"' in html
    assert "mailto:" not in html
    assert not EMAIL_RE.search(html), "a whole email address reached the HTML"
    assert f'data-person="{pid}"' in html


def test_contact_cards_email_data_attributes(env: Environment) -> None:
    person = Person(
        name="N",
        role="R",
        bio="B",
        avatar="a.svg",
        profile="p.md",
        contacts=[{"kind": "email", "label": "Mail", "address": "jo.doe@example.org"}],
    )
    html = render_partial(env, "contact-cards.html", person_id="n", contacts=person_contacts(person))
    assert 'data-pe-user="eod.oj"' in html
    assert 'data-pe-domain="gro.elpmaxe"' in html
    assert "jo.doe [at] example [dot] org" in html
    assert "@" not in html
    assert "<svg" in html


# --- other partials: markup ---------------------------------------------------------------------------------


def test_post_cards_with_posts(env: Environment) -> None:
    posts = [
        {
            "title": "Welcome",
            "date": dt.datetime(2026, 11, 6),
            "readtime": 4,
            "excerpt": "Hello.",
            "categories": ["C"],
            "draft": False,
            "url": "blog/2026/11/06/welcome/",
        },
        {
            "title": "Draft",
            "date": dt.datetime(2026, 12, 1),
            "readtime": 1,
            "excerpt": "Soon.",
            "categories": ["C"],
            "draft": True,
            "url": "blog/2026/12/01/draft/",
        },
    ]
    html = render_partial(env, "post-cards.html", posts=posts, blog_url="blog/", about_url="about/")
    assert html.count("<article") == 2
    assert '<a href="blog/2026/11/06/welcome/">Welcome</a>' in html
    assert '<time datetime="2026-11-06">November 6, 2026</time>' in html
    assert "4 min read" in html
    assert html.count("pe-draft") == 1
    assert '<a href="blog/">All posts' in html
    assert "Coming soon" not in html
    assert "about/" not in html


def test_post_cards_empty(env: Environment) -> None:
    html = render_partial(env, "post-cards.html", posts=[], blog_url="blog/", about_url="../about/")
    assert "Coming soon" in html
    assert '<a href="../about/">About</a>' in html
    assert "<article" not in html
    assert "All posts" not in html


def test_project_cards_with_project(env: Environment, project) -> None:
    ctx = dict(project, author_name="Saad Laouadi", author_url="../authors/saad-laouadi/")
    html = render_partial(env, "project-cards.html", projects=[ctx])
    assert '<h3 class="pe-card__title">Edge image classifier</h3>' in html
    assert 'by <a href="../authors/saad-laouadi/">Saad Laouadi</a>' in html
    assert '<a href="https://example.org/demo" rel="noopener">Live demo</a>' in html
    assert '<a href="https://github.com/you/project" rel="noopener">Source code</a>' in html
    assert "p95 latency" in html and "800 ms" in html and "480 ms" in html
    assert "<li>Python</li>" in html and "<li>FastAPI</li>" in html
    assert "No projects yet" not in html


def test_project_cards_without_optional_parts(env: Environment, project) -> None:
    ctx = dict(project, stack=[], demo=None, repo=None, author_name="A", author_url="a/")
    html = render_partial(env, "project-cards.html", projects=[ctx])
    assert "Live demo" not in html and "Source code" not in html
    assert "pe-tags" not in html


def test_project_cards_empty(env: Environment) -> None:
    html = render_partial(env, "project-cards.html", projects=[])
    assert "No projects yet" in html
    assert "<code>data/projects.yml</code>" in html
    assert "<article" not in html


def test_stack_cards(env: Environment) -> None:
    groups = [
        {"key": "serving", "title": "Serving", "icon": "material/server-network", "items": ["FastAPI", "BentoML"]},
        {"key": "data_storage", "title": "Data storage", "icon": "material/tools", "items": ["MinIO"]},
    ]
    html = render_partial(env, "stack-cards.html", person_id="ibrahim-lahlou", groups=groups)
    assert html.count('class="card pe-card pe-stack__group"') == 2
    assert html.index('data-key="serving"') < html.index('data-key="data_storage"')
    assert html.index("<li>FastAPI</li>") < html.index("<li>BentoML</li>") < html.index("<li>MinIO</li>")
    assert html.count("<svg") == 2
    assert 'data-person="ibrahim-lahlou"' in html


def test_category_cards(env: Environment) -> None:
    cats = [{"name": "Guides", "icon": "material/book-open-page-variant-outline", "description": "D", "url": "c/"}]
    html = render_partial(env, "category-cards.html", categories=cats)
    assert '<a class="card pe-card pe-theme" href="c/">' in html
    assert "<span>Guides</span>" in html
    assert "<svg" in html


def test_person_and_people_cards(env: Environment, people: dict[str, Person]) -> None:
    person = people["ibrahim-lahlou"]
    one = render_partial(
        env, "person-card.html", person_id="ibrahim-lahlou", person=person, avatar_url="av.svg", profile_url="p/"
    )
    assert '<img class="pe-person__avatar" src="av.svg"' in one
    assert '<a href="p/">Ibrahim Lahlou</a>' in one
    assert "ML Engineer" in one
    entries = [
        {"person_id": pid, "person": p, "avatar_url": f"{pid}.svg", "profile_url": f"{pid}/"}
        for pid, p in people.items()
    ]
    many = render_partial(env, "people-cards.html", people=entries)
    assert many.count('class="card pe-card pe-person"') == 2
    assert many.index('data-person="saad-laouadi"') < many.index('data-person="ibrahim-lahlou"')
    assert '<img class="pe-person__avatar" src="ibrahim-lahlou.svg"' in many
    assert '<a href="saad-laouadi/">Saad Laouadi</a>' in many


def test_unknown_icon_fails_loudly(env: Environment) -> None:
    from jinja2 import TemplateNotFound

    cats = [{"name": "n", "icon": "material/no-such-icon-anywhere", "description": "d", "url": "u"}]
    with pytest.raises(TemplateNotFound):
        render_partial(env, "category-cards.html", categories=cats)
