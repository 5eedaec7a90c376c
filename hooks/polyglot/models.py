"""Validated shapes of the data files (``data/*.yml``) and of post front matter."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_ICON = re.compile(r"^(material|fontawesome/(brands|regular|solid)|octicons|simple)/[a-z0-9-]+$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


_URL_UNSAFE = re.compile(r"[\s\"<>`{}|\\^\x00-\x1f\x7f]")


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("not a URL (expected http:// or https://)")
    bad = _URL_UNSAFE.search(value)
    if bad:
        # Never valid unencoded in a URL, and a quote or bracket would end an HTML attribute.
        raise ValueError(f"not a URL: {bad.group()!r} must be percent-encoded")
    return value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("not an email address")
    return value


def _icon(value: str) -> str:
    if not _ICON.fullmatch(value):
        raise ValueError("not an icon name like 'material/rocket' or 'fontawesome/brands/github'")
    return value


def _hostname(value: str) -> str:
    if not _HOSTNAME.fullmatch(value):
        raise ValueError("not a domain name like 'blog.example.com' (lower case, no scheme or path)")
    return value


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Url = Annotated[str, AfterValidator(_url)]
Email = Annotated[str, AfterValidator(_email)]
Icon = Annotated[str, AfterValidator(_icon)]
Text = Annotated[str, AfterValidator(_nonblank)]
Hostname = Annotated[str, AfterValidator(_hostname)]
PersonId = Annotated[str, Field(pattern=_ID.pattern)]


class Strict(BaseModel):
    """Base: unknown keys are errors, values are never coerced across types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


ContactKind = Literal["email", "github", "twitter", "x", "linkedin", "mastodon", "website"]


class Contact(Strict):
    kind: ContactKind
    label: Text
    url: Url | None = None
    address: Email | None = None

    @model_validator(mode="after")
    def _target(self) -> Contact:
        if self.kind == "email":
            if self.address is None:
                raise ValueError("an email contact needs 'address'")
            if self.url is not None:
                raise ValueError("an email contact takes 'address', not 'url'")
        elif self.url is None:
            raise ValueError(f"a {self.kind} contact needs 'url'")
        elif self.address is not None:
            raise ValueError(f"a {self.kind} contact takes 'url', not 'address'")
        return self


class Person(Strict):
    name: Text
    role: Text
    bio: Text
    avatar: Text
    profile: Text
    location: Text | None = None
    contacts: list[Contact] = Field(min_length=1)
    stack: dict[str, list[Text]] = Field(default_factory=dict)


class Category(Strict):
    name: Text
    icon: Icon
    description: Text


class Feeds(Strict):
    """What feed items carry: the excerpt (default) or the full post."""

    content: Literal["excerpt", "full"] = "excerpt"
    length: int = Field(default=20, gt=0)


class Giscus(Strict):
    """Giscus comments (giscus.app): the values its configuration page gives."""

    repo: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    repo_id: Text
    category: Text
    category_id: Text
    mapping: Literal["pathname", "url", "title", "og:title"] = "pathname"
    reactions: bool = True
    lang: Text = "en"


class Analytics(Strict):
    """Material's analytics integration (Google Analytics 4 property id)."""

    provider: Literal["google"]
    property: Annotated[str, Field(pattern=r"^G-[A-Z0-9]+$")]


class Privacy(Strict):
    """Opt-in third parties. Both off by default; when on, nothing loads before consent."""

    comments: Giscus | None = None
    analytics: Analytics | None = None

    @property
    def any(self) -> bool:
        return self.comments is not None or self.analytics is not None


class Site(Strict):
    name: Text
    tagline: Text
    description: Text
    owner: PersonId
    categories: list[Category] = Field(min_length=1)
    stack_icons: dict[str, Icon]
    feeds: Feeds = Field(default_factory=Feeds)
    privacy: Privacy = Field(default_factory=Privacy)
    social_cards: bool = True
    # A custom domain for GitHub Pages (written to CNAME in every build); None: github.io.
    domain: Hostname | None = None

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, categories: list[Category]) -> list[Category]:
        names = [c.name for c in categories]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate category names: {', '.join(dupes)}")
        return categories

    @field_validator("stack_icons")
    @classmethod
    def _default_icon(cls, icons: dict[str, str]) -> dict[str, str]:
        if "default" not in icons:
            raise ValueError("stack_icons needs a 'default' icon")
        return icons


class Impact(Strict):
    metric: Text
    before: Text
    after: Text


class Project(Strict):
    title: Text
    author: PersonId
    problem: Text
    impact: list[Impact] = Field(min_length=1)
    stack: list[Text] = Field(default_factory=list)
    demo: Url | None = None
    repo: Url | None = None


class Projects(Strict):
    projects: list[Project] = Field(default_factory=list)


People = dict[PersonId, Person]
