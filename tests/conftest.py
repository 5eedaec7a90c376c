"""Shared fixtures: the real site built once per session, and throwaway fixture sites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripts.project_copy import copy_project

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

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


POST = """---
title: {title}
description: {title}, the fixture.
date: {date}
authors: [ibrahim-lahlou]
categories: [{category}]
tags: [{tags}]
{extra}---

Excerpt of {title}.

<!-- more -->

Body of {title}.
"""


def write_post(project: Path, slug: str, date: str, *, category="Practical Guides", tags="", extra="") -> None:
    path = project / "docs" / "blog" / "posts" / f"{slug}.md"
    title = slug.replace("-", " ").title()
    path.write_text(POST.format(title=title, date=date, category=category, tags=tags, extra=extra), "utf-8")


def url(slug: str, date: str) -> str:
    return f"blog/{date.replace('-', '/')}/{slug}/"


@pytest.fixture(scope="session")
def opted_in_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site showing what only some sites show, in one build: Giscus and Google Analytics opted
    in (so the consent dialog), a series of three posts whose last has a cover (so series
    navigation and related posts), an image on the home page, social cards off."""
    import yaml
    from PIL import Image

    project = copy_project(tmp_path_factory.mktemp("optin") / "project")
    images = project / "docs" / "assets" / "images"
    Image.new("RGB", (640, 360), "#1a5276").save(images / "test-figure.png")
    (images / "covers").mkdir()
    Image.new("RGB", (960, 540), "#1a5276").save(images / "covers" / "drift.png")
    series = "series: Drift in production\n"
    write_post(project, "drift-part-one", "2026-01-01", tags="drift", extra=series)
    write_post(project, "drift-part-two", "2026-02-01", tags="drift", extra=series)
    cover = "cover:\n  src: assets/images/covers/drift.png\n  alt: Drift score rising over six weeks\n"
    write_post(project, "drift-part-three", "2026-03-01", tags="drift", extra=series + cover)
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
