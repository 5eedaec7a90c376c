"""Bad input, tried systematically: every case builds escaped or fails naming file and field.

Each case breaks its own copy of the project and runs a real strict build (two at a
time, in a module fixture); the tests then read the outcomes. Whatever the input, the
output never contains a Python traceback, and a failed build names what to fix.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.built.helpers import html_pages
from tests.built.test_bad_input import write_post
from tests.conftest import BuildResult, copy_project, run_build

POSTS = "docs/blog/posts"
PAYLOAD = '</title><script>alert("xss")</script><img src=x onerror=alert(2)> "q" & <b>bold</b>'
QUOTED = json.dumps(PAYLOAD)  # a JSON string is a valid YAML scalar


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], None]
    expect: tuple[str, ...] = ()  # a failing build's output contains each line
    check: Callable[[Path], None] | None = None  # a successful build's site passes this check
    env: dict[str, str] = field(default_factory=dict)

    @property
    def fails(self) -> bool:
        return self.check is None


# --- editing helpers -----------------------------------------------------------------


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return mutate


def append(rel: str, text: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    return mutate


def write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")

    return mutate


def yaml_edit(rel: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

    return mutate


def post(name: str = "fixture.md", **fields: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        write_post(project, name=name, **fields)

    return mutate


def append_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        path.write_bytes(path.read_bytes() + data)

    return mutate


def raw_post(front: str, name: str = "fixture.md", body: str = "Body.") -> Callable[[Path], None]:
    return write(f"{POSTS}/{name}", f"---\n{front}---\n\nAn excerpt.\n\n<!-- more -->\n\n{body}\n")


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        for m in mutations:
            m(project)

    return mutate


def set_in(*path: str | int, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


PROJECT = {
    "title": "Drift monitor",
    "author": "ibrahim-lahlou",
    "problem": "Silent model decay.",
    "impact": [{"metric": "Detection delay", "before": "weeks", "after": "hours"}],
}


# --- checks for builds that succeed ----------------------------------------------------


def no_injected_markup(site: Path) -> None:
    """No script, event handler or tag from the payload became markup; its text is shown."""
    shown = False
    for page in html_pages(site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/ld+json":
                # Data, not code: the payload may appear, but only JSON-escaped (no raw "<").
                assert "<" not in body and json.loads(body), page
            else:
                assert "xss" not in body, page
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (page, element.name)
        assert not soup.find("b", string="bold"), page
        shown = shown or PAYLOAD in soup.get_text()
    assert shown, "the payload text appears nowhere"


def draft_absent(site: Path) -> None:
    assert not list(site.rglob("future-draft"))


def post_at(url: str) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        assert (site / url / "index.html").is_file()

    return check


# --- the cases -------------------------------------------------------------------------

MISSING = "missing required field"

CASES = [
    # Malformed YAML in every data file and in front matter
    Case("yaml-site", append("data/site.yml", "\nextra: [unclosed\n"), ("data/site.yml: line", "malformed YAML")),
    Case("yaml-people", append("data/people.yml", "\n  bad: [unclosed\n"), ("data/people.yml: line", "malformed YAML")),
    Case(
        "yaml-projects",
        write("data/projects.yml", "projects:\n  - title: [unclosed\n"),
        ("data/projects.yml: line", "malformed YAML"),
    ),
    Case(
        "yaml-post",
        post(title="[unclosed"),
        (f"{POSTS}/fixture.md: front matter line 3: malformed YAML",),
    ),
    Case(
        "yaml-page",
        edit("docs/philosophy.md", "title: Development Philosophy", "title: [Development Philosophy"),
        ("docs/philosophy.md: front matter line 3: malformed YAML",),
    ),
    # Every required field missing, per model (one build reports every field of the file)
    Case(
        "missing-site",
        write("data/site.yml", "{}\n"),
        tuple(
            f"data/site.yml: {f}: {MISSING}"
            for f in ("name", "tagline", "description", "owner", "categories", "stack_icons")
        ),
    ),
    Case(
        "missing-person",
        yaml_edit("data/people.yml", set_in("ibrahim-lahlou", value={})),
        tuple(
            f"data/people.yml: ibrahim-lahlou.{f}: {MISSING}"
            for f in ("name", "role", "bio", "avatar", "profile", "contacts")
        ),
    ),
    Case(
        "missing-category",
        yaml_edit("data/site.yml", set_in("categories", 0, value={})),
        tuple(f"data/site.yml: categories[0].{f}: {MISSING}" for f in ("name", "icon", "description")),
    ),
    Case(
        "missing-contact",
        yaml_edit("data/people.yml", set_in("ibrahim-lahlou", "contacts", 0, value={})),
        tuple(f"data/people.yml: ibrahim-lahlou.contacts[0].{f}: {MISSING}" for f in ("kind", "label")),
    ),
    Case(
        "missing-project",
        write("data/projects.yml", "projects:\n  - {}\n"),
        tuple(f"data/projects.yml: projects[0].{f}: {MISSING}" for f in ("title", "author", "problem", "impact")),
    ),
    Case(
        "missing-impact",
        yaml_edit("data/projects.yml", set_in("projects", value=[{**PROJECT, "impact": [{}]}])),
        tuple(f"data/projects.yml: projects[0].impact[0].{f}: {MISSING}" for f in ("metric", "before", "after")),
    ),
    Case(
        "missing-post",
        raw_post("draft: false\n"),
        tuple(f"{POSTS}/fixture.md: {f}: {MISSING}" for f in ("title", "description", "date", "authors", "categories")),
    ),
    # Wrong types
    Case(
        "type-site-categories",
        yaml_edit("data/site.yml", set_in("categories", value="Practical Guides")),
        ("data/site.yml: categories: Input should be a valid list",),
    ),
    Case(
        "type-person-stack",
        yaml_edit("data/people.yml", set_in("ibrahim-lahlou", "stack", value="python")),
        ("data/people.yml: ibrahim-lahlou.stack: Input should be a valid dictionary",),
    ),
    Case(
        "type-project-impact",
        yaml_edit("data/projects.yml", set_in("projects", value=[{**PROJECT, "impact": 5}])),
        ("data/projects.yml: projects[0].impact: Input should be a valid list",),
    ),
    Case("type-post-title", post(title="42"), (f"{POSTS}/fixture.md: title: Input should be a valid string",)),
    Case(
        "type-post-authors",
        raw_post(
            "title: T\ndescription: D\ndate: 2026-01-02\nauthors: ibrahim-lahlou\ncategories: [Practical Guides]\n"
        ),
        (f"{POSTS}/fixture.md: authors: must be a list",),
    ),
    Case("type-post-draft", post(extra='draft: "yes"\n'), (f"{POSTS}/fixture.md: draft: must be true or false",)),
    # Unknown keys
    Case("unknown-site", append("data/site.yml", "\ncolour: red\n"), ("data/site.yml: colour: unknown key",)),
    Case(
        "unknown-person",
        yaml_edit("data/people.yml", set_in("ibrahim-lahlou", "nickname", value="Ibra")),
        ("data/people.yml: ibrahim-lahlou.nickname: unknown key",),
    ),
    Case(
        "unknown-project",
        yaml_edit("data/projects.yml", set_in("projects", value=[{**PROJECT, "url": "https://x.org"}])),
        ("data/projects.yml: projects[0].url: unknown key",),
    ),
    Case("unknown-post", post(extra="titel: Typo\n"), (f"{POSTS}/fixture.md: titel: unknown key",)),
    # Dates: in the future, invalid, or in another format
    Case(
        "date-future",
        post(date="2999-01-01"),
        (f"{POSTS}/fixture.md: date: 2999-01-01 is in the future",),
    ),
    Case(
        "date-future-updated",
        post(date="{created: 2026-01-02, updated: 2999-01-01}"),
        (f"{POSTS}/fixture.md: date.updated: 2999-01-01 is in the future",),
    ),
    Case("date-future-draft", post(date="2999-01-01", extra="draft: true\nslug: future-draft\n"), check=draft_absent),
    *(
        Case(f"date-invalid-{i}", post(date=date), (f"{POSTS}/fixture.md: date", "not a date"))
        for i, date in enumerate(["2026-13-45", "2026-02-30", "yesterday", "16/11/2026", "Nov 16, 2026"])
    ),
    Case(
        "date-iso-datetime-builds",
        post(date="2026-01-02T10:30:00+02:00", extra="slug: with-time\n"),
        check=post_at("blog/2026/01/02/with-time"),
    ),
    # Two posts resolving to the same URL
    Case(
        "duplicate-slug",
        both(post("a.md", extra="slug: same\n"), post("b.md", extra="slug: same\n")),
        (f"{POSTS}/a.md: slug: same URL 'blog/2026/01/02/same/' as {POSTS}/b.md",),
    ),
    Case(
        "duplicate-title",
        both(post("a.md", title="Same title"), post("b.md", title="Same title")),
        (f"{POSTS}/a.md: slug: same URL 'blog/2026/01/02/same-title/' as {POSTS}/b.md",),
    ),
    # A post in no category
    Case(
        "no-category",
        raw_post("title: T\ndescription: D\ndate: 2026-01-02\nauthors: [ibrahim-lahlou]\ncategories: []\n"),
        (f"{POSTS}/fixture.md: categories: List should have at least 1 item",),
    ),
    # Bytes that are not UTF-8
    Case(
        "bytes-post",
        both(post(), append_bytes(f"{POSTS}/fixture.md", b"caf\xe9\n")),
        (f"{POSTS}/fixture.md: (file): not UTF-8 text (byte",),
    ),
    Case(
        "bytes-page",
        write("docs/latin.md", "# Caf\xe9\n".encode("latin-1")),
        ("docs/latin.md: (file): not UTF-8 text (byte",),
    ),
    Case(
        "bytes-data",
        append_bytes("data/people.yml", b"\n# caf\xff\n"),
        ("data/people.yml: (file): not UTF-8 text (byte",),
    ),
    # A 10 MB post
    Case(
        "huge-post", post(name="huge.md", body="word " * 2_000_000), (f"{POSTS}/huge.md: (file): too large: 10.0 MB",)
    ),
    # HTML and JavaScript in titles, descriptions and data: built, shown as text
    Case(
        "html-in-front-matter",
        raw_post(
            f"title: {QUOTED}\ndescription: {QUOTED}\ndate: 2026-01-02\nauthors: [ibrahim-lahlou]\n"
            "categories: [Practical Guides]\nslug: payload\n"
        ),
        check=no_injected_markup,
    ),
    Case(
        "html-in-data",
        both(
            yaml_edit("data/people.yml", set_in("saad-laouadi", "name", value=PAYLOAD)),
            yaml_edit("data/people.yml", set_in("saad-laouadi", "role", value=PAYLOAD)),
            yaml_edit("data/site.yml", set_in("tagline", value=PAYLOAD)),
            yaml_edit("data/site.yml", set_in("name", value=PAYLOAD)),
            yaml_edit(
                "data/site.yml",
                lambda d: d["categories"].append({"name": PAYLOAD, "icon": "material/bug", "description": PAYLOAD}),
            ),
            yaml_edit(
                "data/projects.yml", set_in("projects", value=[{**PROJECT, "title": PAYLOAD, "stack": [PAYLOAD]}])
            ),
            post(category=QUOTED, extra="slug: data-payload\n"),
        ),
        check=no_injected_markup,
    ),
    Case(
        "url-with-quote",
        edit("data/people.yml", "https://github.com/dr-saad-la", 'https://github.com/dr-saad-la"onmouseover="x'),
        ("data/people.yml: saad-laouadi.contacts[2].url: not a URL: '\"' must be percent-encoded",),
    ),
    # Broken internal links and anchors (more cases in test_bad_input.py)
    Case("broken-link-in-post", post(body="[gone](../nowhere.md)"), ("fixture.md", "nowhere.md")),
    Case(
        "broken-anchor",
        write("docs/anchor.md", "# A\n\n[x](about.md#no-such-heading)\n"),
        ("anchor.md", "no-such-heading"),
    ),
    # Files Markdown may read stay inside docs/ and data/
    Case(
        "snippet-outside",
        write("docs/snip.md", '# Snip\n\n--8<-- "../mkdocs.yml"\n'),
        (
            "docs/snip.md: (snippet): Snippet at path '../mkdocs.yml' could not be found: "
            "snippets may only include existing files under docs/ or data/",
        ),
    ),
    Case(
        "snippet-absolute",
        write("docs/snip.md", '# Snip\n\n--8<-- "/etc/hostname"\n'),
        ("docs/snip.md: (snippet): Snippet at path '/etc/hostname' could not be found",),
    ),
    Case(
        "snippet-symlink-out",
        lambda project: (project / "docs" / "leak").symlink_to("/etc", target_is_directory=True),
        ("docs/: symbolic links leading out of the project: docs/leak",),
    ),
    # Inline code the Content-Security-Policy would block or must not bless
    Case(
        "inline-script-in-content",
        write("docs/evil.md", "# Evil\n\n<script>alert(1)</script>\n"),
        ("docs/evil.md: (built page): line", "inline <script> in the page content"),
    ),
    Case(
        "inline-handler-in-content",
        write("docs/evil.md", '# Evil\n\n<img src="x.png" onerror="alert(1)">\n'),
        ("docs/evil.md: (built page): line", "onerror=...> (inline event handler)"),
    ),
    Case(
        "mixed-content",
        write("docs/evil.md", '# Evil\n\n<img src="http://example.org/x.png" alt="x">\n'),
        ("docs/evil.md: (built page): line", "loads over plain http://"),
    ),
]

assert len({c.id for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Every case built once, two builds at a time (the machine has two cores)."""

    def build(case: Case) -> tuple[str, BuildResult]:
        project = copy_project(tmp_path_factory.mktemp(case.id) / "project")
        case.mutate(project)
        return case.id, run_build(project, project / "site", env=case.env)

    workers = max(1, min(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(build, CASES))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, outcomes: dict[str, BuildResult]) -> None:
    result = outcomes[case.id]
    assert "Traceback" not in result.log, result.log
    if case.fails:
        assert not result.ok, f"built although it should fail:\n{result.log}"
        for line in case.expect:
            assert line in result.log, f"{line!r} not in:\n{result.log}"
    else:
        assert result.ok, result.log
        assert case.check is not None
        case.check(result.site)
