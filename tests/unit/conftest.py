"""Shared fixtures for the unit tests of ``hooks/polyglot``.

``hooks`` is put on ``sys.path`` here so the tests run before (and regardless of) any
``pythonpath`` setting in the pytest configuration.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

from polyglot.render import make_env  # noqa: E402

# No example database, and Hypothesis' caches in the temp dir: keep the working tree free of ``.hypothesis/``.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "polyglot-unit-hypothesis"))
settings.register_profile("polyglot-unit", database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("polyglot-unit")

MISSING = object()
"""Pass as a file's content to :func:`write_data` to leave that file out."""

BASELINE: dict[str, Any] = {
    "site": {
        "name": "The Polyglot Engineer",
        "tagline": "Building production ML systems that actually work.",
        "description": "A blog about production ML.",
        "owner": "saad-laouadi",
        "categories": [
            {
                "name": "Production ML Systems",
                "icon": "material/rocket-launch-outline",
                "description": "From research to production.",
            },
            {
                "name": "Practical Guides",
                "icon": "material/book-open-page-variant-outline",
                "description": "Step-by-step tutorials.",
            },
        ],
        "stack_icons": {
            "default": "material/tools",
            "serving": "material/server-network",
            "languages": "material/translate",
        },
    },
    "people": {
        "saad-laouadi": {
            "name": "Saad Laouadi",
            "role": "Founder",
            "bio": "Seven years of building AI systems.",
            "avatar": "assets/images/avatars/saad-laouadi.svg",
            "profile": "authors/saad-laouadi.md",
            "contacts": [
                {"kind": "email", "label": "Email me", "address": "saad@example.org"},
                {"kind": "linkedin", "label": "LinkedIn", "url": "https://linkedin.com/in/saad"},
                {"kind": "github", "label": "GitHub", "url": "https://github.com/saad"},
            ],
            "stack": {"languages": ["Python", "Rust"]},
        },
        "ibrahim-lahlou": {
            "name": "Ibrahim Lahlou",
            "role": "ML Engineer",
            "bio": "ML Engineer building production-grade systems.",
            "avatar": "assets/images/avatars/ibrahim-lahlou.svg",
            "profile": "authors/ibrahim-lahlou.md",
            "contacts": [
                {"kind": "github", "label": "@IbLahlou", "url": "https://github.com/IbLahlou"},
                {"kind": "twitter", "label": "@ILoDo01", "url": "https://twitter.com/ILoDo01"},
                {"kind": "email", "label": "Email", "address": "ibrahim@example.org"},
            ],
            "stack": {"serving": ["FastAPI", "BentoML"], "data_storage": ["MinIO"]},
        },
    },
    "projects": {"projects": []},
}

PROJECT: dict[str, Any] = {
    "title": "Edge image classifier",
    "author": "saad-laouadi",
    "problem": "Inference was slow.",
    "impact": [{"metric": "p95 latency", "before": "800 ms", "after": "480 ms"}],
    "stack": ["Python", "FastAPI"],
    "demo": "https://example.org/demo",
    "repo": "https://github.com/you/project",
}


def _write(path: Path, content: Any) -> None:
    if content is MISSING:
        return
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_data(
    tmp_path: Path,
    site: Any = None,
    people: Any = None,
    projects: Any = None,
    *,
    docs_files: bool = True,
) -> tuple[Path, Path]:
    """Write ``data/{site,people,projects}.yml`` under ``tmp_path`` and return ``(data_dir, docs_dir)``.

    ``None`` means the baseline content; a ``str``/``bytes`` is written verbatim; :data:`MISSING`
    leaves the file out. Unless ``docs_files`` is false, every person's avatar and profile file is
    created under ``tmp_path/docs``.
    """
    site = copy.deepcopy(BASELINE["site"]) if site is None else site
    people = copy.deepcopy(BASELINE["people"]) if people is None else people
    projects = copy.deepcopy(BASELINE["projects"]) if projects is None else projects
    data_dir, docs_dir = tmp_path / "data", tmp_path / "docs"
    data_dir.mkdir(parents=True, exist_ok=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    _write(data_dir / "site.yml", site)
    _write(data_dir / "people.yml", people)
    _write(data_dir / "projects.yml", projects)
    if docs_files and isinstance(people, dict):
        for person in people.values():
            for field in ("avatar", "profile"):
                target = person.get(field) if isinstance(person, dict) else None
                if isinstance(target, str) and target.strip():
                    path = docs_dir / target
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("x", encoding="utf-8")
    return data_dir, docs_dir


@pytest.fixture
def baseline() -> dict[str, Any]:
    """A deep copy of valid ``site``, ``people`` and ``projects`` data (shape of ``data/*.yml``)."""
    return copy.deepcopy(BASELINE)


@pytest.fixture
def project() -> dict[str, Any]:
    """One valid entry of ``projects.yml``'s ``projects`` list."""
    return copy.deepcopy(PROJECT)


@pytest.fixture(name="write_data")
def write_data_fixture() -> Callable[..., tuple[Path, Path]]:
    return write_data


@pytest.fixture(scope="session")
def template_dirs() -> list[str]:
    import material

    return [str(REPO / "overrides"), str(Path(material.__file__).parent / "templates")]


@pytest.fixture(scope="session")
def env(template_dirs: list[str]):
    return make_env(template_dirs)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def missing() -> object:
    """The sentinel that makes :func:`write_data` leave a file out."""
    return MISSING
