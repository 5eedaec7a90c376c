"""`mkdocs serve` (what `make serve` runs) with the speed hooks: after an edit, every served
file is byte-identical to a from-scratch build of the edited site without any cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.built.test_serve import free_port, wait_for
from tests.speed.conftest import BUILD_EPOCH, POSTS_DIR, build, differences, write_fixture

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import bench
import bench_serve


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
    rendered = project / ".cache" / "polyglot-speed" / "html"
    before = {path.name for path in rendered.glob("*/*")}
    post = project / POSTS_DIR / "links.md"
    post.write_text(post.read_text("utf-8").replace("title: Links of every kind", "title: Renamed post"), "utf-8")
    wait_for(base + "blog/", "Renamed post", timeout=300)
    wait_for(base + "blog/category/practical-guides/", "Renamed post", timeout=60)
    assert_served_matches_fresh_build(project, base, work)
    # The rebuild's cache files are written once serve is idle (speed_hooks.on_serve), not lost.
    deadline = time.monotonic() + 60
    while not {path.name for path in rendered.glob("*/*")} - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {path.name for path in rendered.glob("*/*")} - before

    old_url = base + "blog/2026/03/04/links-of-every-kind/"
    assert fetch_bytes(old_url) is not None
    post.write_text(post.read_text("utf-8").replace("slug: links-of-every-kind", "slug: links-moved"), "utf-8")
    wait_for(base + "blog/2026/03/04/links-moved/", "Renamed post", timeout=300)
    assert fetch_bytes(old_url) is None  # the page at the old URL is gone, not stale
    assert_served_matches_fresh_build(project, base, work)


# --- Posts whose inputs did not change are not rendered again (polyglot.pageskip) ------------------

DRIVER = Path(__file__).with_name("serve_rebuilds.py")
SERVED_AT = "http://127.0.0.1:8000/the-polyglot-engineer/"


class Rebuilds:
    """Serve rebuilds in one process (``serve_rebuilds.py``): one per :meth:`build`."""

    def __init__(self, project: Path, site: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(project), str(site), SERVED_AT],
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH, "POLYGLOT_CACHE": "on"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.first = self._answer()

    def _answer(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the rebuild driver ended"
        return json.loads(line)

    def build(self) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def fresh_build(project: Path, work: Path) -> Path:
    """The project as it is now, built from scratch without any cache."""
    copy, reference = work / "fresh-project", work / "fresh-site"
    for folder in (copy, reference):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    build(copy, reference, cache=False, extra_env={"SITE_URL": SERVED_AT})
    return reference


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def age(folder: Path) -> None:
    """Date every file under ``folder`` an hour back (``bench_serve.date_back``, which the
    serve benchmark runs for the same reason): what serve keeps by a file's modification
    time (posts, their categories) is kept only for a file not modified in the last two
    seconds."""
    bench_serve.date_back(folder)


def test_the_first_build_of_serve_on_a_cold_cache_records_every_page_a_rebuild_does(tmp_path: Path) -> None:
    """On a cold cache, a blog view converts the excerpts it is the first to show: their
    inputs are known once it is rendered, and recorded then, so the first rebuild can keep
    it (it rendered every such view again before). Generated posts: enough of them for
    paginated index, archive and category views."""
    project = bench.make_site(tmp_path / "project", 40, 7)
    age(project / "docs")
    site = tmp_path / "served"
    rebuilds = Rebuilds(project, site)
    try:
        again = rebuilds.build()  # nothing changed
        assert rebuilds.first["recorded"] == again["recorded"], (rebuilds.first, again)
        assert again["recorded"] >= again["rendered"] + again["skipped"] - 1, again  # the latest-posts slot
        # ... and with the same inputs: the first rebuild keeps what the next one does.
        assert rebuilds.build()["rendered"] == again["rendered"], again
        newest = max((project / "docs" / bench.CORPUS_DIR).glob("*.md"), key=lambda p: p.read_text("utf-8"))
        text = newest.read_text("utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        newest.write_text(text.replace(title, "title: A renamed post", 1), "utf-8")
        counts = rebuilds.build()
        assert counts["skipped"] > counts["rendered"], counts
        assert differences(site, fresh_build(project, tmp_path)) == []
    finally:
        rebuilds.close()


def test_a_rebuild_skips_unchanged_posts_and_matches_a_fresh_build(tmp_path: Path) -> None:
    project = write_fixture(tmp_path / "project")
    age(project / "docs")  # unchanged posts are then made from memory, edited ones read again
    site = tmp_path / "served"
    rebuilds = Rebuilds(project, site)
    try:
        assert rebuilds.first["skipped"] == 0  # nothing to compare with yet
        assert rebuilds.first["search_re"] == "SearchRe"  # the search plugin's strip skips clean pages
        rendered = project / ".cache" / "polyglot-speed" / "html"
        entries = sorted(p.name for p in rendered.glob("*/*"))
        again = rebuilds.build()  # nothing changed: every page that can be skipped is
        assert again["skipped"] > again["rendered"], again
        assert again["posts_kept"] > 20, again  # the posts are made from memory from now on
        assert sorted(p.name for p in rendered.glob("*/*")) == entries  # what they were built from stays cached

        # A title shows in other posts' related lists, the blog index, the archive, categories.
        posts = project / POSTS_DIR
        edit(posts / "links.md", "title: Links of every kind", "title: Renamed post")
        counts = rebuilds.build()
        assert counts["skipped"] > 0, counts
        assert differences(site, fresh_build(project, tmp_path)) == []

        # New tags: other posts' related lists change.
        corpus = sorted((posts / "corpus").glob("*.md"))[0]
        text = corpus.read_text("utf-8")
        tags = next(line for line in text.splitlines() if line.startswith("tags:"))
        edit(corpus, tags, "tags: [testing, renamed-tag]")
        counts = rebuilds.build()
        assert counts["skipped"] > 0, counts
        assert differences(site, fresh_build(project, tmp_path)) == []

        # A new post with markup no other page has (a "bug" admonition): its rules are kept
        # in the pruned stylesheets; once it is deleted, its page is gone and so are they.
        added = posts / "corpus" / "zz-added.md"
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        slug = next(line for line in text.splitlines() if line.startswith("slug:"))
        added_text = text.replace(title, "title: An added post").replace(slug, "slug: an-added-post")
        added.write_text(added_text + "\n!!! bug\n\n    Only here.\n", "utf-8")
        rebuilds.build()
        assert differences(site, fresh_build(project, tmp_path)) == []
        assert any("admonition bug" in page.read_text("utf-8") for page in site.rglob("*.html"))
        added.unlink()
        rebuilds.build()
        assert differences(site, fresh_build(project, tmp_path)) == []
        assert not any("admonition bug" in page.read_text("utf-8") for page in site.rglob("*.html"))

        # The site's stylesheet: every page holds what it can match of it.
        css = project / "docs" / "assets" / "stylesheets" / "site.css"
        css.write_text(css.read_text("utf-8") + "\n.pe-test-rule { color: red; }\n", "utf-8")
        assert rebuilds.build()["skipped"] == 0
        assert differences(site, fresh_build(project, tmp_path)) == []

        # The site's data: every page reads it.
        edit(project / "data" / "site.yml", "tagline: ", "tagline: Edited. ")
        assert rebuilds.build()["skipped"] == 0
        assert differences(site, fresh_build(project, tmp_path)) == []

        # A failed build forgets what it recorded: the next one renders every post.
        edit(posts / "links.md", "categories: [Practical Guides", "categories: [No Such Category")
        assert "error" in rebuilds.build()
        edit(posts / "links.md", "categories: [No Such Category", "categories: [Practical Guides")
        assert rebuilds.build()["skipped"] == 0
        assert differences(site, fresh_build(project, tmp_path)) == []
    finally:
        rebuilds.close()
