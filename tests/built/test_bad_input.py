"""Bad input stops the build with a message naming the file and the field.

Each test breaks a copy of the project in a temp dir; the real docs stay untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import site_hooks
from tests.conftest import run_build

POST = """---
title: {title}
description: A fixture post.
date: {date}
authors: [{author}]
categories: [{category}]
{extra}---

An excerpt.

<!-- more -->

{body}
"""


def write_post(project: Path, name: str = "fixture.md", **fields: str) -> Path:
    values = {
        "title": "Fixture",
        "date": "2026-01-02",
        "author": "ibrahim-lahlou",
        "category": "Practical Guides",
        "extra": "",
        "body": "Body.",
    }
    values.update(fields)
    path = project / "docs" / "blog" / "posts" / name
    path.write_text(POST.format(**values), "utf-8")
    return path


def build(project: Path) -> tuple[bool, str]:
    result = run_build(project, project / "site")
    return result.ok, result.log


def test_fixture_copy_builds(fixture_project: Path) -> None:
    write_post(fixture_project)
    ok, log = build(fixture_project)
    assert ok, log


def test_unknown_category_fails_naming_file_and_field(fixture_project: Path) -> None:
    write_post(fixture_project, category="Cooking")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/fixture.md: categories[0]: unknown category 'Cooking'" in log


def test_unknown_author_fails_naming_file_and_field(fixture_project: Path) -> None:
    write_post(fixture_project, author="nobody")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/fixture.md: authors[0]: unknown author 'nobody'" in log


@pytest.mark.parametrize("date", ["2026-13-45", "yesterday", "16/11/2026"])
def test_bad_date_fails_naming_file_and_field(fixture_project: Path, date: str) -> None:
    write_post(fixture_project, date=date)
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/fixture.md: date" in log
    assert "not a date" in log


def test_missing_excerpt_separator_fails(fixture_project: Path) -> None:
    path = write_post(fixture_project)
    path.write_text(path.read_text("utf-8").replace("<!-- more -->", ""), "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert "docs/blog/posts/fixture.md: (body): missing the excerpt separator" in log


def test_broken_link_fails_naming_the_page(fixture_project: Path) -> None:
    (fixture_project / "docs" / "broken.md").write_text("# Broken\n\n[gone](nowhere.md)\n", "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert "broken.md" in log and "nowhere.md" in log


def test_broken_anchor_fails_naming_the_page(fixture_project: Path) -> None:
    (fixture_project / "docs" / "anchor.md").write_text("# Anchor\n\n[x](philosophy.md#no-such-heading)\n", "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert "anchor.md" in log and "no-such-heading" in log


def test_malformed_data_file_fails_naming_file_and_line(fixture_project: Path) -> None:
    people = fixture_project / "data" / "people.yml"
    people.write_text(people.read_text("utf-8") + "\n  bad: [unclosed\n", "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert "data/people.yml: line" in log and "malformed YAML" in log


def test_invalid_contact_url_fails_naming_the_field_path(fixture_project: Path) -> None:
    people = fixture_project / "data" / "people.yml"
    people.write_text(people.read_text("utf-8").replace("https://twitter.com/ILoDo01", "twitter dot com"), "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert "data/people.yml: ibrahim-lahlou.contacts[1].url: not a URL" in log


def test_undefined_macro_name_fails(fixture_project: Path) -> None:
    (fixture_project / "docs" / "macro.md").write_text(
        "---\nrender_macros: true\n---\n# Macro\n\n{{ no_such_thing }}\n", "utf-8"
    )
    ok, log = build(fixture_project)
    assert not ok
    assert "no_such_thing" in log


def test_macro_error_fails_and_publishes_nothing(fixture_project: Path) -> None:
    (fixture_project / "docs" / "macro.md").write_text(
        '---\nrender_macros: true\n---\n# Macro\n\n{{ stack("nobody") }}\n', "utf-8"
    )
    ok, log = build(fixture_project)
    assert not ok
    assert "nobody" in log
    assert not (fixture_project / "site" / "macro" / "index.html").exists()


def test_draft_is_absent_from_the_built_site(fixture_project: Path) -> None:
    write_post(fixture_project, name="secret.md", title="Secret draft", extra="draft: true\nslug: secret-draft\n")
    ok, log = build(fixture_project)
    assert ok, log
    site = fixture_project / "site"
    assert not list(site.rglob("secret-draft"))
    for path in site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json"}:
            assert "Secret draft" not in path.read_text("utf-8"), path


def test_jinja_syntax_in_code_on_a_macro_page_renders_literally(fixture_project: Path) -> None:
    workflow = "run: echo ${{ github.sha }}\n{% if x %}helm {{ .Values.image }}{% endif %}\n{# prompt #}"
    (fixture_project / "docs" / "literal.md").write_text(
        "---\nrender_macros: true\n---\n# Literal\n\n"
        f"```yaml\n{workflow}\n```\n\nInline `{{{{ user }}}}` and {{{{ person('ibrahim-lahlou').name }}}}.\n",
        "utf-8",
    )
    ok, log = build(fixture_project)
    assert ok, log
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((fixture_project / "site" / "literal" / "index.html").read_text("utf-8"), "html.parser")
    code = soup.select_one("article .highlight code").get_text()
    assert code.strip() == workflow
    assert "{{ user }}" in soup.select_one("article").get_text()
    assert "Ibrahim Lahlou." in soup.select_one("article").get_text()


def test_a_start_script_that_cannot_be_inlined_fails_naming_file_and_line(fixture_project: Path) -> None:
    script = fixture_project / "overrides" / site_hooks.START_SCRIPT
    lines = script.read_text("utf-8").count("\n")
    script.write_text(script.read_text("utf-8") + "// </script><script>alert(1)\n", "utf-8")
    ok, log = build(fixture_project)
    assert not ok
    assert f"overrides/{site_hooks.START_SCRIPT}: line {lines + 1}: '</script' cannot appear in a script inlined" in log
    assert not (fixture_project / "site" / "index.html").exists()
