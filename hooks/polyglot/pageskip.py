"""Serve rebuilds: which pages need not be rendered again, because nothing they read changed.

After a save, ``mkdocs serve`` builds the whole site again. Every page went through every
plugin's context hooks, its template (or the rendered-page cache, whose key walks all the
page's context) and the post-render passes, although a title edit changes a handful of
pages. Here a page is skipped when its inputs are those it had in the last build of the
same process, whose output for it is still on disk:

- the page as MkDocs made it before its context hooks ran (HTML, metadata, table of
  contents, URL, neighbours, navigation, template, the site's config, data, templates and
  code, package versions, build date: ``speed_hooks.page_key`` of that context). Macros and
  snippets have run by then: their output is in the HTML;
- what the site's page hooks read of the rest of the build (``Build.build_inputs``: URLs,
  stylesheets, CSP policy) and of other pages (``Build.page_inputs``: a post's series and
  related posts);
- on a page of a blog view, the excerpts it shows (``speed_hooks``), each known to convert
  the same in every view;
- whether MkDocs builds it as a draft preview.

Never skipped: a page holding the latest-posts slot (filled from every post after
rendering), a view showing an excerpt that can differ from view to view.

A skipped page still goes through the plugins' context hooks (the search index, the site's
social-card and llms.txt entries, the metadata other pages read), less the renders only its
template reads (``Skipper.replaying``); its template, its post-render passes and writing it
are skipped, and the cache entries it was built from are kept. No MkDocs here:
``speed_hooks`` wires it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Skipper:
    """The inputs of the pages of the last complete build, and those of the build running.

    ``check`` says whether a page can be skipped and records its inputs for the next build;
    ``commit`` makes this build's records the reference once the build completed, ``abort``
    forgets all of them (a failed build may have written some pages and not others)."""

    last: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri -> (inputs, output path)
    current: dict[str, tuple[str, str]] = field(default_factory=dict)
    # src_uri -> what the page's build read of the cache (kept from pruning while it is skipped)
    last_entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    current_entries: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    skipped: int = 0
    rendered: int = 0
    replaying: Any = None  # the page being skipped, while its context hooks run

    def begin(self) -> None:
        self.current, self.current_entries = {}, {}
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

    def record(self, src_uri: str, inputs: str, output: str) -> None:
        """Record the inputs of a page rendered now whose inputs were known only once it was
        rendered (:meth:`check` was given None for it): the next build may keep it."""
        self.current[src_uri] = (inputs, output)

    def entries(self, src_uri: str, found: Any = None) -> tuple[Any, ...]:
        """What the page read of the cache: ``found`` when it was built now (recorded for
        the next build), else what its last build read (carried over)."""
        kept = tuple(found) if found is not None else self.last_entries.get(src_uri, ())
        self.current_entries[src_uri] = kept
        return kept

    def commit(self) -> None:
        self.last, self.current = self.current, {}
        self.last_entries, self.current_entries = self.current_entries, {}

    def abort(self) -> None:
        self.last, self.current = {}, {}
        self.last_entries, self.current_entries = {}, {}
