#!/usr/bin/env python3
"""Serve-rebuild benchmark: what a `make serve` rebuild costs after a title edit, by phase,
in one process, without the file polling and HTTP round trip that `bench_serve.py` includes.

    python scripts/bench_rebuild.py --posts 500 [--edits 6] [--rounds 2] [--baseline REF] [--handlers]
    (make bench-rebuild N=500 [BASELINE=REF] [HANDLERS=1])

Builds this site with N generated posts (`bench.make_site`); with ``--baseline`` also a copy
whose `hooks/`, `overrides/`, `data/` and `mkdocs.yml` are those of git revision REF, to
compare two versions of the code on the same machine at the same time. Each variant runs
in its own process (the speed hooks patch MkDocs in it), as `mkdocs serve` runs: it builds
once, then after each of ``--edits`` title edits of the newest post it rebuilds, with full
garbage collections held off during the rebuild and one run before the next (what
`polyglot.gcidle` does under serve). Variants alternate for ``--rounds`` rounds. Prints the
median rebuild of each variant and the median of each phase; with ``--handlers``, also the
median time of each plugin's and hook's handler of each event (wall clock, no profiler: a
profiler's cost per Python call inflates code made of many small calls several times over).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = "blog/posts/bench"  # bench.CORPUS_DIR (not imported here: see worker)

# What a rebuild is made of, in order; "pages" is what is left of the build (mostly every
# page's key, context hooks, rendering and writing; also on_pre_build, on_env and copying
# the static files), so the phases add up to the whole rebuild.
PHASES = ("config", "files", "nav", "populate", "pages", "post_build")
BASELINE_PATHS = ("hooks", "overrides", "data", "mkdocs.yml")
_TITLE = re.compile(r"^title: .*$", re.MULTILINE)
_DATE = re.compile(r"^date: (\S+)$", re.MULTILINE)


def phases_of(times: dict[str, float], total: float) -> dict[str, float]:
    """A rebuild's phases from the timed parts (``pages``: the rest of ``total``)."""
    parts = {name: times.get(name, 0.0) for name in PHASES if name != "pages"}
    return {**parts, "pages": max(total - sum(parts.values()), 0.0), "total": total}


def summarize(rebuilds: Iterable[dict[str, float]]) -> dict[str, float]:
    """The median of each phase and of the total over ``rebuilds``."""
    rows = list(rebuilds)
    return {name: statistics.median(row[name] for row in rows) for name in (*PHASES, "total")} if rows else {}


def table(results: dict[str, list[dict[str, Any]]], posts: int, edits: int, rounds: int) -> str:
    """A Markdown table: one row per variant, medians over every rebuild of every round."""
    lines = [
        f"serve rebuilds in one process, posts: {posts}, edits: {edits}, rounds: {rounds}, "
        f"{dt.date.today().isoformat()}, medians (s)",
        "",
        "| variant | rebuild | " + " | ".join(PHASES) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in PHASES) + " |",
    ]
    for name, rebuilds in results.items():
        med = summarize(rebuilds)
        lines.append(f"| {name} | **{med['total']:.3f}** | " + " | ".join(f"{med[p]:.3f}" for p in PHASES) + " |")
    return "\n".join(lines)


def handlers_table(results: dict[str, list[dict[str, Any]]], top: int | None = None) -> str:
    """Per variant, its event handlers (the ``top`` ones, or all) by median time per rebuild,
    slowest first (a handler a rebuild did not call counts as 0 there)."""
    lines = [
        "",
        "event handlers, median per rebuild (s):",
        "",
        "| variant | handler | calls | time |",
        "| --- | --- | ---: | ---: |",
    ]
    for name, rebuilds in results.items():
        rows = [r.get("handlers", {}) for r in rebuilds]
        labels = {label for row in rows for label in row}
        medians = {label: statistics.median(row.get(label, (0, 0.0))[1] for row in rows) for label in labels}
        calls = {label: statistics.median(row.get(label, (0, 0.0))[0] for row in rows) for label in labels}
        for label in sorted(labels, key=lambda lb: (-medians[lb], lb))[:top]:
            lines.append(f"| {name} | `{label}` | {calls[label]:.0f} | {medians[label]:.3f} |")
    return "\n".join(lines)


