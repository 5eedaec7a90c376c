"""Load and validate the data folder once per build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from . import yamltext
from .errors import DataError, format_location
from .models import People, Person, Project, Projects, Site

T = TypeVar("T")

DATA_FILES = ("site.yml", "people.yml", "projects.yml")

_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "missing required field",
}


@dataclass(frozen=True)
class SiteData:
    """Everything the site knows about itself, validated."""

    site: Site
    people: dict[str, Person]
    projects: list[Project]

    @property
    def owner(self) -> Person:
        return self.people[self.site.owner]

    @property
    def category_names(self) -> list[str]:
        return [c.name for c in self.site.categories]


def read_yaml(path: Path, label: str) -> Any:
    """Parse one YAML file; syntax and encoding problems name the file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError.single(label, "(file)", "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError.single(label, "(file)", f"not UTF-8 text (byte {exc.start})") from None
    text = yamltext.normalize_newlines(text)
    try:
        return yamltext.parse(text)
    except yaml.YAMLError as exc:
        line, problem = yamltext.error_location(exc, text)
        where = f"line {line}" if line is not None else "(file)"
        raise DataError.single(label, where, f"malformed YAML: {problem}") from None


def validate(adapter: TypeAdapter[T], raw: Any, label: str) -> T:
    """Validate ``raw``; every problem is reported as ``label: field.path: message``."""
    try:
        return adapter.validate_python(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = _MESSAGES.get(err["type"], err["msg"])
            message = message.removeprefix("Value error, ")
            problems.append((format_location(err["loc"]), message))
        raise DataError(label, problems) from None


def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def load_site_data(data_dir: Path, docs_dir: Path, label_root: Path | None = None) -> SiteData:
    """Read ``site.yml``, ``people.yml`` and ``projects.yml`` and cross-check them."""
    root = label_root or data_dir.parent

    def label(name: str) -> str:
        path = data_dir / name
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    site = validate(_adapter(Site), read_yaml(data_dir / "site.yml", label("site.yml")), label("site.yml"))
    people_raw = read_yaml(data_dir / "people.yml", label("people.yml"))
    people = validate(_adapter(People), people_raw, label("people.yml"))
    projects_raw = read_yaml(data_dir / "projects.yml", label("projects.yml"))
    projects = validate(_adapter(Projects), projects_raw, label("projects.yml")).projects

    if not people:
        raise DataError.single(label("people.yml"), "(top level)", "no people defined")
    if site.owner not in people:
        raise DataError.single(
            label("site.yml"), "owner", f"unknown person '{site.owner}' (known: {', '.join(people)})"
        )
    for pid, person in people.items():
        for field in ("avatar", "profile"):
            target = getattr(person, field)
            if not (docs_dir / target).is_file():
                raise DataError.single(label("people.yml"), f"{pid}.{field}", f"no such file under docs/: {target}")
    for i, project in enumerate(projects):
        if project.author not in people:
            raise DataError.single(
                label("projects.yml"),
                f"projects[{i}].author",
                f"unknown person '{project.author}' (known: {', '.join(people)})",
            )
    return SiteData(site=site, people=dict(people), projects=list(projects))
