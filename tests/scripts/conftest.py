"""Load the command-line scripts under ``scripts/`` as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scripts_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def new_post() -> ModuleType:
    return load_script("new_post")


@pytest.fixture(scope="session")
def check_posts() -> ModuleType:
    return load_script("check_posts")


@pytest.fixture(scope="session")
def audit() -> ModuleType:
    return load_script("audit")
