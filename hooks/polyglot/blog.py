"""What Material's blog plugin needs from the data: authors and category pages."""

from __future__ import annotations

import html
import os
import posixpath
from pathlib import Path
from typing import Any

from pymdownx.slugs import slugify

from .models import Category, Person

_slugify = slugify(case="lower")


def authors_file(people: dict[str, Person]) -> dict[str, Any]:
    """The blog plugin's ``.authors.yml`` content, generated from ``people.yml``.

    ``url`` points at the person's profile page; paths are relative to the site root
    (Material's templates pass them through its ``url`` filter).
    """
    authors = {}
    for pid, person in people.items():
        folder, name = posixpath.split(posixpath.splitext(person.profile)[0])
        profile = folder + "/" if name in ("index", "README") else posixpath.join(folder, name) + "/"
        profile = "" if profile == "/" else profile
        authors[pid] = {
            "name": person.name,
            "description": person.role,
            "avatar": person.avatar,
            "url": profile,
        }
    return {"authors": authors}


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it holds it already, by renaming a complete file into
    place: another build of the same project reading it meanwhile (``make compare-properdocs``
    runs two at once) sees the old text or the new one, never an empty or partial file."""
    try:
        if path.read_text("utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def category_slug(name: str) -> str:
    """The slug Material's blog plugin gives a category (its default ``categories_slugify``)."""
    return _slugify(name, "-")


def category_src_path(blog_dir: str, name: str) -> str:
    return posixpath.join(blog_dir, "category", category_slug(name) + ".md")


def category_url(blog_dir: str, name: str) -> str:
    return posixpath.join(blog_dir, "category", category_slug(name)) + "/"


def category_page(category: Category, post_count: int) -> str:
    """Markdown for a category's page: its theme from the data, or an empty state.

    Name and description are HTML-escaped: Markdown passes HTML through, and the page's
    title (which Material prints unescaped) is read from this heading.
    """
    text = f"# {html.escape(category.name)}\n\n{html.escape(category.description)}\n"
    if post_count == 0:
        text += (
            '\n!!! info "No posts yet"\n\n'
            "    Nothing published in this category yet. "
            "Browse [all posts](../index.md) meanwhile.\n"
        )
    return text
