"""`mkdocs serve` (what `make serve` runs) with the speed hooks: after an edit, every served
file is byte-identical to a from-scratch build of the edited site without any cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.built.test_serve import free_port, wait_for
from tests.speed.conftest import BUILD_EPOCH, POSTS_DIR, build, write_fixture


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def strip_livereload(html: bytes) -> bytes:
    """Remove the script the dev server injects before the last ``</body>``."""
    end = html.rfind(b"</body>")
    start = html.rfind(b"<script>", 0, end)
    return html[:start] + html[end:] if end != -1 and start != -1 else html


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    project = write_fixture(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/the-polyglot-engineer/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "blog/", "Links of every kind", timeout=300)
        yield project, base, tmp_path
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def assert_served_matches_fresh_build(project: Path, base: str, work: Path) -> None:
    reference = work / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    copy = work / "reference-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    build(copy, reference, cache=False, extra_env={"SITE_URL": base})
    mismatches = []
    for path in sorted(p for p in reference.rglob("*") if p.is_file()):
        rel = path.relative_to(reference).as_posix()
        if rel.startswith("assets/") or rel.endswith(".gz"):
            continue  # static files (copied, not built) and the gzipped sitemap (same as sitemap.xml)
        url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        body = fetch_bytes(url)
        expected = path.read_bytes()
        if body is None or (strip_livereload(body) if rel.endswith(".html") else body) != expected:
            mismatches.append(rel)
    assert mismatches == []


def test_serve_rebuild_after_title_and_slug_edits_matches_a_fresh_build(served) -> None:
    project, base, work = served
    post = project / POSTS_DIR / "links.md"
    post.write_text(post.read_text("utf-8").replace("title: Links of every kind", "title: Renamed post"), "utf-8")
    wait_for(base + "blog/", "Renamed post", timeout=300)
    wait_for(base + "blog/category/practical-guides/", "Renamed post", timeout=60)
    assert_served_matches_fresh_build(project, base, work)

    old_url = base + "blog/2026/03/04/links-of-every-kind/"
    assert fetch_bytes(old_url) is not None
    post.write_text(post.read_text("utf-8").replace("slug: links-of-every-kind", "slug: links-moved"), "utf-8")
    wait_for(base + "blog/2026/03/04/links-moved/", "Renamed post", timeout=300)
    assert fetch_bytes(old_url) is None  # the page at the old URL is gone, not stale
    assert_served_matches_fresh_build(project, base, work)
