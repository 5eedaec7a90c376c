"""Files at the site's root for crawlers, language models and installers:
``robots.txt``, ``llms.txt`` and ``manifest.webmanifest``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from .seo import absolute


@dataclass(frozen=True)
class Entry:
    """One line of llms.txt: a page's title, absolute URL and description."""

    title: str
    url: str
    description: str


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"


def _line(entry: Entry) -> str:
    title = entry.title.replace("[", "(").replace("]", ")")
    description = " ".join(entry.description.split())
    return f"- [{title}]({entry.url})" + (f": {description}" if description else "")


def llms_txt(
    name: str,
    summary: str,
    details: str,
    sections: Iterable[tuple[str, Iterable[Entry]]],
) -> str:
    """The site in the llms.txt format (llmstxt.org): a title, a summary and linked lists."""
    out = [f"# {name}", "", f"> {' '.join(summary.split())}", "", " ".join(details.split()), ""]
    for heading, entries in sections:
        lines = [_line(e) for e in entries]
        if lines:
            out += [f"## {heading}", "", *lines, ""]
    return "\n".join(out)


def manifest(
    name: str,
    short_name: str,
    description: str,
    *,
    theme_color: str,
    background_color: str,
    icons: Iterable[tuple[str, int]],
    lang: str = "en",
) -> str:
    """A web app manifest; paths are relative to the manifest at the site's root."""
    data = {
        "name": name,
        "short_name": short_name,
        "description": " ".join(description.split()),
        "lang": lang,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": theme_color,
        "background_color": background_color,
        "icons": [
            {"src": src, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"} for src, size in icons
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
