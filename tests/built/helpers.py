"""Helpers for reading the built site."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    """Parse the built page at site-relative URL ``url`` (``""`` is home)."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.is_file(), f"no built page at {url!r}"
    return soup_of(path)


def text(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" "))


def content(soup: BeautifulSoup) -> BeautifulSoup:
    article = soup.select_one("article.md-content__inner, div.md-content__inner")
    assert article is not None, "page has no article content"
    return article


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)
