"""mkdocs-macros entry point: the macros pages may call (pages opt in with
``render_macros: true``). Each macro is a thin call into ``polyglot.components``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polyglot import codeblocks, components, escaping
from polyglot.build import Build

BUILD_KEY = "_polyglot"


def define_env(env: Any) -> None:
    def build() -> Build:
        return env.conf[BUILD_KEY]

    def page_url() -> str:
        return env.page.url

    @env.macro
    def stack(person_id: str, code: bool = True, cards: bool = True) -> str:
        """A person's stack: the Python dict (highlighted) and/or a grid of cards."""
        return components.stack_block(build(), person_id, page_url(), code=code, cards=cards)

    @env.macro
    def contact_cards(person_id: str | None = None) -> str:
        """A person's contacts as cards (default: the site's owner)."""
        return components.contact_block(build(), person_id, page_url())

    @env.macro
    def latest_posts(n: int = 5) -> str:
        """The ``n`` newest published posts, or the "coming soon" note while there are none."""
        return components.latest_posts_slot(build(), n)

    @env.macro
    def category_cards() -> str:
        """The blog's themes as cards linking to their category pages."""
        return components.category_block(build(), page_url())

    @env.macro
    def author_cards() -> str:
        """Every author as a card linking to their profile."""
        return components.authors_block(build(), page_url())

    @env.macro
    def projects() -> str:
        """Project cards from data/projects.yml, or the empty state."""
        return components.projects_block(build(), page_url())

    @env.macro
    def person(person_id: str) -> Any:
        """A person's validated data, e.g. ``{{ person("saad-laouadi").name }}`` (HTML-escaped)."""
        return escaping.view(build().data.people[person_id])

    @env.macro
    def site() -> Any:
        """The validated site identity (``data/site.yml``), HTML-escaped."""
        return escaping.view(build().data.site)


def on_pre_page_macros(env: Any) -> None:
    """Keep code literal on opted-in pages: wrap code containing ``{{ }}``/``{% %}`` in raw."""
    if env.page.meta.get("render_macros"):
        env.markdown = codeblocks.protect_code(env.markdown)
