#!/usr/bin/env python3
"""Generate a deterministic corpus of realistic posts for benchmarks and speed tests.

Each post: valid front matter (the site's real authors and categories from data/), about
900 words of prose, a Python code block, an admonition, a table, a Mermaid diagram in a
third of them, and the excerpt marker. The same seed and count give byte-identical files.

    python scripts/gen_corpus.py OUT_DIR --count 500 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from polyglot import loader  # noqa: E402
from polyglot.scaffold import front_matter, slug_of  # noqa: E402

WORDS = [
    "model",
    "data",
    "pipeline",
    "feature",
    "training",
    "inference",
    "latency",
    "throughput",
    "batch",
    "stream",
    "drift",
    "monitor",
    "deploy",
    "container",
    "registry",
    "schema",
    "validation",
    "metric",
    "dashboard",
    "alert",
    "retry",
    "queue",
    "worker",
    "cache",
    "vector",
    "embedding",
    "index",
    "shard",
    "replica",
    "cluster",
    "node",
    "gpu",
    "memory",
    "profile",
    "trace",
    "span",
    "request",
    "response",
    "payload",
    "endpoint",
    "service",
    "contract",
    "version",
    "rollback",
    "canary",
    "shadow",
    "traffic",
    "budget",
    "cost",
    "accuracy",
    "recall",
    "precision",
    "threshold",
    "label",
    "annotation",
    "dataset",
    "split",
    "fold",
    "baseline",
    "experiment",
    "tracking",
    "artifact",
    "lineage",
    "reproducible",
    "seed",
    "config",
    "secret",
    "environment",
    "runtime",
    "python",
    "rust",
    "typescript",
    "java",
    "compiler",
    "binding",
    "wheel",
    "package",
    "dependency",
    "lockfile",
    "test",
    "fixture",
    "assertion",
    "coverage",
    "benchmark",
    "regression",
    "incident",
    "postmortem",
    "runbook",
    "oncall",
    "pager",
    "owner",
    "team",
    "review",
    "design",
    "tradeoff",
    "constraint",
    "failure",
    "recovery",
    "backpressure",
    "timeout",
    "circuit",
    "breaker",
]
CONNECTORS = ["the", "a", "our", "every", "this", "that", "each", "no", "some"]
VERBS = [
    "breaks",
    "ships",
    "scales",
    "drifts",
    "fails",
    "recovers",
    "improves",
    "costs",
    "measures",
    "serves",
    "caches",
    "logs",
]
TAGS = [
    "mlops",
    "monitoring",
    "python",
    "rust",
    "fastapi",
    "docker",
    "kubernetes",
    "testing",
    "data-quality",
    "serving",
]


def sentence(rng: random.Random, *, plain: bool = False) -> str:
    n = rng.randint(8, 18)
    words = [rng.choice(CONNECTORS), rng.choice(WORDS), rng.choice(VERBS)]
    words += [rng.choice(WORDS) for _ in range(n - 3)]
    if plain:
        pass
    elif rng.random() < 0.2:
        i = rng.randrange(3, n)
        words[i] = f"`{words[i]}`"
    if not plain and rng.random() < 0.15:
        i = rng.randrange(3, n)
        words[i] = f"**{words[i]}**"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def code_block(rng: random.Random) -> str:
    name = rng.choice(WORDS)
    other = rng.choice(WORDS)
    limit = rng.randint(2, 64)
    return f'''```python
from dataclasses import dataclass


@dataclass
class {name.capitalize()}Config:
    """Settings for the {name} stage."""

    {other}: int = {limit}
    enabled: bool = True


def run_{name}(items: list[dict], config: {name.capitalize()}Config) -> list[dict]:
    # Keep the {other} budget: stop early instead of failing late.
    out = []
    for i, item in enumerate(items):
        if i >= config.{other}:
            break
        out.append({{"id": item["id"], "{name}": item.get("{name}", 0) * {rng.randint(2, 9)}}})
    return out
```'''


def table(rng: random.Random) -> str:
    rows = ["| stage | before | after |", "| --- | ---: | ---: |"]
    for _ in range(rng.randint(3, 6)):
        before = rng.randint(100, 900)
        rows.append(f"| {rng.choice(WORDS)} | {before} ms | {before * rng.randint(30, 90) // 100} ms |")
    return "\n".join(rows)


def mermaid(rng: random.Random) -> str:
    a, b, c = rng.sample(WORDS, 3)
    return f"```mermaid\nflowchart LR\n    {a}[{a}] --> {b}[{b}]\n    {b} --> {c}[{c}]\n```"


def admonition(rng: random.Random) -> str:
    kind = rng.choice(("note", "tip", "warning"))
    return f'!!! {kind} "{rng.choice(WORDS).capitalize()} first"\n\n    {paragraph(rng, 2)}'


def post_text(
    index: int,
    rng: random.Random,
    *,
    authors: Sequence[str],
    categories: Sequence[str],
    start: dt.date,
    step: int = 3,
) -> tuple[str, str]:
    """The ``index``-th post: (file name, text), dated about ``step`` days after the one before."""
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(VERBS)}: notes {index:04d}"
    slug = slug_of(title)
    meta: dict[str, object] = {
        "title": title,
        "description": sentence(rng, plain=True),
        "date": start + dt.timedelta(days=index * step + rng.randint(0, 2)),
        "authors": [rng.choice(authors)],
        "categories": sorted(set(rng.sample(list(categories), rng.choice((1, 1, 2))))),
        "slug": slug,
        "tags": sorted(set(rng.sample(TAGS, 2))),
    }
    sections = [paragraph(rng, 4), "<!-- more -->"]
    for n in range(rng.randint(4, 5)):
        sections.append(f"## {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {n + 1}")
        sections.append(paragraph(rng, rng.randint(6, 9)))
        if n == 0:
            sections.append(code_block(rng))
        elif n == 1:
            sections.append(admonition(rng))
        elif n == 2:
            sections.append(table(rng))
        elif n == 3 and index % 3 == 0:
            sections.append(mermaid(rng))
        sections.append(paragraph(rng, rng.randint(4, 6)))
    return f"{slug}.md", front_matter(meta) + "\n" + "\n\n".join(sections) + "\n"


# No generated post is dated after this (a fixed day in the past: the corpus never changes).
LAST_DATE = dt.date(2026, 1, 1)


def generate(
    count: int,
    *,
    seed: int,
    authors: Sequence[str],
    categories: Sequence[str],
    start: dt.date = dt.date(2019, 1, 1),
    end: dt.date = LAST_DATE,
) -> list[tuple[str, str]]:
    """``count`` posts as (file name, text), the same for the same arguments.

    Posts come every 3 days or so from ``start``; when that would pass ``end`` (the site
    refuses posts dated in the future), closer together: 1000 posts every 2 days."""
    rng = random.Random(seed)
    step = min(3, ((end - start).days - 2) // max(count, 1))
    if step < 1:
        raise ValueError(f"at most {(end - start).days - 2} posts fit between {start} and {end}, not {count}")
    return [post_text(i, rng, authors=authors, categories=categories, start=start, step=step) for i in range(count)]


def write_corpus(out: Path, count: int, seed: int = 7, root: Path = ROOT) -> list[Path]:
    data = loader.load_site_data(root / "data", root / "docs", label_root=root)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(count, seed=seed, authors=list(data.people), categories=data.category_names):
        path = out / name
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} posts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
