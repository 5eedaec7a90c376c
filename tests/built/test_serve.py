"""`mkdocs serve` (what `make serve` runs) rebuilds on data, hook and template changes, and shows drafts."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.built.test_bad_input import write_post


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        body = fetch(url)
        if needle in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared at {url}")


@pytest.fixture
def served(fixture_project: Path) -> Iterator[tuple[Path, str]]:
    write_post(fixture_project, name="draft.md", title="Unfinished draft", extra="draft: true\nslug: unfinished\n")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=fixture_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/the-polyglot-engineer/"
        wait_for(base, "The Polyglot Engineer")
        yield fixture_project, base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_shows_drafts_and_rebuilds_on_data_template_and_hook_changes(served: tuple[Path, str]) -> None:
    project, base = served
    assert "Unfinished draft" in fetch(base)

    people = project / "data" / "people.yml"
    people.write_text(people.read_text("utf-8").replace("role: ML Engineer", "role: Staff ML Engineer"), "utf-8")
    wait_for(base + "about/", "Staff ML Engineer")

    partial = project / "overrides" / "partials" / "polyglot" / "person-card.html"
    partial.write_text(partial.read_text("utf-8").replace("pe-person__role", "pe-person__role pe-edited"), "utf-8")
    wait_for(base + "about/", "pe-edited")

    stack = project / "hooks" / "polyglot" / "stack.py"
    stack.write_text(
        stack.read_text("utf-8").replace('return f"{name} = {{\\n"', 'return f"{name} = {{  # edited\\n"'), "utf-8"
    )
    wait_for(base + "authors/ibrahim-lahlou/", "# edited")
