"""``polyglot.posts``: front matter, validation against the data, reading time, latest posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from material.plugins.blog.readtime import readtime as material_readtime

from polyglot.errors import DataError
from polyglot.posts import (
    EXCERPT_SEPARATOR,
    Post,
    card_context,
    html_to_text,
    is_published,
    latest,
    parse_post,
    readtime,
    split_front_matter,
)

REPO = Path(__file__).resolve().parents[2]
LABEL = "docs/blog/posts/hello.md"
AUTHORS = ["saad-laouadi", "ibrahim-lahlou"]
CATEGORIES = ["Production ML Systems", "Practical Guides"]
FRONT = """title: Hello
description: A first post.
date: 2026-11-16
authors: [saad-laouadi]
categories: [Practical Guides]
"""
BODY = "\nThe excerpt, with *emphasis*.\n\n<!-- more -->\n\nThe rest.\n"


def post_text(front: str = FRONT, body: str = BODY) -> str:
    return f"---\n{front}---\n{body}"


def parse(text: str) -> Post:
    return parse_post(text, "blog/posts/hello.md", LABEL, authors=AUTHORS, categories=CATEGORIES)


def parse_error(text: str) -> str:
    with pytest.raises(DataError) as info:
        parse(text)
    message = str(info.value)
    assert "\n" not in message, f"expected one problem, got:\n{message}"
    return message


def make_post(title: str, created: dt.datetime, *, pin: bool = False, draft: bool = False) -> Post:
    front = (
        f"title: {title}\ndescription: D\ndate: {created.isoformat()}\n"
        f"authors: [saad-laouadi]\ncategories: [Practical Guides]\npin: {str(pin).lower()}\n"
        f"draft: {str(draft).lower()}\n"
    )
    return parse(post_text(front))


# --- split_front_matter -------------------------------------------------------------------------------------


def test_split_front_matter() -> None:
    data, body = split_front_matter("---\ntitle: x\n---\nbody\n", LABEL)
    assert data == {"title": "x"}
    assert body == "body\n"


def test_split_front_matter_accepts_dots_terminator() -> None:
    data, body = split_front_matter("---\ntitle: x\n...\nbody", LABEL)
    assert data == {"title": "x"}
    assert body == "body"


def test_split_front_matter_keeps_dates_as_given() -> None:
    data, _ = split_front_matter("---\ndate: 2026-11-16\n---\n", LABEL)
    assert str(data["date"]) == "2026-11-16"


@pytest.mark.parametrize("text", ["no front matter\n", "title: x\n---\nbody", "\n---\ntitle: x\n---\nbody", ""])
def test_no_front_matter(text: str) -> None:
    with pytest.raises(DataError) as info:
        split_front_matter(text, LABEL)
    assert str(info.value) == f"{LABEL}: (front matter): a post needs YAML front matter between '---' lines"


def test_malformed_front_matter_names_the_file_line() -> None:
    # Line 1 is '---', so the bad third key is on line 4 of the file.
    text = "---\ntitle: x\ndescription: y\nslug: a: b\n---\nbody"
    with pytest.raises(DataError) as info:
        split_front_matter(text, LABEL)
    assert str(info.value) == f"{LABEL}: front matter line 4: malformed YAML: mapping values are not allowed here"


def test_front_matter_constructor_error_names_the_line() -> None:
    with pytest.raises(DataError) as info:
        split_front_matter("---\ntitle: !!python/name:os.system x\n---\nbody", LABEL)
    assert str(info.value).startswith(f"{LABEL}: front matter line 2: malformed YAML: ")


def test_front_matter_yaml_error_without_a_mark() -> None:
    # PyYAML's ReaderError (a control character) carries no line mark.
    with pytest.raises(DataError) as info:
        split_front_matter("---\ntitle: bell\x07\n---\nbody", LABEL)
    assert str(info.value).startswith(f"{LABEL}: front matter line 2: malformed YAML: unacceptable character #x0007")


@pytest.mark.parametrize("front", ["- a\n- b\n", "just text\n", "42\n"])
def test_front_matter_not_a_mapping(front: str) -> None:
    with pytest.raises(DataError) as info:
        split_front_matter(f"---\n{front}---\nbody", LABEL)
    assert str(info.value) == f"{LABEL}: (front matter): front matter must be a mapping of keys to values"


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert split_front_matter("---\n\n---\nbody", LABEL) == ({}, "body")


def test_front_matter_with_crlf_line_endings() -> None:
    data, body = split_front_matter("---\r\ntitle: x\r\n---\r\nbody\r\n", LABEL)
    assert data == {"title": "x"}
    assert body.strip() == "body"


# --- parse_post ---------------------------------------------------------------------------------------------


def test_valid_post() -> None:
    post = parse(post_text())
    assert post.src_uri == "blog/posts/hello.md"
    assert post.label == LABEL
    assert post.meta.title == "Hello"
    assert post.meta.created == dt.datetime(2026, 11, 16)
    assert post.meta.updated is None
    assert post.meta.authors == ["saad-laouadi"]
    assert post.meta.categories == ["Practical Guides"]
    assert post.meta.draft is False and post.meta.pin is False
    assert post.readtime is None
    assert post.excerpt_markdown == "The excerpt, with *emphasis*."
    assert EXCERPT_SEPARATOR in post.body


def test_valid_post_with_created_and_updated() -> None:
    front = FRONT.replace("date: 2026-11-16", "date:\n  created: 2026-11-16\n  updated: 2026-11-20T10:30:00")
    post = parse(post_text(front))
    assert post.meta.created == dt.datetime(2026, 11, 16)
    assert post.meta.updated == dt.datetime(2026, 11, 20, 10, 30)


def test_post_dates_accept_date_and_datetime_objects() -> None:
    from polyglot.posts import PostDates

    aware = dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    dates = PostDates(created=dt.date(2026, 11, 16), updated=aware)
    assert dates.created == dt.datetime(2026, 11, 16)
    assert dates.updated == dt.datetime(2026, 11, 16, 8, 0)


def test_timezone_is_dropped() -> None:
    post = parse(post_text(FRONT.replace("2026-11-16", "2026-11-16T08:00:00+02:00")))
    assert post.meta.created == dt.datetime(2026, 11, 16, 8, 0)


def test_material_keys_are_allowed() -> None:
    extra = "pin: true\ndraft: true\nslug: hi\nreadtime: 4\ntags: [a, b]\nhide: [toc]\ncomments: false\n"
    post = parse(post_text(FRONT + extra + "render_macros: true\nsearch: {exclude: true}\nlinks: [about.md]\n"))
    assert post.meta.pin and post.meta.draft
    assert post.meta.slug == "hi" and post.meta.readtime == 4
    assert post.meta.tags == ["a", "b"] and post.meta.hide == ["toc"]


def test_unknown_author() -> None:
    message = parse_error(post_text(FRONT.replace("[saad-laouadi]", "[saad-laouadi, ada]")))
    assert message == f"{LABEL}: authors[1]: unknown author 'ada' (known: saad-laouadi, ibrahim-lahlou)"


def test_unknown_author_first() -> None:
    message = parse_error(post_text(FRONT.replace("[saad-laouadi]", "[ada]")))
    assert message.startswith(f"{LABEL}: authors[0]: unknown author 'ada'")


def test_unknown_category() -> None:
    message = parse_error(post_text(FRONT.replace("[Practical Guides]", "[Cooking]")))
    assert message == (
        f"{LABEL}: categories[0]: unknown category 'Cooking' (allowed: Production ML Systems, Practical Guides)"
    )


@pytest.mark.parametrize("date", ["2026-13-45", "next tuesday", "16/11/2026", "42", "[2026]"])
def test_bad_date(date: str) -> None:
    message = parse_error(post_text(FRONT.replace("2026-11-16", date)))
    assert message.startswith(f"{LABEL}: date: not a date: ")


def test_bad_created_date() -> None:
    message = parse_error(post_text(FRONT.replace("date: 2026-11-16", "date: {created: 2026-02-30}")))
    assert message.startswith(f"{LABEL}: date.created: not a date")


def test_unknown_key_in_date() -> None:
    message = parse_error(post_text(FRONT.replace("date: 2026-11-16", "date: {created: 2026-11-16, when: now}")))
    assert message == f"{LABEL}: date.when: unknown key"


def test_missing_title() -> None:
    message = parse_error(post_text(FRONT.replace("title: Hello\n", "")))
    assert message == f"{LABEL}: title: missing required field"


def test_blank_description() -> None:
    message = parse_error(post_text(FRONT.replace("description: A first post.", 'description: " "')))
    assert message == f"{LABEL}: description: must not be empty"


@pytest.mark.parametrize(("key", "value"), [("draft", "'yes'"), ("draft", "1"), ("pin", "maybe")])
def test_non_bool_flags(key: str, value: str) -> None:
    message = parse_error(post_text(FRONT + f"{key}: {value}\n"))
    assert message == f"{LABEL}: {key}: must be true or false"


@pytest.mark.parametrize("key", ["categories", "authors"])
def test_list_given_as_string(key: str) -> None:
    front = FRONT.replace("authors: [saad-laouadi]", "authors: saad-laouadi").replace(
        "categories: [Practical Guides]", "categories: Practical Guides"
    )
    with pytest.raises(DataError) as info:
        parse(post_text(front))
    assert f"{LABEL}: {key}: must be a list, e.g. [name]" in str(info.value).splitlines()


def test_empty_categories() -> None:
    message = parse_error(post_text(FRONT.replace("[Practical Guides]", "[]")))
    assert message.startswith(f"{LABEL}: categories: ")


def test_unknown_front_matter_key() -> None:
    message = parse_error(post_text(FRONT + "categorie: [Practical Guides]\n"))
    assert message == f"{LABEL}: categorie: unknown key"


def test_missing_excerpt_separator() -> None:
    message = parse_error(post_text(body="\nNo separator here.\n"))
    assert message == f"{LABEL}: (body): missing the excerpt separator '<!-- more -->'"


def test_front_matter_errors_come_before_validation() -> None:
    message = parse_error("no front matter at all")
    assert message.startswith(f"{LABEL}: (front matter): ")


def test_real_posts_parse() -> None:
    from polyglot.loader import load_site_data

    data = load_site_data(REPO / "data", REPO / "docs")
    posts_dir = REPO / "docs" / "blog" / "posts"
    paths = sorted(posts_dir.glob("*.md"))
    for path in paths:
        post = parse_post(
            path.read_text(encoding="utf-8-sig"),
            path.relative_to(REPO / "docs").as_posix(),
            path.relative_to(REPO).as_posix(),
            authors=data.people,
            categories=data.category_names,
        )
        assert post.excerpt_markdown, f"{path} has an empty excerpt"
    assert all(p.suffix == ".md" for p in paths)


# --- latest -------------------------------------------------------------------------------------------------


def titles(posts: list[Post]) -> list[str]:
    return [p.meta.title for p in posts]


@pytest.fixture
def posts() -> list[Post]:
    return [
        make_post("old", dt.datetime(2026, 1, 1)),
        make_post("new", dt.datetime(2026, 3, 1)),
        make_post("pinned-old", dt.datetime(2025, 1, 1), pin=True),
        make_post("draft-newest", dt.datetime(2026, 12, 1), draft=True),
        make_post("middle", dt.datetime(2026, 2, 1, 12, 0)),
    ]


def test_latest_pinned_first_then_newest(posts: list[Post]) -> None:
    assert titles(latest(posts, 10)) == ["pinned-old", "new", "middle", "old"]


def test_latest_limit(posts: list[Post]) -> None:
    assert titles(latest(posts, 2)) == ["pinned-old", "new"]
    assert latest(posts, 0) == []
    assert latest(posts, -3) == []


def test_latest_includes_drafts_on_request(posts: list[Post]) -> None:
    assert titles(latest(posts, 10, include_drafts=True)) == ["pinned-old", "draft-newest", "new", "middle", "old"]


def test_latest_of_nothing() -> None:
    assert latest([], 5) == []


def test_latest_does_not_mutate_input(posts: list[Post]) -> None:
    before = titles(posts)
    latest(posts, 3)
    assert titles(posts) == before


def test_is_published(posts: list[Post]) -> None:
    draft = posts[3]
    assert not is_published(draft, include_drafts=False)
    assert is_published(draft, include_drafts=True)
    assert is_published(posts[0], include_drafts=False)


# --- reading time and text ----------------------------------------------------------------------------------

WORDS = " ".join(["word"] * 700)
READTIME_SAMPLES = [
    "",
    "<p>Hello world</p>",
    f"<p>{WORDS}</p>",
    f"<h1>Title</h1><p>{WORDS}</p><p>{WORDS}</p>",
    f"<p>{WORDS}</p><img src='a.png'><img src='b.png' alt='x'/>",
    "<p>short</p>" + "<img src='x.png'>" * 25,
    f"<p>{WORDS}</p><script>var a = '{WORDS}';</script><style>p {{ color: red }}</style>",
    f"<svg><text>{WORDS}</text></svg><p>after the svg</p>",
    "<p>caf&eacute; &amp; d&#233;j&agrave; vu</p><br><hr><p>more</p>",
    f"<ul><li>one</li><li>two</li></ul><pre><code>{WORDS}</code></pre>",
    "<div><p>unclosed <em>tags <img src=a>" + WORDS,
]


@pytest.mark.parametrize("html", READTIME_SAMPLES)
def test_readtime_matches_material(html: str) -> None:
    assert readtime(html) == material_readtime(html, 265)


@pytest.mark.parametrize("wpm", [100, 200, 400])
def test_readtime_words_per_minute(wpm: int) -> None:
    html = f"<p>{WORDS}</p><img src=a>"
    assert readtime(html, wpm) == material_readtime(html, wpm)


def test_readtime_images_add_time() -> None:
    text = "<p>one two three</p>"
    assert readtime(text) == 1
    assert readtime(text + "<img src=a>" * 10) == 2  # 1 s + 12+11+...+3 s = 76 s


def test_readtime_param_inside_object_matches_material() -> None:
    html = f"<object data='x.swf'><param name='q' value='1'></object><p>{WORDS}</p>"
    assert readtime(html) == material_readtime(html, 265)
    assert html_to_text(html).startswith("word word")


HTML_ALPHABET = st.sampled_from(
    ["<p>", "</p>", "<img src=a>", "<br>", "<script>", "</script>", "<svg>", "</svg>", "<em>", "</em>", "&amp;"]
)


@given(st.lists(HTML_ALPHABET | st.text(max_size=40), max_size=30).map("".join))
def test_readtime_matches_material_property(html: str) -> None:
    assert readtime(html) == material_readtime(html, 265)


def test_html_to_text() -> None:
    html = "<h2>Title</h2>\n<p>Some   <em>text</em> &amp; more</p><script>alert(1)</script><style>x{}</style>"
    assert html_to_text(html) == "Title Some text & more"


def test_html_to_text_skips_svg_and_object_but_not_after() -> None:
    assert html_to_text("<p>a</p>\n<svg><title>icon</title></svg>\n<p>b</p>") == "a b"
    assert html_to_text("<object>hidden</object><p>shown</p>") == "shown"


def test_html_to_text_void_elements_do_not_swallow_text() -> None:
    assert html_to_text("<p>a<br>b<img src=x>c</p>") == "abc"


def test_html_to_text_empty() -> None:
    assert html_to_text("") == ""


# --- card_context -------------------------------------------------------------------------------------------


def test_card_context() -> None:
    post = parse(post_text(FRONT + "draft: true\n"))
    post.rendered(markdown.markdown("# Hello\n\n" + post.body) + "<p>" + "word " * 600 + "</p>")
    card = card_context(post)
    assert card == {
        "title": "Hello",
        "date": dt.datetime(2026, 11, 16),
        "readtime": 3,
        "excerpt": "The excerpt, with emphasis.",
        "categories": ["Practical Guides"],
        "draft": True,
    }


def test_rendered_prefers_front_matter_readtime() -> None:
    post = parse(post_text(FRONT + "readtime: 12\n"))
    post.rendered("<p>short</p>")
    assert post.readtime == 12


def test_rendered_excerpt_stops_at_the_separator_and_drops_the_title() -> None:
    post = parse(post_text(FRONT))
    post.rendered("<h1>Hello</h1>\n<p>Before <em>this</em>.</p>\n<!-- more -->\n<p>After.</p>")
    assert post.excerpt == "Before this."
