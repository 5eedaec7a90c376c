"""The GitHub workflows keep their hardening (zizmor audits them too, in `make test`)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_default_token_permissions_and_per_job_grants(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} has no explicit permissions"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_sha_with_a_version_comment(path: Path) -> None:
    text = path.read_text("utf-8")
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            line = next(line for line in text.splitlines() if step["uses"] in line)
            assert re.search(r"# v\d+(\.\d+)*\s*$", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_do_not_persist_credentials_and_runs_are_grouped(path: Path) -> None:
    workflow = load(path)
    assert "group" in workflow["concurrency"]
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_deploy_runs_only_from_main_after_the_tests_passed() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    assert workflow["jobs"]["test"]["uses"] == "./.github/workflows/ci.yml"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert any(step.get("run", "").rstrip().endswith("make deploy") for step in deploy["steps"])


def test_ci_runs_the_test_command_and_the_properdocs_comparison() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "ci.yml")
    runs = [step.get("run", "") for step in steps(workflow)]
    assert any("make test" in run for run in runs)
    assert any("make compare-properdocs" in run for run in runs)


def test_dependabot_watches_pip_and_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[([\w,-]+)\])?==\S+ \\$", re.MULTILINE)


def pins(name: str) -> dict[str, set[str]]:
    """Each pinned distribution (normalized name) and the extras its pin installs."""
    text = (ROOT / name).read_text("utf-8")
    return {canonicalize_name(m[1]): set(filter(None, (m[2] or "").split(","))) for m in PIN.finditer(text)}


def test_requirements_are_pinned_with_hashes() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        text = (ROOT / name).read_text("utf-8")
        assert len(pins(name)) > 20, name
        blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+(?:\[[\w,-]+\])?==)", text)
        for block in blocks[1:]:
            assert "--hash=sha256:" in block, block.splitlines()[0]
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--require-hashes" in makefile


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_pins_carry_the_extras_their_dependents_ask_for(name: str) -> None:
    """Python 3.11's bundled pip (23.2) refuses `pkg[extra]>=x` from a dependency in
    --require-hashes mode unless the pin itself names the extra: CI failed that way once
    (pytest-cov asks for `coverage[toml]`), while the local package mirror hid it."""
    pinned = pins(name)
    missing = []
    for dist_name in pinned:
        for line in metadata.distribution(dist_name).requires or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            installs = pinned.get(canonicalize_name(requirement.name))
            if installs is not None and not requirement.extras <= installs:
                missing.append(f"{dist_name} asks for {line}")
    assert not missing, f"{name}: pin these with their extras: {missing}"
