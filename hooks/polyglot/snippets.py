"""Files Markdown may read: snippets stay inside the project's folders, with clear errors.

``pymdownx.snippets`` is configured with ``restrict_base_path`` and ``check_paths``; it
then raises a bare exception (a traceback) for a refused or missing path. These checks
turn that into ``file: field: problem`` before the page is rendered, and refuse symbolic
links that lead out of the folders (the extension compares paths, not real locations).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pymdownx.snippets import SnippetMissingError

from .errors import DataError


def check_page(markdown: str, processor: Any, label: str, bases: Iterable[str]) -> None:
    """Run the snippet preprocessor over ``markdown``; a refused or missing file fails.

    ``processor`` is the configured ``SnippetPreprocessor`` (None when snippets are off).
    """
    if processor is None:
        return
    if "8<" not in markdown and not getattr(processor, "auto_append", None):
        return  # every snippet marker has "8<" in it (-8<-, --8<--): nothing to include
    try:
        processor.run(markdown.split("\n"))
    except SnippetMissingError as exc:
        allowed = " or ".join(f"{b}/" for b in bases)
        raise DataError.single(
            label, "(snippet)", f"{exc}: snippets may only include existing files under {allowed}"
        ) from None


def escaping_links(folder: Path, root: Path) -> list[str]:
    """Symbolic links under ``folder`` whose target lies outside ``root`` (relative paths).

    Listed with ``os.scandir``, whose entries know whether they are links without another
    system call per file (the whole of ``docs/`` is walked on every build and serve rebuild);
    links to folders are checked, not followed."""
    real_root = root.resolve()
    found = []
    pending = [os.fspath(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                listed = list(entries)
        except OSError:  # gone or unreadable, as os.walk skips it
            continue
        for entry in listed:
            if entry.is_symlink():
                if not Path(entry.path).resolve().is_relative_to(real_root):
                    found.append(Path(entry.path).relative_to(root).as_posix())
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
    return sorted(found)
