"""``polyglot.escaping``: data handed to unescaping templates and Markdown is escaped once."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from polyglot import escaping
from polyglot.models import Category

PAYLOAD = '</title><script>alert(1)</script> "q" & <b>b</b>'
ESCAPED = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &#34;q&#34; &amp; &lt;b&gt;b&lt;/b&gt;"


def test_text_escapes_strings_once() -> None:
    once = escaping.text(PAYLOAD)
    assert once == ESCAPED and isinstance(once, Markup)
    assert escaping.text(once) == ESCAPED  # idempotent
    assert escaping.text(3) == 3


def test_escape_meta_escapes_title_and_description_only() -> None:
    meta = {"title": PAYLOAD, "description": PAYLOAD, "template": "<x>.html"}
    escaping.escape_meta(meta)
    escaping.escape_meta(meta)
    assert meta == {"title": ESCAPED, "description": ESCAPED, "template": "<x>.html"}


def test_material_style_templates_print_escaped_meta_exactly_once() -> None:
    """MkDocs' theme environment does not autoescape; '| e' must not escape twice."""
    env = Environment(autoescape=False)
    meta = {"title": PAYLOAD, "description": PAYLOAD}
    escaping.escape_meta(meta)
    raw = env.from_string('<meta content="{{ m.description }}"><title>{{ m.title }}</title>').render(m=meta)
    filtered = env.from_string('<a title="{{ m.title | e }}">').render(m=meta)
    assert raw == f'<meta content="{ESCAPED}"><title>{ESCAPED}</title>'
    assert filtered == f'<a title="{ESCAPED}">'


def test_pin_title_keeps_a_heading_title_as_markup() -> None:
    meta: dict[str, object] = {}
    escaping.pin_title(meta, "Tips &amp; &lt;tricks&gt;")
    env = Environment(autoescape=False)
    assert env.from_string("{{ m.title | e }}").render(m=meta) == "Tips &amp; &lt;tricks&gt;"
    escaping.pin_title(meta, "Other")  # a title already present is kept
    assert meta["title"] == "Tips &amp; &lt;tricks&gt;"
    empty: dict[str, object] = {}
    escaping.pin_title(empty, None)
    assert empty == {}


def test_views_escape_every_string_of_a_model_recursively() -> None:
    category = Category(name=PAYLOAD, icon="material/bug", description="plain")
    view = escaping.view({"cat": category, "items": [PAYLOAD, 1, None, True], "safe": Markup("<i>x</i>")})
    assert view["cat"].name == ESCAPED
    assert view["cat"].description == "plain"
    assert view["items"] == [ESCAPED, 1, None, True]
    assert view["safe"] == "<i>x</i>"


def test_a_view_prints_escaped_and_supports_indexing_and_iteration() -> None:
    class Thing:
        def __init__(self) -> None:
            self.parts = (PAYLOAD,)

        def __str__(self) -> str:
            return PAYLOAD

    wrapped = escaping.EscapedView(Thing())
    assert str(wrapped) == ESCAPED and wrapped.__html__() == ESCAPED
    assert wrapped.parts == [ESCAPED]
    listing = escaping.EscapedView([PAYLOAD, PAYLOAD])
    assert listing[0] == ESCAPED and list(listing) == [ESCAPED, ESCAPED] and len(listing) == 2
    env = Environment(autoescape=False)
    assert env.from_string("# {{ p.parts[0] }}").render(p=wrapped) == f"# {ESCAPED}"


def test_escaped_view_of_a_model_is_truthy() -> None:
    from polyglot.escaping import view
    from polyglot.models import Impact

    assert view(Impact(metric="m", before="a", after="b"))
