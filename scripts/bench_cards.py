"""Build-time cost of the social cards: prints cold, warm and no-cards build times.

Usage: `make bench-cards` (POSTS=100 and RUNS=5 by default). Builds a temporary copy of the
project with generated posts: cards off, cards with an empty cache (cold), then RUNS pairs of
cards-off and warm-cache builds, interleaved so load from other processes hits both alike.
Each build is timed twice: wall clock, and the CPU time (user + system) the build process
used, which machine load from other processes barely moves. Medians are printed, never
asserted: tests check behaviour, not wall-clock time.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from project_copy import copy_project

ROOT = Path(__file__).resolve().parent.parent
POST = """---
title: Generated post number {n} about production systems
description: Benchmark post {n}.
date: 2025-{month:02d}-{day:02d}
authors: [saad-laouadi]
categories: [Practical Guides]
tags: [bench, tag{tag}]
---

Excerpt of post {n}.

<!-- more -->

{body}
"""


def copy(dest: Path, posts: int) -> Path:
    copy_project(dest)
    body = "\n\n".join(f"Paragraph {i} of a generated post, long enough to read." for i in range(20))
    for n in range(posts):
        text = POST.format(n=n, month=n % 12 + 1, day=n % 28 + 1, tag=n % 7, body=body)
        (dest / "docs" / "blog" / "posts" / f"bench-{n:03d}.md").write_text(text, "utf-8")
    return dest


def set_cards(project: Path, enabled: bool) -> None:
    path = project / "data" / "site.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["social_cards"] = enabled
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(project: Path) -> tuple[float, float]:
    """One strict build; returns (wall seconds, CPU seconds of the build process)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        check=True,
        env=env,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _line(label: str, runs: list[tuple[float, float]], base: list[tuple[float, float]] | None) -> str:
    wall = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    text = f"{label:<11} wall {wall:6.2f} s   cpu {cpu:6.2f} s"
    if base:
        text += (
            f"   ({wall / statistics.median(r[0] for r in base):.2f}x wall,"
            f" {cpu / statistics.median(r[1] for r in base):.2f}x cpu)"
        )
    return text


def main() -> int:
    posts = int(os.environ.get("POSTS", "100"))
    rounds = int(os.environ.get("RUNS", "5"))
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as tmp:
        project = copy(Path(tmp), posts)
        set_cards(project, False)
        build(project)  # warm Python's and MkDocs' own caches first
        offs, warms = [], []
        set_cards(project, True)
        cold = build(project)
        for _ in range(rounds):  # interleaved, so load from other processes hits both alike
            set_cards(project, False)
            offs.append(build(project))
            set_cards(project, True)
            warms.append(build(project))
        cards = len(list((project / "site" / "assets" / "images" / "social").rglob("*.png")))
    print(f"posts: {posts}, social cards: {cards}, medians of {rounds} interleaved runs")
    print(_line("no cards", offs, None))
    print(_line("cold cache", [cold], offs))
    print(_line("warm cache", warms, offs))
    # The cards' own share, measured in-process (whole-build times swing with machine load).
    sys.path.insert(0, str(ROOT / "hooks"))
    from polyglot import cards as card_module

    batch = [card_module.Card(title=f"Generated post number {n}", site_name="Site", author="A") for n in range(cards)]
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as tmp:
        for label in ("cold", "warm"):
            start = time.perf_counter()
            for n, card in enumerate(batch):
                card_module.render(card, Path(tmp) / "out" / f"{n}.png", Path(tmp) / "cache")
            print(f"{cards} cards alone, {label}: {time.perf_counter() - start:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
