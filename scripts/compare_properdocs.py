#!/usr/bin/env python3
"""Build the site with MkDocs and with ProperDocs and fail if the outputs differ.

ProperDocs (https://properdocs.org, PyPI ``properdocs``) is the maintained drop-in fork
of MkDocs 1.x. Building with both proves the site can move to it by changing the
command only. Both builds use this project's virtual environment (ProperDocs redirects
``import mkdocs`` to itself, so Material and the plugins run unchanged on it).

Known, explained differences are normalized before comparing (KNOWN_DIFFERENCES); any
other difference is printed as a unified diff and the exit status is 1.

    python scripts/compare_properdocs.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Known:
    pattern: re.Pattern[str]
    replacement: str
    why: str


KNOWN_DIFFERENCES = (
    Known(
        re.compile(r'<meta name="generator" content="mkdocs-[^",]+, '),
        '<meta name="generator" content="ENGINE, ',
        "Material names the engine and its version in a generator <meta>: "
        "'mkdocs-1.6.1' for MkDocs, 'mkdocs-ProperDocs 1.6.7' for ProperDocs.",
    ),
    Known(
        re.compile(r"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>"),
        "<lastmod>DATE</lastmod>",
        "The sitemap's <lastmod> is the build date: two builds straddling midnight differ.",
    ),
    Known(
        re.compile(r"<(pubDate|lastBuildDate)>[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} [\d:]{8} -0000</\1>"),
        r"<\1>BUILD TIME</\1>",
        "mkdocs-rss-plugin stamps each feed's channel with the build time (to the second); posts' "
        "own dates (+0000, from front matter) are compared as they are.",
    ),
)

TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".txt", ".svg", ""}


def build(command: list[str], site: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.Popen(
        [*command, "build", "--strict", "--clean", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def normalize(text: str) -> tuple[str, int]:
    """``text`` with every known difference replaced, and how many replacements were made."""
    count = 0
    for known in KNOWN_DIFFERENCES:
        text, n = known.pattern.subn(known.replacement, text)
        count += n
    return text, count


def compare(a: Path, b: Path, label_a: str = "mkdocs", label_b: str = "properdocs") -> tuple[list[str], int, int]:
    """Differences between two built sites after normalizing: (diff lines, files, normalized lines)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out: list[str] = []
    for rel in sorted(files_a ^ files_b):
        out.append(f"only in {label_a if rel in files_a else label_b}: {rel}")
    normalized = 0
    for rel in sorted(files_a & files_b):
        data_a, data_b = read(a / rel), read(b / rel)
        if data_a == data_b:
            continue
        suffix = Path(str(rel).removesuffix(".gz")).suffix
        if suffix not in TEXT_SUFFIXES:
            out.append(f"binary files differ: {rel}")
            continue
        text_a, n_a = normalize(data_a.decode("utf-8"))
        text_b, n_b = normalize(data_b.decode("utf-8"))
        normalized += max(n_a, n_b)
        if text_a != text_b:
            out.extend(
                difflib.unified_diff(
                    text_a.splitlines(),
                    text_b.splitlines(),
                    f"{label_a}/{rel}",
                    f"{label_b}/{rel}",
                    lineterm="",
                    n=1,
                )
            )
    return out, len(files_a | files_b), normalized


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build into this folder and keep both outputs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-properdocs-") as tmp:
        base = args.keep or Path(tmp)
        sites = {"mkdocs": base / "mkdocs", "properdocs": base / "properdocs"}
        procs = {
            "mkdocs": build([sys.executable, "-m", "mkdocs"], sites["mkdocs"]),
            "properdocs": build([sys.executable, "-m", "properdocs"], sites["properdocs"]),
        }
        failed = False
        for name, proc in procs.items():
            log, _ = proc.communicate(timeout=900)
            if proc.returncode != 0:
                failed = True
                print(f"--- {name} build failed ---\n{log}", file=sys.stderr)
        if failed:
            return 1
        diff, files, normalized = compare(sites["mkdocs"], sites["properdocs"])
    if diff:
        print("\n".join(diff[:400]))
        print(f"\nFAIL: MkDocs and ProperDocs outputs differ ({len(diff)} diff lines, {files} files).")
        return 1
    print(
        f"OK: {files} files identical after normalizing {normalized} known lines:\n"
        + "\n".join(f"  - {k.why}" for k in KNOWN_DIFFERENCES)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
