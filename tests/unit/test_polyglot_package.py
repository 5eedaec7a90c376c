"""``polyglot/__init__.py``: the module list and in-place reloading used by ``mkdocs serve``."""

from __future__ import annotations

import ast
import importlib
import sys
import types
from pathlib import Path

import pytest

import polyglot

PACKAGE = Path(polyglot.__file__).resolve().parent


def local_imports(name: str) -> set[str]:
    """The sibling modules ``polyglot/<name>.py`` imports (``from .x import ...``, ``from . import x``)."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def test_modules_lists_every_module_once() -> None:
    files = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert sorted(polyglot.MODULES) == sorted(files)
    assert len(set(polyglot.MODULES)) == len(polyglot.MODULES)


def test_modules_are_in_dependency_order() -> None:
    seen: set[str] = set()
    for name in polyglot.MODULES:
        missing = local_imports(name) - seen
        assert not missing, f"{name} is listed before {sorted(missing)}, which it imports"
        seen.add(name)


def test_reload_modules_re_executes_in_place_and_in_order() -> None:
    modules = {name: importlib.import_module(f"polyglot.{name}") for name in polyglot.MODULES}
    saved = {name: dict(module.__dict__) for name, module in modules.items()}
    old_error = modules["errors"].DataError
    try:
        polyglot.reload_modules()
        errors = sys.modules["polyglot.errors"]
        assert errors is modules["errors"], "modules are reloaded in place, not replaced"
        assert errors.DataError is not old_error
        # Dependants were re-executed after their dependencies, so they see the new objects.
        assert sys.modules["polyglot.loader"].DataError is errors.DataError
        assert sys.modules["polyglot.posts"].DataError is errors.DataError
        assert sys.modules["polyglot.components"].DataError is errors.DataError
    finally:
        # Put the original objects back: other tests hold references to them.
        for name, module in modules.items():
            module.__dict__.clear()
            module.__dict__.update(saved[name])
    assert sys.modules["polyglot.errors"].DataError is old_error


def test_reload_modules_skips_modules_not_imported_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    reloaded: list[str] = []
    fake = types.SimpleNamespace(reload=lambda module: reloaded.append(module.__name__) or module)
    monkeypatch.setattr(polyglot, "importlib", fake)
    monkeypatch.delitem(sys.modules, "polyglot.urls")
    polyglot.reload_modules()
    expected = [f"polyglot.{name}" for name in polyglot.MODULES if name != "urls"]
    assert reloaded == expected
    assert "polyglot.urls" not in sys.modules


def test_reload_changed_modules_reloads_from_the_first_edited_module_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve rebuilds re-execute only an edited module and those after it (its possible dependants)."""
    reloaded: list[str] = []
    fake = types.SimpleNamespace(
        reload=lambda module: reloaded.append(module.__name__) or module, import_module=importlib.import_module
    )
    monkeypatch.setattr(polyglot, "importlib", fake)
    monkeypatch.setattr(polyglot, "_seen", {})
    digests = dict.fromkeys(polyglot.MODULES, "v1")
    monkeypatch.setattr(polyglot, "_source_digest", lambda module: digests[module.__name__.rsplit(".", 1)[1]])
    monkeypatch.delitem(sys.modules, "polyglot.scaffold")  # not imported yet (a later import is not an edit)
    assert polyglot.reload_changed_modules() == []  # the first call imports every module, records the sources
    loaded = [name for name in polyglot.MODULES if f"polyglot.{name}" in sys.modules]
    assert loaded == list(polyglot.MODULES)
    assert polyglot.reload_changed_modules() == []  # nothing edited: nothing re-executed
    digests["feeds"] = "v2"
    expected = loaded[loaded.index("feeds") :]
    assert polyglot.reload_changed_modules() == expected
    assert reloaded == [f"polyglot.{name}" for name in expected]
    assert polyglot.reload_changed_modules() == []


def test_source_digest_reads_the_module_file() -> None:
    errors = importlib.import_module("polyglot.errors")
    assert polyglot._source_digest(errors) == polyglot._source_digest(errors) != ""
    assert polyglot._source_digest(types.ModuleType("nofile")) == ""
    missing = types.ModuleType("gone")
    missing.__file__ = "/nonexistent/gone.py"
    assert polyglot._source_digest(missing) == ""
