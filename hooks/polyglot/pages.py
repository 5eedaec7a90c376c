"""Every Markdown page, checked before MkDocs reads it: size, encoding, front matter, URLs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import DataError
from .posts import _FRONT_MATTER, Post, parse_post, split_front_matter

MAX_PAGE_BYTES = 1_000_000


def read_page(raw: bytes, label: str) -> str:
    """Decode a page's bytes; an oversized or non-UTF-8 file fails naming it.

    A Markdown page over 1 MB is a pasted log or data set, not prose: it would be slow
    to build, heavy to read and bloat the search index, so it is refused.
    """
    if len(raw) > MAX_PAGE_BYTES:
        raise DataError.single(
            label,
            "(file)",
            f"too large: {len(raw) / 1_000_000:.1f} MB (a page may have at most "
            f"{MAX_PAGE_BYTES / 1_000_000:.0f} MB; split it, or link to the data instead)",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError.single(label, "(file)", f"not UTF-8 text (byte {exc.start})") from None


def read_post(path: Path, src_uri: str, label: str, *, authors: Iterable[str], categories: Iterable[str]) -> Post:
    """Read the post at ``path`` (:func:`read_page`) and validate it (``posts.parse_post``)."""
    return parse_post(read_page(path.read_bytes(), label), src_uri, label, authors=authors, categories=categories)


def check_front_matter(text: str, label: str) -> None:
    """A page's optional front matter must be valid YAML (MkDocs would silently print it)."""
    if _FRONT_MATTER.match(text.replace("\r\n", "\n")):
        split_front_matter(text, label)


def duplicate_urls(urls: Mapping[str, str], docs: str = "docs") -> None:
    """Fail when two source files would be written to the same URL, naming both."""
    by_url: dict[str, list[str]] = {}
    for src, url in urls.items():
        by_url.setdefault(url, []).append(src)
    problems = [(sorted(srcs), url) for url, srcs in by_url.items() if len(srcs) > 1]
    if problems:
        first, url = sorted(problems)[0]
        others = ", ".join(f"{docs}/{s}" for s in first[1:])
        raise DataError(
            f"{docs}/{first[0]}",
            [("slug", f"same URL '{url}' as {others}: give one of them another slug or date")],
        )
