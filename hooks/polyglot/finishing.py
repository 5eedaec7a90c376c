"""The last pass over built pages (``postpage.finish``) done by a helper process.

In a cold build of many posts the last pass is about a quarter of the build's own work,
and its result is needed only once every page is built (nothing reads a built page before
the end of the build). So the build writes each page as its templates made it, as MkDocs
writes any page, and hands its name to a helper (``helper.FeedHelper``), forked once the
first page needs it: the helper reads the page back, finishes it, stores the result in the
cache under the key the build gave, and writes the finished page beside the page
(:func:`finished_path`). After its last page the build moves each finished page into
place (:func:`take`), or does the pass itself where the helper did not (a task it had not
reached, failed or died on): from the page on disk, which only the build replaces.

A page goes to the helper only if it reads back as the same text (:func:`can_hand_over`).
No MkDocs here: ``speed_hooks`` decides when and with which arguments.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
FINISHED_SUFFIX = ".polyglot-finished"


def can_hand_over(html: str) -> bool:
    """Whether ``html``, written as MkDocs writes a page (:func:`page_bytes`), reads back as
    the same text (no lone surrogates: those are written as character references) and is
    written at all (MkDocs skips a blank page)."""
    return bool(html.strip()) and (html.isascii() or not _LONE_SURROGATE.search(html))


def page_bytes(html: str) -> bytes:
    """A page's file, as MkDocs' ``_build_page`` writes it."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


def finished_path(dest: str) -> str:
    """Where the helper writes the finished page of ``dest`` (a hidden file beside it)."""
    head, tail = os.path.split(dest)
    return os.path.join(head, f".{tail}{FINISHED_SUFFIX}")


def payload(key: str, label: str, page: str, dest: str) -> bytes:
    """A task for the helper: the cache key of the result, the page's label and path in the
    site (``finish``'s own arguments) and its file."""
    return json.dumps([key, label, page, dest], ensure_ascii=True).encode("ascii")


def runner(
    finish: Callable[..., str],
    shared: Mapping[str, Any],
    put: Callable[[str, str], None],
    written: Callable[[bytes], None] | None = None,
) -> Callable[[Any], None]:
    """The helper's task: ``finish`` the page named by a :func:`payload` with the build-wide
    arguments ``shared``, ``put`` the result under its key, write it to :func:`finished_path`,
    then pass the finished file's bytes to ``written`` (what the end of the build reads of it)."""

    def run(task: Any) -> None:
        key, label, page, dest = json.loads(task)
        with open(dest, "rb") as f:
            html = f.read().decode("utf-8")
        result = finish(html, label=label, page=page, **shared)
        put(key, result)
        if not result.strip():
            return  # MkDocs would not write it: the build decides
        finished, data = finished_path(dest), page_bytes(result)
        try:
            with open(finished, "wb") as f:
                f.write(data)
        except BaseException:
            _remove(finished)
            raise
        if written is not None:
            written(data)

    return run


def take(dest: str) -> bool:
    """Move the helper's finished page of ``dest`` into place; False if it wrote none."""
    try:
        os.replace(finished_path(dest), dest)
    except FileNotFoundError:
        return False
    return True


def read_back(dest: str) -> str:
    """The page as the build wrote it (before the last pass), without any finished copy
    a helper may have left half-written."""
    _remove(finished_path(dest))
    with open(dest, "rb") as f:
        return f.read().decode("utf-8")


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
