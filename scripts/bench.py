#!/usr/bin/env python3
"""Build-speed benchmark: this site against stock MkDocs + Material (blog + search) on the
same generated posts, in temp dirs, alternating runs; prints medians and ratios.

    python scripts/bench.py --posts 500 [--rounds 3] [--hooks] [--json FILE]   (make bench N=500)

Variants (each a subprocess ``mkdocs build``; wall time, CPU time and peak RSS of that
child via ``os.wait4``):

- ``stock``: a minimal mkdocs.yml: theme material, plugins search + blog, the site's
  Markdown extensions (so both convert the same Markdown the same way).
- ``site cold``: this project (hooks, macros, overrides, every plugin) with no cache; on a
  machine with two cores or more the build shares its work with a helper process
  (``polyglot.helper``).
- ``site cold, no helper``: the same on one core (``POLYGLOT_HELPER=off``).
- ``site warm``: the same again, nothing changed, cache from the cold build.
- with ``--hooks``: ``site, no cache`` (speed tricks off, ``POLYGLOT_CACHE=off``) and
  ``site, no hooks/macros`` (the same config without ``hooks:`` and the macros plugin),
  to show what the site's own hooks and macros cost.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hooks"))

import gen_corpus  # noqa: E402
from polyglot import blog as blog_data  # noqa: E402
from polyglot import loader  # noqa: E402
from project_copy import copy_project  # noqa: E402

CORPUS_DIR = "blog/posts/bench"

STOCK_YML = """\
site_name: Stock blog
site_url: https://example.org/stock/
theme:
  name: material
plugins:
  - search
  - blog:
      post_excerpt: required
      categories_allowed: {categories}
markdown_extensions:
{extensions}
"""

# The Markdown extensions of this site's mkdocs.yml, minus the ones that need its files.
STOCK_EXTENSIONS = """\
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight:
      anchor_linenums: true
      line_spans: __span
      pygments_lang_class: true
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
"""

BARE_YML = """\
# This site without its hooks and macros (benchmark only).
INHERIT: mkdocs.yml
strict: false
hooks: []
plugins:
  - search
  - blog:
      blog_dir: blog
      post_url_format: "{{date}}/{{slug}}"
      post_url_date_format: yyyy/MM/dd
      post_date_format: long
      post_excerpt: required
      post_readtime: true
      archive_date_format: yyyy
      authors_file: "{authors}"
      categories_allowed: {categories}
      pagination_per_page: 10
      draft_on_serve: true
      draft_if_future_date: false
