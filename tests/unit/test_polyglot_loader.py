"""``polyglot.loader``, ``polyglot.models`` and ``polyglot.errors``: every bad input names its file and field."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from polyglot.errors import DataError, format_location
from polyglot.loader import SiteData, load_site_data, read_yaml
from polyglot.models import Category, Contact, Person, Project, Site

REPO = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seeds/001_1f021f2b55f547af.txt")

# Inline copy of the `stack` dictionary on Ibrahim's about page (used when the seed is absent).
IBRAHIM_STACK = {
    "serving": ["FastAPI", "BentoML", "Yatai", "Ray Serve"],
    "orchestration": ["Prefect", "Airflow"],
    "tracking": ["MLflow", "DVC"],
    "monitoring": ["Evidently AI", "Prometheus", "Grafana"],
    "infrastructure": ["GCP", "Docker", "Kubernetes"],
    "data_storage": ["MinIO", "MongoDB", "PostgreSQL", "Redis", "MySQL"],
    "automation": ["CI/CD", "GitHub Actions", "Selenium"],
    "fundamentals": ["Adaptive batching", "Drift detection", "System design"],
}


def seed_stack_block() -> str | None:
    """The seed's ```python block (the `stack = {...}` source), or None without the seed."""
    if not SEED.is_file():
        return None
    match = re.search(r"```python\n(.*?)\n```", SEED.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{SEED} has no ```python block"
    return match.group(1)


def seed_stack() -> dict[str, list[str]]:
    block = seed_stack_block()
    if block is None:
        return IBRAHIM_STACK
    name, _, literal = block.partition("=")
    assert name.strip() == "stack"
    return ast.literal_eval(literal.strip())


def load(paths: tuple[Path, Path]) -> SiteData:
    return load_site_data(*paths)


def load_error(write_data, tmp_path: Path, **files: Any) -> DataError:
    """Write the data files (baseline unless overridden) and return the DataError raised by loading them."""
    with pytest.raises(DataError) as info:
        load(write_data(tmp_path, **files))
    return info.value


def single_line(error: DataError) -> str:
    message = str(error)
    assert "\n" not in message, f"expected one problem, got:\n{message}"
    return message


# --- errors -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), "(top level)"),
        (("owner",), "owner"),
        (("ibrahim-lahlou", "contacts", 1, "url"), "ibrahim-lahlou.contacts[1].url"),
        (("projects", 0, "impact", 2, "metric"), "projects[0].impact[2].metric"),
        ((0,), "[0]"),
        ((0, "a"), "[0].a"),
    ],
)
def test_format_location(loc: tuple[str | int, ...], expected: str) -> None:
    assert format_location(loc) == expected


def test_data_error_one_line_per_problem() -> None:
    error = DataError("data/x.yml", [("a", "bad"), ("b[0]", "worse")])
    assert str(error) == "data/x.yml: a: bad\ndata/x.yml: b[0]: worse"
    assert error.file == "data/x.yml"
    assert error.problems == [("a", "bad"), ("b[0]", "worse")]


def test_data_error_single() -> None:
    error = DataError.single("data/x.yml", "owner", "unknown")
    assert str(error) == "data/x.yml: owner: unknown"
    assert error.problems == [("owner", "unknown")]


# --- the real data folder -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_data() -> SiteData:
    return load_site_data(REPO / "data", REPO / "docs")


def test_real_data_loads(real_data: SiteData) -> None:
    assert real_data.people, "data/people.yml defines nobody"
    assert real_data.site.owner in real_data.people
    assert real_data.owner is real_data.people[real_data.site.owner]
    assert real_data.category_names == [c.name for c in real_data.site.categories]
    assert "default" in real_data.site.stack_icons
    for project in real_data.projects:
        assert project.author in real_data.people


def test_real_ibrahim_stack_is_exactly_the_seed(real_data: SiteData) -> None:
    expected = seed_stack()
    stack = real_data.people["ibrahim-lahlou"].stack
    assert list(stack) == list(expected), "keys or their order differ"
    for key, items in expected.items():
        assert list(stack[key]) == items, f"items of {key!r} differ"
    assert stack == expected


def test_inline_stack_copy_matches_seed() -> None:
    block = seed_stack_block()
    if block is None:
        pytest.skip(f"{SEED} is not available")
    assert seed_stack() == IBRAHIM_STACK
    assert list(seed_stack()) == list(IBRAHIM_STACK)


# --- baseline -----------------------------------------------------------------------------------------------


def test_baseline_loads(write_data, tmp_path: Path, baseline: dict[str, Any]) -> None:
    data = load(write_data(tmp_path))
    assert list(data.people) == list(baseline["people"])
    assert data.site.owner == "saad-laouadi"
    assert data.owner.name == "Saad Laouadi"
    assert data.projects == []
    assert data.category_names == ["Production ML Systems", "Practical Guides"]
    assert list(data.people["ibrahim-lahlou"].stack) == ["serving", "data_storage"]


def test_baseline_with_project_loads(write_data, tmp_path: Path, baseline, project) -> None:
    data = load(write_data(tmp_path, projects={"projects": [project]}))
    assert len(data.projects) == 1
    assert data.projects[0].title == project["title"]
    assert data.projects[0].impact[0].after == "480 ms"


def test_labels_are_relative_to_label_root(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["owner"] = "nobody"
    data_dir, docs_dir = write_data(tmp_path, site=baseline["site"])
    with pytest.raises(DataError) as info:
        load_site_data(data_dir, docs_dir, label_root=tmp_path.parent)
    assert str(info.value).startswith(f"{tmp_path.name}/data/site.yml: owner: ")


def test_labels_fall_back_to_absolute_paths(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["owner"] = "nobody"
    data_dir, docs_dir = write_data(tmp_path / "project", site=baseline["site"])
    unrelated = tmp_path / "elsewhere"
    with pytest.raises(DataError) as info:
        load_site_data(data_dir, docs_dir, label_root=unrelated)
    assert str(info.value).startswith(f"{(data_dir / 'site.yml').as_posix()}: owner: ")


# --- file-level errors --------------------------------------------------------------------------------------


def test_malformed_yaml_names_file_and_line(write_data, tmp_path: Path) -> None:
    text = "name: The Polyglot Engineer\ntagline: [unclosed\nowner: saad-laouadi\n"
    message = single_line(load_error(write_data, tmp_path, site=text))
    assert message.startswith("data/site.yml: line ")
    assert "malformed YAML" in message


def test_malformed_yaml_reports_the_right_line(tmp_path: Path) -> None:
    path = tmp_path / "people.yml"
    path.write_text("a: 1\nb: 2\nc: d: e\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_yaml(path, "data/people.yml")
    assert str(info.value) == "data/people.yml: line 3: malformed YAML: mapping values are not allowed here"


def test_yaml_constructor_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "site.yml"
    path.write_text("a: 1\nb: !!python/name:os.system x\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_yaml(path, "data/site.yml")
    assert str(info.value).startswith("data/site.yml: line 2: malformed YAML: could not determine a constructor")


def test_yaml_reader_error_is_one_line_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "site.yml"
    path.write_text("a: 1\nb: bell\x07\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_yaml(path, "data/site.yml")
    assert single_line(info.value).startswith("data/site.yml: line 2: malformed YAML: ")


def test_non_utf8_names_file_and_byte(write_data, tmp_path: Path) -> None:
    message = single_line(load_error(write_data, tmp_path, people=b"saad: \xff\xfe\n"))
    assert message == "data/people.yml: (file): not UTF-8 text (byte 6)"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes("\ufeffname: Zoë\n".encode())
    assert read_yaml(path, "data/x.yml") == {"name": "Zoë"}


@pytest.mark.parametrize("name", ["site", "people", "projects"])
def test_missing_file_names_it(write_data, tmp_path: Path, missing: object, name: str) -> None:
    message = single_line(load_error(write_data, tmp_path, **{name: missing}))
    assert message == f"data/{name}.yml: (file): file not found"


def test_date_like_values_stay_text_instead_of_crashing(tmp_path: Path) -> None:
    # PyYAML would build a date from "2026-13-45" and crash; dates stay text in data files.
    path = tmp_path / "site.yml"
    path.write_text("name: 2026-13-45\n", encoding="utf-8")
    assert read_yaml(path, "data/site.yml") == {"name": "2026-13-45"}


# --- validation errors: site.yml ----------------------------------------------------------------------------


def test_unknown_key(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["colour"] = "red"
    assert single_line(load_error(write_data, tmp_path, site=baseline["site"])) == "data/site.yml: colour: unknown key"


def test_unknown_key_nested(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["ibrahim-lahlou"]["contacts"][0]["handle"] = "x"
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: ibrahim-lahlou.contacts[0].handle: unknown key"


def test_missing_required_field(write_data, tmp_path: Path, baseline) -> None:
    del baseline["people"]["ibrahim-lahlou"]["role"]
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: ibrahim-lahlou.role: missing required field"


def test_missing_required_field_in_site(write_data, tmp_path: Path, baseline) -> None:
    del baseline["site"]["tagline"]
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message == "data/site.yml: tagline: missing required field"


def test_int_where_str_expected(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["name"] = 42
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: saad-laouadi.name: ")
    assert "valid string" in message


def test_bool_where_str_expected_is_not_coerced(write_data, tmp_path: Path) -> None:
    # YAML reads `yes` as a boolean: strict models must not turn it into "True".
    message = single_line(load_error(write_data, tmp_path, site=_site_yaml_with("tagline: yes")))
    assert message.startswith("data/site.yml: tagline: ")


def _site_yaml_with(line: str) -> str:
    return (
        "name: N\ntagline: T\ndescription: D\nowner: saad-laouadi\n"
        "categories:\n  - {name: C, icon: material/tools, description: D}\n"
        "stack_icons: {default: material/tools}\n"
    ).replace("tagline: T", line)


def test_str_where_list_expected(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["contacts"] = "https://github.com/saad"
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: saad-laouadi.contacts: ")
    assert "valid list" in message


def test_str_where_list_expected_in_stack(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["stack"] = {"languages": "Python"}
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: saad-laouadi.stack.languages: ")


def test_empty_contacts(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["contacts"] = []
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: saad-laouadi.contacts: ")


def test_blank_text(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["bio"] = "   "
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: saad-laouadi.bio: must not be empty"


@pytest.mark.parametrize("url", ["ftp://github.com/x", "github.com/IbLahlou", "https://", "https://exa mple.org", ""])
def test_malformed_url(write_data, tmp_path: Path, baseline, url: str) -> None:
    baseline["people"]["ibrahim-lahlou"]["contacts"][1]["url"] = url
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: ibrahim-lahlou.contacts[1].url: not a URL")


@pytest.mark.parametrize("address", ["nope", "a@b", "a b@c.org", "@example.org", "a@@example.org"])
def test_malformed_email(write_data, tmp_path: Path, baseline, address: str) -> None:
    baseline["people"]["ibrahim-lahlou"]["contacts"][2]["address"] = address
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: ibrahim-lahlou.contacts[2].address: not an email address"


def test_email_with_trailing_newline_is_rejected() -> None:
    with pytest.raises(ValueError, match="not an email address"):
        Contact(kind="email", label="Email", address="a@example.org\n")


def test_email_contact_with_url(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["contacts"][0]["url"] = "https://example.org"
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: saad-laouadi.contacts[0]: an email contact takes 'address', not 'url'"


def test_email_contact_without_address(write_data, tmp_path: Path, baseline) -> None:
    del baseline["people"]["saad-laouadi"]["contacts"][0]["address"]
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: saad-laouadi.contacts[0]: an email contact needs 'address'"


def test_non_email_contact_without_url(write_data, tmp_path: Path, baseline) -> None:
    del baseline["people"]["saad-laouadi"]["contacts"][1]["url"]
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: saad-laouadi.contacts[1]: a linkedin contact needs 'url'"


def test_non_email_contact_with_address(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["contacts"][2]["address"] = "saad@example.org"
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message == "data/people.yml: saad-laouadi.contacts[2]: a github contact takes 'url', not 'address'"


def test_unknown_contact_kind(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["contacts"][2]["kind"] = "myspace"
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: saad-laouadi.contacts[2].kind: ")


@pytest.mark.parametrize("icon", ["rocket", "material/Rocket", "fontawesome/rocket", "material/", "mdi/rocket"])
def test_bad_category_icon(write_data, tmp_path: Path, baseline, icon: str) -> None:
    baseline["site"]["categories"][1]["icon"] = icon
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: categories[1].icon: not an icon name")


def test_bad_stack_icon(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["stack_icons"]["serving"] = "server"
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: stack_icons.serving: not an icon name")


@pytest.mark.parametrize(
    "icon", ["material/rocket", "fontawesome/brands/github", "fontawesome/solid/a-b", "octicons/x-16", "simple/pypi"]
)
def test_good_icons(icon: str) -> None:
    assert Category(name="C", icon=icon, description="D").icon == icon


def test_icon_with_trailing_newline_is_rejected() -> None:
    # `icon: |` in YAML yields "material/rocket\n": it passes validation, then the
    # partial fails with TemplateNotFound(".icons/material/rocket\n.svg") naming no data file.
    with pytest.raises(ValueError, match="not an icon name"):
        Category(name="C", icon="material/rocket\n", description="D")


def test_duplicate_category_names(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["categories"][1]["name"] = "Production ML Systems"
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: ")
    assert message.endswith("duplicate category names: Production ML Systems")


def test_duplicate_category_names_field_path(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["categories"][1]["name"] = "Production ML Systems"
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message == "data/site.yml: categories: duplicate category names: Production ML Systems"


def test_missing_default_stack_icon(write_data, tmp_path: Path, baseline) -> None:
    del baseline["site"]["stack_icons"]["default"]
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: ")
    assert message.endswith("stack_icons needs a 'default' icon")


def test_missing_default_stack_icon_field_path(write_data, tmp_path: Path, baseline) -> None:
    del baseline["site"]["stack_icons"]["default"]
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: stack_icons: ")


def test_no_categories(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["categories"] = []
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: categories: ")


def test_owner_not_in_people(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["owner"] = "ada-lovelace"
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message == "data/site.yml: owner: unknown person 'ada-lovelace' (known: saad-laouadi, ibrahim-lahlou)"


def test_owner_not_an_id(write_data, tmp_path: Path, baseline) -> None:
    baseline["site"]["owner"] = "Saad Laouadi"
    message = single_line(load_error(write_data, tmp_path, site=baseline["site"]))
    assert message.startswith("data/site.yml: owner: ")


def test_person_id_not_an_id(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["Saad L"] = baseline["people"].pop("saad-laouadi")
    message = single_line(load_error(write_data, tmp_path, people=baseline["people"]))
    assert message.startswith("data/people.yml: Saad L")
    assert "pattern" in message


def test_project_author_not_in_people(write_data, tmp_path: Path, project) -> None:
    project["author"] = "ada-lovelace"
    message = single_line(load_error(write_data, tmp_path, projects={"projects": [project, project]}))
    assert message == (
        "data/projects.yml: projects[0].author: unknown person 'ada-lovelace' (known: saad-laouadi, ibrahim-lahlou)"
    )


def test_project_second_author_not_in_people(write_data, tmp_path: Path, project) -> None:
    other = dict(project, author="ada-lovelace")
    message = single_line(load_error(write_data, tmp_path, projects={"projects": [project, other]}))
    assert message.startswith("data/projects.yml: projects[1].author: unknown person 'ada-lovelace'")


def test_project_bad_demo_url(write_data, tmp_path: Path, project) -> None:
    project["demo"] = "javascript:alert(1)"
    message = single_line(load_error(write_data, tmp_path, projects={"projects": [project]}))
    assert message.startswith("data/projects.yml: projects[0].demo: not a URL")


def test_project_without_impact(write_data, tmp_path: Path, project) -> None:
    project["impact"] = []
    message = single_line(load_error(write_data, tmp_path, projects={"projects": [project]}))
    assert message.startswith("data/projects.yml: projects[0].impact: ")


def test_project_impact_missing_field(write_data, tmp_path: Path, project) -> None:
    del project["impact"][0]["after"]
    message = single_line(load_error(write_data, tmp_path, projects={"projects": [project]}))
    assert message == "data/projects.yml: projects[0].impact[0].after: missing required field"


@pytest.mark.parametrize("field", ["avatar", "profile"])
def test_person_file_missing_under_docs(write_data, tmp_path: Path, baseline, field: str) -> None:
    paths = write_data(tmp_path)
    target = baseline["people"]["ibrahim-lahlou"][field]
    (paths[1] / target).unlink()
    with pytest.raises(DataError) as info:
        load(paths)
    assert single_line(info.value) == f"data/people.yml: ibrahim-lahlou.{field}: no such file under docs/: {target}"


def test_person_file_that_is_a_directory(write_data, tmp_path: Path, baseline) -> None:
    baseline["people"]["saad-laouadi"]["avatar"] = "assets"
    paths = write_data(tmp_path, people=baseline["people"], docs_files=False)
    (paths[1] / "assets").mkdir()
    with pytest.raises(DataError) as info:
        load(paths)
    assert single_line(info.value) == "data/people.yml: saad-laouadi.avatar: no such file under docs/: assets"


def test_empty_people(write_data, tmp_path: Path) -> None:
    message = single_line(load_error(write_data, tmp_path, people={}))
    assert message == "data/people.yml: (top level): no people defined"


def test_people_file_with_only_comments(write_data, tmp_path: Path) -> None:
    message = single_line(load_error(write_data, tmp_path, people="# nobody yet\n"))
    assert message.startswith("data/people.yml: (top level): ")


def test_several_problems_one_line_each(write_data, tmp_path: Path, baseline) -> None:
    person = baseline["people"]["saad-laouadi"]
    del person["role"]
    person["bio"] = 7
    person["extra"] = True
    error = load_error(write_data, tmp_path, people=baseline["people"])
    lines = str(error).splitlines()
    assert len(lines) == 3
    assert all(line.startswith("data/people.yml: saad-laouadi.") for line in lines)
    assert {p[0] for p in error.problems} == {"saad-laouadi.role", "saad-laouadi.bio", "saad-laouadi.extra"}


# --- models directly ----------------------------------------------------------------------------------------


def test_models_are_frozen(baseline) -> None:
    person = Person(**baseline["people"]["saad-laouadi"])
    with pytest.raises(ValueError):
        person.name = "Other"  # type: ignore[misc]


def test_project_optional_links_default_to_none(project) -> None:
    del project["demo"], project["repo"], project["stack"]
    parsed = Project(**project)
    assert parsed.demo is None and parsed.repo is None and parsed.stack == []


def test_site_keeps_category_and_icon_order(baseline) -> None:
    site = Site(**baseline["site"])
    assert [c.name for c in site.categories] == ["Production ML Systems", "Practical Guides"]
    assert list(site.stack_icons) == ["default", "serving", "languages"]
