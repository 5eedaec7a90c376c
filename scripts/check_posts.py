#!/usr/bin/env python3
"""Check posts as the build will: valid front matter, known authors and categories, an
excerpt marker; and no scaffold placeholder left in a published post.

Usage: ``check_posts.py [FILE ...]`` (default: every post under docs/blog/posts/).
The pre-commit hook ``check-posts`` runs it on the posts a commit touches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from polyglot import errors, loader, posts, scaffold  # noqa: E402


def check(path: Path, root: Path, data: loader.SiteData) -> list[str]:
    """Every problem with the post at ``path``, each as ``file: field: problem``."""
    docs = root / "docs"
    label = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        resolved = path.resolve()
        src_uri = resolved.relative_to(docs).as_posix() if resolved.is_relative_to(docs) else path.name
        post = posts.parse_post(text, src_uri, label, authors=data.people, categories=data.category_names)
    except UnicodeDecodeError as exc:
        return [f"{label}: (file): not UTF-8 text (byte {exc.start})"]
    except errors.DataError as exc:
        return str(exc).splitlines()
    problems = []
    if not post.meta.draft:
        if post.meta.description == scaffold.DESCRIPTION_PLACEHOLDER:
            problems.append(f"{label}: description: still the placeholder; write one sentence (or keep draft: true)")
        if scaffold.EXCERPT_PLACEHOLDER in post.body:
            problems.append(f"{label}: (body): the excerpt is still the placeholder (or keep draft: true)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    files = args.files or sorted((root / "docs" / "blog" / "posts").rglob("*.md"))
    try:
        data = loader.load_site_data(root / "data", root / "docs", label_root=root)
    except errors.DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = [problem for path in files for problem in check(path, root, data)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