def use_revision(project: Path, revision: str) -> None:
    """Replace the code and configuration of ``project`` with those of git ``revision``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "--", *BASELINE_PATHS],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"--baseline {revision}: {archive.stderr.decode(errors='replace').strip()}")
    for name in BASELINE_PATHS:
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(project, filter="data")  # Python 3.11.4 and later


# --- The process that rebuilds (one per variant and round) ---------------------------------------


def _timed(times: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - start

    return timed


class TimedHandler:
    """An event handler that adds its wall time to ``times[label]`` (calls, seconds). It
    keeps the original's ``__self__`` and ``__func__``: the site's hooks tell handlers apart
    by them (the replayed context hooks skip the blog plugin's)."""

    def __init__(self, handler: Callable[..., Any], label: str, times: dict[str, list[float]]) -> None:
        self._handler, self._label, self._times = handler, label, times
        self.__self__ = getattr(handler, "__self__", None)
        self.__func__ = getattr(handler, "__func__", None)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._handler(*args, **kwargs)
        finally:
            entry = self._times.setdefault(self._label, [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - start


def time_handlers(plugins: Any, times: dict[str, list[float]]) -> None:
    """Wrap every registered handler of every event but ``startup``, ``shutdown`` and ``config``
    (called once the config events ran: the site's ``on_config`` rebinds a handler it finds
    by its function), each labelled ``event:plugin``."""
    origins = plugins._event_origins
    for event, handlers in plugins.events.items():
        if event in ("startup", "shutdown", "config", "serve"):
            continue
        for i, handler in enumerate(handlers):
            if isinstance(handler, TimedHandler):
                continue
            origin = origins.get(handler, "<unknown>")
            wrapped = TimedHandler(handler, f"{event}:{origin}", times)
            handlers[i] = wrapped
            origins[wrapped] = origin


def newest_post(folder: Path) -> Path:
    """The post with the latest date (the one at the top of the blog index)."""
    dated = [(match.group(1), path) for path in folder.glob("*.md") if (match := _DATE.search(path.read_text("utf-8")))]
    return max(dated)[1]


def worker(project: Path, edits: int, handlers: bool = False) -> int:
    """Build ``project`` once, then rebuild after each title edit; one JSON line per rebuild.

    Imports nothing of this repository's `hooks/` (as `bench` does): the project's own hooks
    must load their own `polyglot` package, which a baseline's differs from."""
    os.chdir(project)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection

    times: dict[str, float] = {}
    handler_times: dict[str, list[float]] = {}
    for event, phase in (("on_config", "config"), ("on_files", "files"), ("on_nav", "nav")):
        setattr(PluginCollection, event, _timed(times, phase, getattr(PluginCollection, event)))
    if handlers:
        on_files = PluginCollection.on_files

        def files_then_handlers(self: Any, *args: Any, **kwargs: Any) -> Any:
            time_handlers(self, handler_times)
            return on_files(self, *args, **kwargs)

        PluginCollection.on_files = files_then_handlers  # type: ignore[method-assign]
    PluginCollection.on_post_build = _timed(times, "post_build", PluginCollection.on_post_build)
    mkdocs_build.get_files = _timed(times, "files", mkdocs_build.get_files)
    mkdocs_build.get_navigation = _timed(times, "nav", mkdocs_build.get_navigation)
    mkdocs_build._populate_page = _timed(times, "populate", mkdocs_build._populate_page)

    site_dir = tempfile.mkdtemp(prefix="polyglot-bench-rebuild-site-")
    serve_url = "http://127.0.0.1:8000/"

    def config() -> Any:
        loaded = load_config(config_file="mkdocs.yml", site_dir=site_dir)
        loaded.site_url = serve_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build.build(first, serve_url=serve_url)
    package = sys.modules.get("polyglot")
    if package is not None and not Path(str(package.__file__)).resolve().is_relative_to(project.resolve()):
        raise SystemExit(f"polyglot was loaded from {package.__file__}, not from {project}")
    post = newest_post(project / "docs" / CORPUS_DIR)
    text = post.read_text("utf-8")
    thresholds = gc.get_threshold()
    try:
        for i in range(edits):
            post.write_text(_TITLE.sub(f"title: 'Rebuild {i} {os.urandom(3).hex()}'", text, count=1), "utf-8")
            gc.collect()  # what serve's idle collection did after the last rebuild
            gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)  # full collections held off
            times.clear()
            handler_times.clear()
            start = time.perf_counter()
            loaded = _timed(times, "config", config)()
            mkdocs_build.build(loaded, serve_url=serve_url)
            total = time.perf_counter() - start
            gc.set_threshold(*thresholds)
            row: dict[str, Any] = phases_of(times, total)
            if handlers:
                row["handlers"] = handler_times
            print(json.dumps(row), flush=True)
    finally:
        post.write_text(text, "utf-8")
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def run_variant(project: Path, edits: int, handlers: bool = False) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            str(project),
            "--edits",
            str(edits),
            *(["--handlers"] if handlers else []),
        ],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{project.name}: rebuilds failed\n{proc.stderr[-4000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", help="a git revision whose code to measure beside this one")
    parser.add_argument("--handlers", action="store_true", help="also time each event handler")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.edits, args.handlers)
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    work = Path(tempfile.mkdtemp(prefix="polyglot-bench-rebuild-"))
    try:
        variants = {"site": bench.make_site(work / "site", args.posts, args.seed)}
        if args.baseline:
            baseline = bench.make_site(work / "baseline", args.posts, args.seed)
            use_revision(baseline, args.baseline)
            variants = {f"baseline ({args.baseline})": baseline, **variants}
        results: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
        for round_no in range(1, args.rounds + 1):
            for name, project in variants.items():
                rebuilds = run_variant(project, args.edits, args.handlers)
                results[name] += rebuilds
                runs = ", ".join(f"{r['total']:.2f}" for r in rebuilds)
                print(f"  round {round_no}: {name}: {runs} s", file=sys.stderr)
        print(table(results, args.posts, args.edits, args.rounds))
        if args.handlers:
            print(handlers_table(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
