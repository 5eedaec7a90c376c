"""Render the Jinja partials under ``overrides/partials/polyglot/`` with autoescaping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

PARTIALS = "partials/polyglot"


def make_env(template_dirs: Sequence[str]) -> Environment:
    """A Jinja environment over the theme's folders (overrides first, then Material).

    Autoescaping is on for everything: data values always reach HTML as text.
    Material's icon SVGs are included from ``.icons/`` in the theme folder.
    """
    env = Environment(
        loader=FileSystemLoader(list(template_dirs)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["icon_path"] = lambda name: f".icons/{name}.svg"
    return env


def compact(html: str) -> str:
    """Join a rendered partial into one block with no blank lines or indentation.

    Markdown would read an indented line as code and a blank line as the end of an
    HTML block; a compact block is passed through untouched.
    """
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def render_partial(env: Environment, name: str, **context: Any) -> str:
    return compact(env.get_template(f"{PARTIALS}/{name}").render(**context))


def render_verbatim(env: Environment, name: str, **context: Any) -> str:
    """Render a partial as it is written: for content whose lines must be kept (a stylesheet)."""
    return env.get_template(f"{PARTIALS}/{name}").render(**context)
