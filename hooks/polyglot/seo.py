"""What search engines and social sites read: meta descriptions, Open Graph, JSON-LD."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from .models import Person

DESCRIPTION_LIMIT = 160
_TWITTER_HOSTS = ("twitter.com", "www.twitter.com", "x.com", "www.x.com")


@functools.lru_cache(maxsize=16384)
def absolute(site_url: str, path: str) -> str:
    """The absolute URL of a site-root-relative ``path`` (``""`` is the home page); memoized:
    a build asks for the same few thousand URLs again on every page and rebuild."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, path.lstrip("/"))


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"


def iso(value: dt.datetime) -> str:
    """An ISO 8601 timestamp; front matter dates carry no zone and are read as UTC."""
    stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return stamp.isoformat()


def twitter_handle(person: Person) -> str | None:
    """``@name`` from a person's X/Twitter contact URL, if any."""
    for contact in person.contacts:
        if contact.kind in ("twitter", "x") and contact.url:
            parts = urlsplit(contact.url)
            name = parts.path.strip("/").split("/")[0]
            if parts.netloc.lower() in _TWITTER_HOSTS and name:
                return "@" + name
    return None


@dataclass(frozen=True)
class Author:
    pid: str
    person: Person
    url: str  # absolute URL of the profile page
    avatar: str  # absolute URL of the avatar


@dataclass(frozen=True)
class Image:
    url: str
    alt: str
    width: int
    height: int
    type: str = "image/png"


@dataclass
class PageInfo:
    """Everything the head of one page says about it (all URLs absolute)."""

    kind: str  # "home", "post", "profile" or "page"
    title: str
    description: str
    url: str
    site_name: str
    site_url: str
    language: str = "en"
    image: Image | None = None
    authors: list[Author] = field(default_factory=list)
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    profile: Author | None = None  # the person an author page is about
    search_url: str | None = None  # where ?q= opens the site's search


def meta_tags(info: PageInfo) -> list[tuple[str, str, str]]:
    """``(attribute, key, content)`` for each Open Graph, Twitter and article meta tag."""
    og_type = "article" if info.kind == "post" else "profile" if info.kind == "profile" else "website"
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", og_type),
        ("property", "og:site_name", info.site_name),
        ("property", "og:title", info.title),
        ("property", "og:description", info.description),
        ("property", "og:url", info.url),
        ("property", "og:locale", info.language.replace("-", "_")),
    ]
    if info.image:
        tags += [
            ("property", "og:image", info.image.url),
            ("property", "og:image:type", info.image.type),
            ("property", "og:image:width", str(info.image.width)),
            ("property", "og:image:height", str(info.image.height)),
            ("property", "og:image:alt", info.image.alt),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if info.image else "summary"),
        ("name", "twitter:title", info.title),
        ("name", "twitter:description", info.description),
    ]
    if info.image:
        tags += [("name", "twitter:image", info.image.url), ("name", "twitter:image:alt", info.image.alt)]
    handles = [h for h in (twitter_handle(a.person) for a in info.authors) if h]
    if handles:
        tags.append(("name", "twitter:creator", handles[0]))
    if info.kind == "post":
        if info.published:
            tags.append(("property", "article:published_time", iso(info.published)))
            tags.append(("property", "article:modified_time", iso(info.modified or info.published)))
        tags += [("property", "article:author", a.url) for a in info.authors]
        if info.section:
            tags.append(("property", "article:section", info.section))
        tags += [("property", "article:tag", t) for t in info.tags]
    if info.kind == "profile" and info.profile:
        first, _, last = info.profile.person.name.partition(" ")
        tags.append(("property", "profile:first_name", first))
        if last:
            tags.append(("property", "profile:last_name", last))
    return tags


def person_ld(author: Author) -> dict[str, Any]:
    """schema.org Person; ``sameAs`` lists the person's web profiles (never an email)."""
    person = author.person
    data: dict[str, Any] = {
        "@type": "Person",
        "@id": author.url + "#person",
        "name": person.name,
        "url": author.url,
        "jobTitle": person.role,
        "description": person.bio,
        "image": author.avatar,
    }
    same_as = [str(c.url) for c in person.contacts if c.kind != "email" and c.url]
    if same_as:
        data["sameAs"] = same_as
    return data


def breadcrumbs_ld(crumbs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def website_ld(info: PageInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "WebSite",
        "@id": info.site_url + "#website",
        "name": info.site_name,
        "url": info.site_url,
        "description": info.description,
        "inLanguage": info.language,
    }
    if info.search_url:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": info.search_url + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return data


def blog_posting_ld(info: PageInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "BlogPosting",
        "@id": info.url + "#article",
        "headline": info.title,
        "description": info.description,
        "url": info.url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": info.url},
        "inLanguage": info.language,
        "author": [person_ld(a) for a in info.authors],
        "isPartOf": {"@id": info.site_url + "#website"},
    }
    if info.published:
        data["datePublished"] = iso(info.published)
        data["dateModified"] = iso(info.modified or info.published)
    if info.image:
        data["image"] = {
            "@type": "ImageObject",
            "url": info.image.url,
            "width": info.image.width,
            "height": info.image.height,
        }
    if info.section:
        data["articleSection"] = info.section
    if info.tags:
        data["keywords"] = ", ".join(info.tags)
    if info.authors:
        data["publisher"] = {"@id": info.authors[0].url + "#person"}
    return data


def json_ld(info: PageInfo) -> dict[str, Any]:
    """One JSON-LD graph for the page: WebSite (home), BlogPosting and its authors (posts),
    Person (author profiles) and a BreadcrumbList (every page below home)."""
    graph: list[dict[str, Any]] = []
    if info.kind == "home":
        graph.append(website_ld(info))
    elif info.kind == "post":
        graph.append(blog_posting_ld(info))
    elif info.kind == "profile" and info.profile:
        graph.append(
            {
                "@type": "ProfilePage",
                "@id": info.url,
                "url": info.url,
                "name": info.title,
                "mainEntity": person_ld(info.profile),
            }
        )
    if len(info.breadcrumbs) > 1:
        graph.append(breadcrumbs_ld(info.breadcrumbs))
    return {"@context": "https://schema.org", "@graph": graph}


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>`` can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
