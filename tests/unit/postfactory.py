"""Build validated fixture posts for the unit tests."""

from __future__ import annotations

from polyglot.posts import Post, parse_post

AUTHORS = ["saad-laouadi", "ibrahim-lahlou"]
CATEGORIES = ["Production ML Systems", "Practical Guides", "Lessons from the Field"]


def make_post(
    slug: str,
    date: str = "2026-01-01",
    *,
    categories: tuple[str, ...] = ("Practical Guides",),
    tags: tuple[str, ...] = (),
    series: str | None = None,
    draft: bool = False,
    extra: str = "",
) -> Post:
    lines = [
        f"title: {slug.replace('-', ' ').title()}",
        f"description: About {slug}.",
        f"date: {date}",
        "authors: [saad-laouadi]",
        f"categories: [{', '.join(categories)}]",
        f"tags: [{', '.join(tags)}]",
    ]
    if series:
        lines.append(f"series: {series}")
    if draft:
        lines.append("draft: true")
    text = "---\n" + "\n".join(lines) + "\n" + extra + "---\n\nExcerpt.\n\n<!-- more -->\n\nBody.\n"
    src = f"blog/posts/{slug}.md"
    return parse_post(text, src, f"docs/{src}", authors=AUTHORS, categories=CATEGORIES)
