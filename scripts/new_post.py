#!/usr/bin/env python3
"""Create a draft post: ``make post TITLE="..." [CATEGORY=...] [AUTHOR=...]``.

Prints the new file's path and the URL where ``make serve`` shows it. Refuses to
overwrite an existing file; an unknown category or author lists the allowed ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from mkdocs.utils.yaml import yaml_load  # noqa: E402

from polyglot import errors, loader, scaffold  # noqa: E402


def blog_config(config: dict[str, Any]) -> dict[str, Any]:
    """The options of the blog plugin in ``mkdocs.yml`` (empty when it has none)."""
    for item in config.get("plugins") or []:
        if isinstance(item, dict):
            for name, options in item.items():
                if name in ("blog", "material/blog"):
                    return options or {}
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", default="")
    parser.add_argument("--category", default=None)
    parser.add_argument("--author", default=None)
    parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--root", default=str(ROOT), help="the project folder (default: this one)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)

    root = Path(args.root).resolve()
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f) or {}
    docs = root / config.get("docs_dir", "docs")
    blog = blog_config(config)
    try:
        date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        data = loader.load_site_data(root / "data", docs, label_root=root)
        post = scaffold.scaffold_post(
            args.title,
            date=date,
            people=data.people,
            owner=data.site.owner,
            categories=data.category_names,
            category=args.category,
            author=args.author,
            blog_dir=blog.get("blog_dir", "blog"),
            url_format=blog.get("post_url_format", "{date}/{slug}"),
            date_format=blog.get("post_url_date_format", "yyyy/MM/dd"),
        )
    except (scaffold.ScaffoldError, errors.DataError, ValueError) as exc:
        print(f"make post: {exc}", file=sys.stderr)
        return 2

    path = docs / post.src_path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(post.text)
    except FileExistsError:
        shown = path.relative_to(root).as_posix()
        print(f"make post: {shown} already exists; pick another title (nothing was written)", file=sys.stderr)
        return 1
    print(f"Created {path.relative_to(root).as_posix()} (a draft: remove 'draft: true' to publish)")
    print(f"Preview: {scaffold.preview_url(config.get('site_url', ''), post.url, args.host, args.port)} (make serve)")
    print("Before publishing, replace the TODO description and excerpt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