"""


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mib: float


@dataclass
class Variant:
    name: str
    project: Path
    config: str = "mkdocs.yml"
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    runs: list[Run] = field(default_factory=list)


def make_site(dest: Path, posts: int, seed: int) -> Path:
    copy_project(dest)
    gen_corpus.write_corpus(dest / "docs" / CORPUS_DIR, posts, seed, root=ROOT)
    return dest


def make_stock(dest: Path, posts: int, seed: int) -> Path:
    data = loader.load_site_data(ROOT / "data", ROOT / "docs", label_root=ROOT)
    docs = dest / "docs"
    (docs / "blog").mkdir(parents=True)
    (docs / "index.md").write_text("# Stock\n\nA stock Material blog.\n", "utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", "utf-8")
    authors = blog_data.authors_file(data.people)
    for author in authors["authors"].values():
        author.pop("url", None)  # profile pages exist only in the real site
        author["avatar"] = "https://example.org/avatar.png"
    (docs / "blog" / ".authors.yml").write_text(yaml.safe_dump(authors, sort_keys=False), "utf-8")
    categories = json.dumps(data.category_names)
    (dest / "mkdocs.yml").write_text(STOCK_YML.format(categories=categories, extensions=STOCK_EXTENSIONS), "utf-8")
    gen_corpus.write_corpus(docs / CORPUS_DIR, posts, seed, root=ROOT)
    return dest


def make_bare(site: Path) -> str:
    """A config for ``site`` without hooks and macros; returns its file name."""
    data = loader.load_site_data(site / "data", site / "docs", label_root=site)
    authors = site / "bench-authors.yml"
    authors.write_text(yaml.safe_dump(blog_data.authors_file(data.people), sort_keys=False), "utf-8")
    text = BARE_YML.format(authors=authors, categories=json.dumps(data.category_names))
    (site / "mkdocs-bare.yml").write_text(text, "utf-8")
    return "mkdocs-bare.yml"


def build_once(variant: Variant, out: Path) -> Run:
    if variant.before:
        variant.before()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **variant.env}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", variant.config, "-d", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=variant.project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    log = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{variant.name}: build failed\n{log.decode(errors='replace')}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(variants: list[Variant], posts: int, rounds: int) -> str:
    by_name = {v.name: v for v in variants}

    def wall(name: str) -> float:
        return median([r.wall for r in by_name[name].runs])

    def cpu(name: str) -> float:
        return median([r.cpu for r in by_name[name].runs])

    def rss(name: str) -> float:
        return max(r.rss_mib for r in by_name[name].runs)

    lines = [
        f"posts: {posts}, rounds: {rounds} (alternating), {dt.date.today().isoformat()}, "
        f"{os.cpu_count()} cores, medians (peak RSS: the highest run)",
        "",
        "| variant | wall (s) | CPU (s) | peak RSS (MiB) | wall vs stock | CPU vs stock | RSS vs stock |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for v in variants:
        lines.append(
            f"| {v.name} | {wall(v.name):.2f} | {cpu(v.name):.2f} | {rss(v.name):.0f} | "
            f"{wall(v.name) / wall('stock'):.2f}x | {cpu(v.name) / cpu('stock'):.2f}x | "
            f"{rss(v.name) / rss('stock'):.2f}x |"
        )

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    cold, warm = wall("site cold") / wall("stock"), wall("site warm") / wall("stock")
    lines += [
        "",
        f"- cold build <= 0.6x stock: {cold:.2f}x wall, "
        f"{cpu('site cold') / cpu('stock'):.2f}x CPU: {verdict(cold <= 0.6)}",
        f"- warm build <= 0.3x stock: {warm:.2f}x wall, "
        f"{cpu('site warm') / cpu('stock'):.2f}x CPU: {verdict(warm <= 0.3)}",
        f"- peak RSS <= stock: {rss('site cold'):.0f} vs {rss('stock'):.0f} MiB: "
        f"{verdict(rss('site cold') <= rss('stock'))}",
    ]
    if "site cold, no helper" in by_name:
        alone = wall("site cold, no helper") / wall("stock")
        lines.append(
            f"- cold build on one core (no helper): {alone:.2f}x wall, "
            f"{cpu('site cold, no helper') / cpu('stock'):.2f}x CPU: {verdict(alone <= 0.6)}"
        )
    if "site, no hooks/macros" in by_name:
        whole = wall("site cold") / wall("site, no hooks/macros") - 1
        whole_cpu = cpu("site cold") / cpu("site, no hooks/macros") - 1
        lines.append(
            f"- the site's hooks and macros add <= 5% (all of them, speed layer included, cold cache): "
            f"{whole:+.1%} wall, {whole_cpu:+.1%} CPU: {verdict(whole <= 0.05)}"
        )
    if "site, no cache" in by_name and "site, no hooks/macros" in by_name:
        extra = wall("site, no cache") / wall("site, no hooks/macros") - 1
        extra_cpu = cpu("site, no cache") / cpu("site, no hooks/macros") - 1
        lines.append(
            f"- the site's hooks and macros add <= 5% (both without the speed hooks): "
            f"{extra:+.1%} wall, {extra_cpu:+.1%} CPU: {verdict(extra <= 0.05)}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hooks", action="store_true", help="also measure the cost of the site's hooks and macros")
    parser.add_argument("--json", type=Path, help="also write the runs as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="polyglot-bench-"))
    try:
        site = make_site(work / "site", args.posts, args.seed)
        stock = make_stock(work / "stock", args.posts, args.seed)
        cache = site / ".cache"

        def drop_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        variants = [
            Variant("stock", stock),
            Variant("site cold, no helper", site, env={"POLYGLOT_HELPER": "off"}, before=drop_cache),
            Variant("site cold", site, before=drop_cache),
            Variant("site warm", site),
        ]
        if args.hooks:
            variants.append(Variant("site, no cache", site, env={"POLYGLOT_CACHE": "off"}))
            variants.append(Variant("site, no hooks/macros", site, config=make_bare(site)))
        for i in range(args.rounds):
            # Stock first in even rounds, last in odd ones; "site warm" always right after "site cold".
            # Every cold variant drops the whole cache, social cards included: nothing is drawn
            # or converted ahead of it.
            order = variants if i % 2 == 0 else [*variants[1:], variants[0]]
            for v in order:
                run = build_once(v, work / "out" / v.name.replace(" ", "-").replace(",", "").replace("/", "-"))
                v.runs.append(run)
                print(f"  round {i + 1}: {v.name}: {run.wall:.2f} s, {run.rss_mib:.0f} MiB", file=sys.stderr)
        print(table(variants, args.posts, args.rounds))
        if args.json:
            args.json.write_text(
                json.dumps({v.name: [r.__dict__ for r in v.runs] for v in variants}, indent=2), "utf-8"
            )
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
