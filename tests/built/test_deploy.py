"""`make deploy` publishes the strict build to gh-pages, and nothing when the build fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT, copy_project


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_repo(tmp_path: Path) -> tuple[Path, Path]:
    bare = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(bare), cwd=tmp_path)
    work = copy_project(tmp_path / "work")
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, work / name)
    git("init", "--quiet", "-b", "main", cwd=work)
    git("config", "user.email", "test@example.invalid", cwd=work)
    git("config", "user.name", "Test", cwd=work)
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "site", cwd=work)
    git("remote", "add", "origin", str(bare), cwd=work)
    return work, bare


def deploy(work: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "deploy", f"VENV={ROOT / '.venv'}", "REMOTE=origin"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_deploy_pushes_the_strict_build_to_gh_pages(tmp_path: Path) -> None:
    work, bare = make_repo(tmp_path)
    result = deploy(work)
    assert result.returncode == 0, result.stdout + result.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split()
    assert ".nojekyll" in files
    assert "index.html" in files and "sitemap.xml" in files
    assert "blog/2026/11/16/welcome/index.html" in files
    assert not any(f.startswith(("data/", "hooks/")) for f in files)


def test_failing_build_pushes_nothing(tmp_path: Path) -> None:
    work, bare = make_repo(tmp_path)
    (work / "docs" / "broken.md").write_text("# Broken\n\n[gone](nowhere.md)\n", "utf-8")
    result = deploy(work)
    assert result.returncode != 0
    assert "nowhere.md" in result.stdout + result.stderr
    branches = git("branch", "--list", cwd=bare)
    assert "gh-pages" not in branches


def test_deploy_keeps_the_custom_domain(tmp_path: Path) -> None:
    work, bare = make_repo(tmp_path)
    site_yml = work / "data" / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8") + "domain: blog.example.com\n", "utf-8")
    git("commit", "--quiet", "-am", "custom domain", cwd=work)
    result = deploy(work, env={"SITE_URL": "https://blog.example.com/"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert git("show", "gh-pages:CNAME", cwd=bare) == "blog.example.com\n"
