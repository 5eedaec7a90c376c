#!/usr/bin/env python3
"""Serve-latency benchmark: save a post under ``mkdocs serve``, time until the served post
and the blog index both show its new title. This site against stock Material, same posts.

    python scripts/bench_serve.py --posts 100 [--edits 5]     (make bench-serve N=100)

Each variant runs ``mkdocs serve --livereload`` (what ``make serve`` runs) in a temp copy,
waits for the first build, then edits the newest post's title ``--edits`` times, polling
both pages every 20 ms. Prints the median and worst latency per variant.

The generated copy is dated an hour back first, as an author's posts are when they start
``make serve``: serve keeps what it read of a file by its modification time, but not of a
file modified in the two seconds before it was read (a second save in the same clock tick
could leave the time as it was), and a copy written just before serve starts has every
post in that window when the first build reads it, which made the first edit read every
post again (about 0.2 s at 500 posts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hooks"))

import bench  # noqa: E402
from polyglot.scaffold import post_url, preview_url  # noqa: E402

_TITLE = re.compile(r"^title: (.*)$", re.MULTILINE)
_SLUG = re.compile(r"^slug: (.*)$", re.MULTILINE)
_DATE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def date_back(folder: Path, seconds: int = 3600) -> None:
    """Set the modification time of every file under ``folder`` ``seconds`` back."""
    when = time.time_ns() - seconds * 10**9
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(when, when))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(urls: list[str], needle: str, timeout: float) -> float:
    start = time.perf_counter()
    pending = list(urls)
    while pending:
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{needle!r} never appeared at {pending}")
        pending = [u for u in pending if needle not in fetch(u)]
        if pending:
            time.sleep(0.02)
    return time.perf_counter() - start


def newest_post(posts: Path) -> Path:
    return max(posts.glob("*.md"), key=lambda p: _DATE.search(p.read_text("utf-8")).group(1))  # type: ignore[union-attr]


def measure(project: Path, site_url: str, edits: int, timeout: float) -> list[float]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        post = newest_post(project / "docs" / bench.CORPUS_DIR)
        text = post.read_text("utf-8")
        slug = _SLUG.search(text).group(1)  # type: ignore[union-attr]
        date = dt.date.fromisoformat(_DATE.search(text).group(1))  # type: ignore[union-attr]
        post_page = preview_url(site_url, post_url("blog", slug, date), port=port)
        index = preview_url(site_url, "blog/", port=port)
        wait_for([index], "<html", timeout)
        times = []
        for i in range(edits):
            title = f"Edited title {i} {os.urandom(3).hex()}"
            post.write_text(_TITLE.sub(f"title: '{title}'", text, count=1), "utf-8")
            times.append(wait_for([post_page, index], title, timeout))
            time.sleep(1.0)
        return times
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--only", choices=("stock", "site"), help="measure one variant")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="polyglot-bench-serve-"))
    try:
        variants = {
            "stock": (bench.make_stock(work / "stock", args.posts, args.seed), "https://example.org/stock/"),
            "site": (bench.make_site(work / "site", args.posts, args.seed), os.environ.get("SITE_URL", "")),
        }
        if not variants["site"][1]:
            from mkdocs.utils.yaml import yaml_load

            with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
                variants["site"] = (variants["site"][0], yaml_load(f)["site_url"])
        rows = []
        for name, (project, site_url) in variants.items():
            if args.only and name != args.only:
                continue
            date_back(project)
            times = measure(project, site_url, args.edits, args.timeout)
            print(f"  {name}: " + ", ".join(f"{t:.2f}" for t in times) + " s", file=sys.stderr)
            rows.append((name, statistics.median(times), max(times)))
        print(f"serve latency, posts: {args.posts}, edits: {args.edits}, {dt.date.today().isoformat()}")
        print()
        print("| variant | median (s) | worst (s) |")
        print("| --- | ---: | ---: |")
        for name, med, worst in rows:
            print(f"| {name} | {med:.2f} | {worst:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
