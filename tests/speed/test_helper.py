"""The helper process (polyglot.helper): a cold build that shares its work with a forked
helper writes the same bytes as a build without any speed trick, and as one without the
helper; the helper really did part of the work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.speed.conftest import build, differences, run_build

CACHE = Path(".cache")


def test_cold_build_with_the_helper_is_byte_identical(speed_project: Path, reference_site: Path, tmp_path) -> None:
    shutil.rmtree(speed_project / CACHE, ignore_errors=True)  # cold: no conversion, excerpt or card cached
    # What an interrupted build may leave (MkDocs keeps hidden files at the top of the site):
    stale = tmp_path / "helped" / ".polyglot-finishing" / "0.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>a page an interrupted build finished</p>", "utf-8")
    log = build(speed_project, tmp_path / "helped", extra_env={"POLYGLOT_HELPER": "on"}, args=("--verbose",))
    found = re.search(r"speed: the helper did (\d+) of (\d+) tasks", log)
    assert found, log[-2000:]
    done, tasks = int(found.group(1)), int(found.group(2))
    assert tasks >= 3 * 29 - 3  # a conversion, an excerpt and (no cover) a card per post
    assert done > 0 and re.search(r"tasks \((page|excerpt|card) \d+", log)
    # The pages' last pass went to the finishing helper (polyglot.finishing), one task a page.
    finished = re.search(r"speed: the finishing helper did (\d+) of (\d+) pages", log)
    assert finished, log[-2000:]
    pages = sum(1 for _ in (tmp_path / "helped").rglob("*.html")) - 1  # not the 404 page
    assert int(finished.group(2)) == pages and int(finished.group(1)) > 0
    # The words of each page it finished were read by the stylesheet pruning (entries the build
    # did not read are pruned at its end): one entry per page the helper finished.
    tokens = [p for p in (speed_project / CACHE / "polyglot-speed" / "pagetokens").glob("*/*") if p.is_file()]
    assert len(tokens) == int(finished.group(1))
    assert differences(reference_site, tmp_path / "helped") == []  # no finished copy left, stale or new


def test_a_page_the_last_pass_refuses_fails_the_build_with_the_helpers(speed_project: Path, tmp_path) -> None:
    """The last pass finds a problem in a page the build handed to the finishing helper: the
    build does that page again and stops naming it, as it does on one core."""
    project = tmp_path / "project"
    shutil.copytree(speed_project, project, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    (project / "docs" / "blog" / "posts" / "mixed.md").write_text(
        "---\ntitle: Mixed content\ndescription: A post with an insecure image.\ndate: 2024-05-01\n"
        "authors: [saad-laouadi]\ncategories: [Practical Guides]\nslug: mixed-content\n---\n\n"
        "Intro.\n\n<!-- more -->\n\n"
        '<img src="http://example.org/chart.png" alt="A chart">\n',
        "utf-8",
    )
    proc = run_build(project, tmp_path / "site", extra_env={"POLYGLOT_HELPER": "on"}, args=("--verbose",))
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Error building page 'blog/posts/mixed.md'" in log
    assert "docs/blog/posts/mixed.md" in log and "http://example.org/chart.png" in log


def test_cold_build_without_the_helper_is_byte_identical(speed_project: Path, reference_site: Path, tmp_path) -> None:
    shutil.rmtree(speed_project / CACHE, ignore_errors=True)
    log = build(speed_project, tmp_path / "alone", extra_env={"POLYGLOT_HELPER": "off"}, args=("--verbose",))
    assert "speed: the helper did" not in log
    assert differences(reference_site, tmp_path / "alone") == []


def test_a_build_whose_helper_cannot_start_builds_alone(speed_project: Path, reference_site: Path, tmp_path) -> None:
    """No fork (a sandbox, a process limit): the build says so in its debug log and goes on."""
    shutil.rmtree(speed_project / CACHE, ignore_errors=True)
    hook = tmp_path / "nofork"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os\n\ndef _refuse():\n    raise OSError(11, 'fork refused by the test')\n\nos.fork = _refuse\n",
        "utf-8",
    )
    env = {"POLYGLOT_HELPER": "on", "PYTHONPATH": str(hook)}
    log = build(speed_project, tmp_path / "alone", extra_env=env, args=("--verbose",))
    assert "speed: no helper process ([Errno 11] fork refused by the test)" in log
    assert differences(reference_site, tmp_path / "alone") == []
