"""Serve rebuilds: which pages need not be rendered again, because nothing they read changed.

After a save, ``mkdocs serve`` builds the whole site again. Every page still goes through
every plugin's context hooks, its template (or the rendered-page cache, whose key walks
all the page's context) and the post-render passes, although a title edit changes a
handful of pages. Here a page that is a blog post is skipped when its inputs are those it
had in the last build of the same process, whose output for it is still on disk:

- the page as MkDocs made it before its context hooks ran (content, metadata, table of
  contents, URL, neighbours, navigation, template, the site's config, data, templates and
  code, package versions, build date: ``speed_hooks.page_key`` of that context);
- what the site's page hooks read of the rest of the build (``Build.build_inputs``: URLs,
  stylesheets, CSP policy) and of other posts (``Build.page_inputs``: its series and related
  posts);
- whether MkDocs builds it as a draft preview.

Pages that read more than that are never skipped: views (they list posts), pages rendered
by macros, pages that include snippets, pages holding the latest-posts slot.

A skipped page still goes through every plugin's context hooks (the search index, the
site's social-card and llms.txt entries, and the metadata the views read), with the
renders only its template reads left out (``Skipper.replaying``); its template, its
post-render passes and writing it are skipped. No MkDocs here: ``speed_hooks`` wires it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SNIPPET = "--8<--"  # pymdownx.snippets: the page includes other files


def skippable_source(markdown: str | None, content: str | None, meta: Any, *, macros_by_default: bool) -> bool:
    """Whether a post's own text allows skipping it: no snippets, no macros, no slot filled
    after rendering (``slot_markers``: checked by the caller, which knows them)."""
    if markdown is None or content is None or SNIPPET in markdown:
        return False
    if not isinstance(meta, dict):
        return False
    macros = meta.get("render_macros")
    return not (macros if isinstance(macros, bool) else macros_by_default)


@dataclass
class Skipper:
    """The inputs of the pages of the last complete build, and those of the build running.

    ``check`` says whether a page can be skipped and records its inputs for the next build;
    ``commit`` makes this build's records the reference once the build completed, ``abort``
    forgets all of them (a failed build may have written some pages and not others)."""

    last: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri -> (inputs, output path)
    current: dict[str, tuple[str, str]] = field(default_factory=dict)
    skipped: int = 0
    rendered: int = 0
    replaying: Any = None  # the page being skipped, while its context hooks run

    def begin(self) -> None:
        self.current = {}
        self.skipped = self.rendered = 0

    def check(
        self, src_uri: str, inputs: str | None, output: str, exists: Callable[[str], bool] = os.path.isfile
    ) -> bool:
        """Record the page's inputs (None: unknown, never skipped) and say whether its output
        from the last build can stay as it is."""
        if inputs is None:
            self.rendered += 1
            return False
        entry = (inputs, output)
        self.current[src_uri] = entry
        unchanged = self.last.get(src_uri) == entry and exists(output)
        if unchanged:
            self.skipped += 1
        else:
            self.rendered += 1
        return unchanged

    def commit(self) -> None:
        self.last, self.current = self.current, {}

    def abort(self) -> None:
        self.last, self.current = {}, {}
