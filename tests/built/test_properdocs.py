"""Longevity: ProperDocs (the maintained MkDocs 1.x fork) builds the same site as MkDocs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "compare_properdocs.py"


def load_script() -> object:
    spec = importlib.util.spec_from_file_location("compare_properdocs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_mkdocs_and_properdocs_outputs_match_after_documented_normalizing() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("OK: ") and "files identical after normalizing" in proc.stdout


def test_the_comparison_catches_an_unexplained_difference(tmp_path: Path) -> None:
    compare = load_script().compare
    a, b = tmp_path / "a", tmp_path / "b"
    for site, extra in ((a, ""), (b, "<p>new</p>")):
        (site / "x").mkdir(parents=True)
        (site / "x" / "index.html").write_text(
            f'<meta name="generator" content="mkdocs-{site.name}, mkdocs-material-9">\n<main>{extra}</main>\n', "utf-8"
        )
    (b / "only.txt").write_text("b", "utf-8")
    diff, files, normalized = compare(a, b)
    assert files == 2 and normalized == 1
    assert "only in properdocs: only.txt" in diff
    assert "+<main><p>new</p></main>" in diff
    # The known difference is normalized away: at most context, never a changed line.
    assert not any(line.startswith(("+<meta", "-<meta")) for line in diff)
