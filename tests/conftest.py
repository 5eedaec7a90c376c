"""Shared fixtures: the real site built once per session, and throwaway fixture sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
PROJECT_PARTS = ("mkdocs.yml", "data", "docs", "hooks", "overrides")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class BuildResult:
    ok: bool
    log: str
    site: Path


def run_build(root: Path, site_dir: Path, env: dict[str, str] | None = None) -> BuildResult:
    """``mkdocs build --strict`` of ``root/mkdocs.yml``, exactly as an author runs it.

    A subprocess per build: MkDocs caches plugin instances per process, so builds of
    different projects must not share one. Coverage follows it (``patch = subprocess``).
    """
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return BuildResult(ok=proc.returncode == 0, log=proc.stdout + proc.stderr, site=site_dir)


def copy_project(dest: Path) -> Path:
    """A copy of the project's site sources to break on purpose (the real tree stays untouched)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, strictly built once for the whole test session."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.ok, result.log
    return site


@pytest.fixture
def fixture_project(tmp_path: Path) -> Iterator[Path]:
    yield copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def opted_in_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with Giscus and Google Analytics opted in, cards off, and an image on the home page."""
    import yaml
    from PIL import Image

    project = copy_project(tmp_path_factory.mktemp("optin") / "project")
    Image.new("RGB", (640, 360), "#1a5276").save(project / "docs" / "assets" / "images" / "test-figure.png")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text("utf-8") + "\n![A test figure](assets/images/test-figure.png)\n", "utf-8")
    site_yml = project / "data" / "site.yml"
    data = yaml.safe_load(site_yml.read_text("utf-8"))
    data["privacy"] = {
        "analytics": {"provider": "google", "property": "G-TEST123"},
        "comments": {"repo": "owner/repo", "repo_id": "R_x", "category": "Comments", "category_id": "DIC_y"},
    }
    data["social_cards"] = False
    site_yml.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = run_build(project, project / "site")
    assert result.ok, result.log
    return project / "site"
