"""Blog posts as data: front matter validation, excerpts, reading time, latest posts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from math import ceil
from typing import Annotated, Any, ClassVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, field_validator

from . import yamltext
from .errors import DataError
from .loader import validate
from .models import Text

EXCERPT_SEPARATOR = "<!-- more -->"
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def _to_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
    raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")


Date = Annotated[dt.datetime, BeforeValidator(_to_datetime)]


class PostDates(BaseModel):
    model_config = ConfigDict(extra="forbid")
    created: Date
    updated: Date | None = None


def _to_dates(value: Any) -> Any:
    """``date: 2026-11-16`` or ``date: {created: ..., updated: ...}`` (Material's two forms)."""
    if isinstance(value, dict):
        return value
    return {"created": _to_datetime(value)}


class Cover(BaseModel):
    """A post's cover image: a file under ``docs/``, its text alternative, and its size.

    ``width``/``height`` are read from the file when left out (see ``polyglot.covers``).
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    src: Text
    alt: Text
    width: int | None = Field(default=None, gt=0)
    height: int | None = Field(default=None, gt=0)


class PostMeta(BaseModel):
    """The front matter a post may carry; unknown keys are typos and fail the build."""

    model_config = ConfigDict(extra="forbid", strict=False)

    title: Text
    description: Text
    date: Annotated[PostDates, BeforeValidator(_to_dates)]
    authors: list[str] = Field(min_length=1)
    categories: list[str] = Field(min_length=1)
    tags: list[Text] = Field(default_factory=list)
    draft: bool = False
    pin: bool = False
    slug: Text | None = None
    readtime: int | None = None
    series: Text | None = None
    cover: Cover | None = None
    # Keys Material for MkDocs itself understands on a post.
    hide: list[str] = Field(default_factory=list)
    template: str | None = None
    links: list[Any] | None = None
    comments: bool | None = None
    search: dict[str, Any] | None = None
    render_macros: bool | None = None

    @field_validator("draft", "pin", mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value

    @field_validator("authors", "categories", mode="before")
    @classmethod
    def _list_of_str(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError("must be a list, e.g. [name]")
        return value

    @property
    def created(self) -> dt.datetime:
        return self.date.created

    @property
    def updated(self) -> dt.datetime | None:
        return self.date.updated


_META: TypeAdapter[PostMeta] = TypeAdapter(PostMeta)
_LEADING_H1 = re.compile(r"^\s*<h1\b.*?</h1>", re.DOTALL)


@dataclass
class Post:
    """A validated post, before MkDocs renders it."""

    src_uri: str
    label: str
    meta: PostMeta
    body: str
    readtime: int | None = None
    excerpt: str = ""

    @property
    def excerpt_markdown(self) -> str:
        return self.body.split(EXCERPT_SEPARATOR, 1)[0].strip()

    def rendered(self, html: str, words_per_minute: int = 265, minutes: int | None = None) -> None:
        """Record what the rendered post says: its reading time and its excerpt as text.

        ``minutes``: the reading time the blog plugin already computed from the same HTML
        with the same formula (saves parsing the post again); computed here when absent.
        """
        self.readtime = self.meta.readtime or minutes or readtime(html, words_per_minute)
        excerpt = html.split(EXCERPT_SEPARATOR, 1)[0]
        self.excerpt = html_to_text(_LEADING_H1.sub("", excerpt, count=1))


def split_front_matter(text: str, label: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter from Markdown; a malformed block names the file and line."""
    text = yamltext.normalize_newlines(text)
    match = _FRONT_MATTER.match(text)
    if not match:
        raise DataError.single(label, "(front matter)", "a post needs YAML front matter between '---' lines")
    try:
        data = yamltext.parse(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line, problem = yamltext.error_location(exc, match.group(1), line_offset=1)
        where = f"front matter line {line}" if line is not None else "(front matter)"
        raise DataError.single(label, where, f"malformed YAML: {problem}") from None
    if not isinstance(data, dict):
        raise DataError.single(label, "(front matter)", "front matter must be a mapping of keys to values")
    return data, text[match.end() :]


def parse_post(text: str, src_uri: str, label: str, *, authors: Iterable[str], categories: Iterable[str]) -> Post:
    """Validate one post's front matter and body against the known authors and categories.

    ``src_uri`` is the path under ``docs/``; ``label`` is how errors name the file.
    """
    raw, body = split_front_matter(text, label)
    meta = validate(_META, raw, label)
    known_authors, known_categories = list(authors), list(categories)
    for i, author in enumerate(meta.authors):
        if author not in known_authors:
            raise DataError.single(
                label, f"authors[{i}]", f"unknown author '{author}' (known: {', '.join(known_authors)})"
            )
    for i, category in enumerate(meta.categories):
        if category not in known_categories:
            raise DataError.single(
                label, f"categories[{i}]", f"unknown category '{category}' (allowed: {', '.join(known_categories)})"
            )
    if EXCERPT_SEPARATOR not in body:
        raise DataError.single(label, "(body)", f"missing the excerpt separator '{EXCERPT_SEPARATOR}'")
    return Post(src_uri=src_uri, label=label, meta=meta, body=body)


class _TextParser(HTMLParser):
    """Collects visible text and counts images, like Material's reading-time parser."""

    _SKIP: ClassVar[frozenset[str]] = frozenset({"object", "script", "style", "svg"})
    _VOID: ClassVar[frozenset[str]] = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images += 1
        if tag not in self._VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._SKIP.intersection(self.stack):
            self.text.append(data)


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.text)).strip()


def readtime(html: str, words_per_minute: int = 265) -> int:
    """Minutes to read ``html``: Material's formula (words, plus 12 s, 11 s, ... per image)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    words = len(re.split(r"\W+", "".join(parser.text)))
    seconds = ceil(words / words_per_minute * 60)
    delta = 12
    for _ in range(parser.images):
        seconds += delta
        delta = delta - 1 if delta > 3 else delta
    return ceil(seconds / 60)


FUTURE_GRACE = dt.timedelta(days=1)  # "today" somewhere on Earth may be tomorrow in UTC


def check_not_future(post: Post, now: dt.datetime) -> None:
    """A published post dated after ``now`` (UTC, naive) fails naming the file and field.

    A static site is only rebuilt when something is pushed, so a "scheduled" post would
    not appear on its date but at some later deploy: an explicit error (or ``draft:
    true`` until then) is more honest than a silent omission.
    """
    if post.meta.draft:
        return
    limit = now + FUTURE_GRACE
    for field, value in (("date", post.meta.created), ("date.updated", post.meta.updated)):
        if value is not None and value > limit:
            raise DataError.single(
                post.label,
                field,
                f"{value.date().isoformat()} is in the future: publish it on that day, or set draft: true until then",
            )


def is_published(post: Post, *, include_drafts: bool) -> bool:
    return include_drafts or not post.meta.draft


def latest(posts: Iterable[Post], n: int, *, include_drafts: bool = False) -> list[Post]:
    """The ``n`` newest posts, pinned first (as the blog index orders them), drafts excluded."""
    visible = [p for p in posts if is_published(p, include_drafts=include_drafts)]
    visible.sort(key=lambda p: (p.meta.pin, p.meta.created), reverse=True)
    return visible[: max(n, 0)]


def card_context(post: Post) -> dict[str, Any]:
    """What a post card shows: title, date, reading time and excerpt (once rendered)."""
    return {
        "title": post.meta.title,
        "date": post.meta.created,
        "readtime": post.readtime,
        "excerpt": post.excerpt,
        "categories": post.meta.categories,
        "draft": post.meta.draft,
    }
