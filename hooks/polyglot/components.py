"""Markdown/HTML blocks that pages embed through macros; each reads one validated build."""

from __future__ import annotations

import posixpath
import re

from .blog import category_url
from .build import Build
from .contacts import person_contacts
from .errors import DataError
from .models import Person
from .posts import card_context, latest
from .render import render_partial
from .stack import card_groups, fenced, python_literal
from .urls import relative_url


def _person(build: Build, person_id: str, caller: str) -> Person:
    try:
        return build.data.people[person_id]
    except KeyError:
        known = ", ".join(build.data.people)
        raise DataError.single("data/people.yml", person_id, f"{caller}: unknown person (known: {known})") from None


def stack_block(build: Build, person_id: str, page_url: str, *, code: bool = True, cards: bool = True) -> str:
    person = _person(build, person_id, "stack()")
    parts = []
    if code:
        parts.append(fenced(python_literal("stack", person.stack), "python"))
    if cards:
        groups = card_groups(person.stack, build.data.site.stack_icons)
        parts.append(render_partial(build.env, "stack-cards.html", person_id=person_id, groups=groups))
    return "\n\n".join(parts)


def contact_block(build: Build, person_id: str | None, page_url: str) -> str:
    pid = person_id or build.data.site.owner
    person = _person(build, pid, "contact_cards()")
    return render_partial(build.env, "contact-cards.html", person_id=pid, contacts=person_contacts(person))


LATEST_POSTS_SLOT = re.compile(r'<div class="pe-latest-slot" data-pe-latest-posts="(\d+)"></div>')


def latest_posts_slot(build: Build, n: int = 5) -> str:
    """A placeholder for the latest posts, filled by :func:`fill_latest_posts`.

    Reading time and excerpt come from each post as rendered (macros included), which
    exists only once every page's Markdown is converted: after the page embedding them.
    """
    return render_partial(build.env, "latest-posts-slot.html", n=int(n))


def latest_posts_block(build: Build, page_url: str, n: int = 5) -> str:
    cards = []
    for post in latest(build.posts, n, include_drafts=build.include_drafts):
        card = card_context(post)
        card["url"] = relative_url(build.url_of(post.src_uri), page_url)
        cards.append(card)
    return render_partial(
        build.env,
        "post-cards.html",
        posts=cards,
        blog_url=relative_url(posixpath.join(build.blog_dir, ""), page_url),
        about_url=relative_url(build.url_of("about.md"), page_url),
    )


def fill_latest_posts(build: Build, html: str, page_url: str) -> str:
    """Replace every latest-posts placeholder in a finished page."""
    return LATEST_POSTS_SLOT.sub(lambda m: latest_posts_block(build, page_url, int(m.group(1))), html)


def category_block(build: Build, page_url: str) -> str:
    categories = [
        {
            "name": c.name,
            "icon": c.icon,
            "description": c.description,
            "url": relative_url(category_url(build.blog_dir, c.name), page_url),
        }
        for c in build.data.site.categories
    ]
    return render_partial(build.env, "category-cards.html", categories=categories)


def authors_block(build: Build, page_url: str) -> str:
    people = [
        {
            "person_id": pid,
            "person": person,
            "avatar_url": relative_url(person.avatar, page_url),
            "profile_url": relative_url(build.url_of(person.profile), page_url),
        }
        for pid, person in build.data.people.items()
    ]
    return render_partial(build.env, "people-cards.html", people=people)


def projects_block(build: Build, page_url: str) -> str:
    projects = []
    for project in build.data.projects:
        author = build.data.people[project.author]
        projects.append(
            {
                **project.model_dump(),
                "author_name": author.name,
                "author_url": relative_url(build.url_of(author.profile), page_url),
            }
        )
    return render_partial(build.env, "project-cards.html", projects=projects)
