"""The helper process (polyglot.helper): a cold build that shares its work with a forked
helper writes the same bytes as a build without any speed trick, and as one without the
helper; the helper really did part of the work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.speed.conftest import build, differences

CACHE = Path(".cache")


def test_cold_build_with_the_helper_is_byte_identical(speed_project: Path, reference_site: Path, tmp_path) -> None:
    shutil.rmtree(speed_project / CACHE, ignore_errors=True)  # cold: no conversion, excerpt or card cached
    log = build(speed_project, tmp_path / "helped", extra_env={"POLYGLOT_HELPER": "on"}, args=("--verbose",))
    found = re.search(r"speed: the helper did (\d+) of (\d+) tasks", log)
    assert found, log[-2000:]
    done, tasks = int(found.group(1)), int(found.group(2))
    assert tasks >= 3 * 29 - 3  # a conversion, an excerpt and (no cover) a card per post
    assert done > 0 and re.search(r"tasks \((page|excerpt|card) \d+", log)
    assert differences(reference_site, tmp_path / "helped") == []


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
