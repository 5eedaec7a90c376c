"""A new post, ready to write: valid front matter, an excerpt marker, a draft.

Pure: given the validated data, a title and a date, it returns the post's path, text and
URL. Writing the file (and refusing to overwrite one) is the caller's job
(``scripts/new_post.py``, run by ``make post``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml
from babel.dates import format_datetime
from pymdownx.slugs import slugify

from .models import Person
from .posts import EXCERPT_SEPARATOR

# The description every scaffolded post starts with: valid, so the draft builds, but
# ``scripts/check_posts.py`` refuses it on a published post.
DESCRIPTION_PLACEHOLDER = "TODO: one sentence for search engines, feeds and social cards."
EXCERPT_PLACEHOLDER = "TODO: the excerpt, what the blog index, the home page and feeds show."
BODY_PLACEHOLDER = "TODO: the rest of the post."

_slugify = slugify(case="lower")
# File names and URLs stay ASCII: accents are dropped (NFD), as "déjà vu" -> "deja-vu".
_slugify_ascii = slugify(case="lower", normalize="NFD")


class ScaffoldError(ValueError):
    """A request the scaffold cannot honour; the message says what is allowed."""


@dataclass(frozen=True)
class NewPost:
    src_path: str  # under docs/, e.g. blog/posts/my-title.md
    text: str
    url: str  # site-root-relative, e.g. blog/2026/11/23/my-title/


def slug_of(title: str) -> str:
    """A post's slug (its file name and URL): lower case, ASCII letters, digits and hyphens."""
    slug = _slugify_ascii(" ".join(title.split()), "-")
    if not slug:
        raise ScaffoldError(f"cannot make a slug from the title {title!r}: use letters or digits")
    return slug


def _norm(text: str) -> str:
    return _slugify(text.strip(), "-")


def pick_category(requested: str | None, allowed: Sequence[str]) -> str:
    """The allowed category named by ``requested`` (exact, any case, or its slug); first by default."""
    if not allowed:
        raise ScaffoldError("data/site.yml defines no categories")
    if requested is None or not requested.strip():
        return allowed[0]
    for name in allowed:
        if requested == name or _norm(requested) == _norm(name):
            return name
    listing = "\n".join(f"  - {name}" for name in allowed)
    raise ScaffoldError(f"unknown category {requested!r}; the allowed categories (data/site.yml) are:\n{listing}")


def pick_author(requested: str | None, people: Mapping[str, Person], owner: str) -> str:
    """The author id named by ``requested`` (an id or a name, any case); the site's owner by default."""
    if requested is None or not requested.strip():
        return owner
    for pid, person in people.items():
        if requested == pid or _norm(requested) in (pid, _norm(person.name)):
            return pid
    listing = "\n".join(f"  - {pid} ({person.name})" for pid, person in people.items())
    raise ScaffoldError(f"unknown author {requested!r}; the authors (data/people.yml) are:\n{listing}")


def post_url(
    blog_dir: str, slug: str, date: dt.date, *, url_format: str = "{date}/{slug}", date_format: str = "yyyy/MM/dd"
) -> str:
    """The site-relative URL the blog plugin gives a post (its ``post_url_format``)."""
    when = dt.datetime(date.year, date.month, date.day)
    path = url_format.format(date=format_datetime(when, format=date_format, locale="en"), slug=slug, categories="")
    path = posixpath.normpath(path.strip("/"))
    return posixpath.join(blog_dir, path) + "/"


def preview_url(site_url: str, url: str, host: str = "127.0.0.1", port: int = 8000) -> str:
    """Where ``mkdocs serve`` shows ``url``: it serves under the path of ``site_url``."""
    base = urlsplit(site_url or "/").path.strip("/")
    prefix = f"/{base}/" if base else "/"
    return f"http://{host}:{port}{prefix}{url}"


def front_matter(meta: dict[str, object]) -> str:
    """YAML front matter: quoting as YAML needs it, lists inline (like the hand-written posts)."""
    lines = []
    for key, value in meta.items():
        if isinstance(value, list):
            flow = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
            lines.append(f"{key}: {flow.strip()}")
        else:
            dumped = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=10_000)
            lines.append(dumped.strip())
    return "---\n" + "\n".join(lines) + "\n---\n"


def scaffold_post(
    title: str,
    *,
    date: dt.date,
    people: Mapping[str, Person],
    owner: str,
    categories: Sequence[str],
    category: str | None = None,
    author: str | None = None,
    blog_dir: str = "blog",
    url_format: str = "{date}/{slug}",
    date_format: str = "yyyy/MM/dd",
) -> NewPost:
    """A draft post titled ``title``, dated ``date``, in an allowed category, by a known author."""
    if not title or not title.strip():
        raise ScaffoldError('a title is required, e.g. make post TITLE="Shipping a drift monitor"')
    title = " ".join(title.split())
    slug = slug_of(title)
    meta: dict[str, object] = {
        "title": title,
        "description": DESCRIPTION_PLACEHOLDER,
        "date": date,
        "authors": [pick_author(author, people, owner)],
        "categories": [pick_category(category, categories)],
        "slug": slug,
        "tags": [],
        "draft": True,
    }
    text = f"{front_matter(meta)}\n{EXCERPT_PLACEHOLDER}\n\n{EXCERPT_SEPARATOR}\n\n{BODY_PLACEHOLDER}\n"
    return NewPost(
        src_path=posixpath.join(blog_dir, "posts", f"{slug}.md"),
        text=text,
        url=post_url(blog_dir, slug, date, url_format=url_format, date_format=date_format),
    )
