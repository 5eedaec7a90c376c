"""The last pass over built pages (``postpage.finish``) done by a helper process.

In a cold build of many posts the last pass is about a quarter of the build's own work,
and its result is needed only once every page is built (nothing reads a built page before
the end of the build). So the build writes each page as its templates made it, as MkDocs
writes any page, and hands its name to a helper (``helper.FeedHelper``), forked once the
first page needs it: the helper reads the page back, finishes it, stores the result in the
cache under the key the build gave, and writes the finished page into a hidden working
folder of the site (:data:`FOLDER`). After its last page the build moves each finished page
into place (:func:`take`), or does the pass itself where the helper did not (a task it had
not reached, failed or died on): from the page on disk, which only the build replaces. The
folder is removed at the start and the end of every build (:func:`clear`), so a build that
was interrupted leaves nothing behind for the next one to publish.

A page goes to the helper only if it reads back as the same text (:func:`can_hand_over`).
No MkDocs here: ``speed_hooks`` decides when and with which arguments.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Mapping
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
FOLDER = ".polyglot-finishing"  # in the site folder: the same file system as the pages


def can_hand_over(html: str) -> bool:
    """Whether ``html``, written as MkDocs writes a page (:func:`page_bytes`), reads back as
    the same text (no lone surrogates: those are written as character references) and is
    written at all (MkDocs skips a blank page)."""
    return bool(html.strip()) and (html.isascii() or not _LONE_SURROGATE.search(html))


def page_bytes(html: str) -> bytes:
    """A page's file, as MkDocs' ``_build_page`` writes it."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


def folder(site_dir: str) -> str:
    """The working folder of the site's finished pages."""
    return os.path.join(site_dir, FOLDER)


def clear(site_dir: str) -> None:
    """Remove the working folder and whatever a build left in it."""
    shutil.rmtree(folder(site_dir), ignore_errors=True)


def payload(key: str, label: str, page: str, dest: str, finished: str) -> bytes:
    """A task for the helper: the cache key of the result, the page's label and path in the
    site (``finish``'s own arguments), its file and where to write the finished page."""
    return json.dumps([key, label, page, dest, finished], ensure_ascii=True).encode("ascii")


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
        key, label, page, dest, finished = json.loads(task)
        with open(dest, "rb") as f:
            html = f.read().decode("utf-8")
        result = finish(html, label=label, page=page, **shared)
        put(key, result)
        if not result.strip():
            return  # MkDocs would not write it: the build decides
        data = page_bytes(result)
        try:
            with open(finished, "wb") as f:
                f.write(data)
        except BaseException:
            _remove(finished)
            raise
        if written is not None:
            written(data)

    return run


def take(finished: str, dest: str) -> bool:
    """Move the helper's finished page into place at ``dest``; False if it wrote none."""
    try:
        os.replace(finished, dest)
    except FileNotFoundError:
        return False
    return True


def read_back(dest: str, finished: str) -> str:
    """The page as the build wrote it (before the last pass), without the finished copy a
    helper may have left half-written."""
    _remove(finished)
    with open(dest, "rb") as f:
        return f.read().decode("utf-8")


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
