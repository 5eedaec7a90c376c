"""Markdown instances reused from one conversion to the next, instead of one made per page.

MkDocs makes a ``Markdown`` instance for every page and Material's blog one more for every
post's excerpt: each loads and configures every extension again (about 1 ms here; 5% of a
cold 1000-post build). Python-Markdown supports reuse: ``Markdown.reset()`` clears the
document state it keeps and calls each extension's ``reset``. An instance is reused only
when every extension it was made with is known to keep no state from one document to the
next that ``reset`` leaves (:data:`RESETTABLE`); with any other extension, or footnotes
with ``UNIQUE_IDS`` (their numbering goes on from document to document), the caller makes
a new instance as before.

Instances are kept per *role* (a page, an excerpt) and constructor arguments: a role's
caller registers the same named processors on each use, which replace the last use's
(same names, priorities and order as on a new instance). An instance is the caller's from
:meth:`MarkdownPool.take` until :meth:`MarkdownPool.give_back`: an excerpt keeps its own
across the views that convert it again (Material's instance keeps state from one view to
the next, which ``polyglot.excerpts.ExcerptMemo`` reproduces), and gives it back when
released.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from markdown import Markdown

# Extensions whose per-document state ``Markdown.reset`` clears (through their ``reset``) or
# that keep none, as named in ``mkdocs.yml`` (short and module names). Checked against
# Python-Markdown 3.x and pymdown-extensions 10.x; the speed tests compare builds that
# reuse instances with uncached builds, which make a new one per page.
RESETTABLE = frozenset(
    name
    for short in ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc")
    for name in (short, f"markdown.extensions.{short}")
) | frozenset(
    f"pymdownx.{name}"
    for name in (
        "arithmatex",
        "betterem",
        "caret",
        "details",
        "emoji",
        "highlight",
        "inlinehilite",
        "keys",
        "mark",
        "smartsymbols",
        "snippets",
        "superfences",
        "tabbed",
        "tasklist",
        "tilde",
    )
)
KEPT = 8  # instances kept (a build uses two: pages and excerpts)
_KEY = "_polyglot_pool_key"  # on a reusable instance: its role and constructor arguments


def reusable(extensions: Sequence[Any], configs: Mapping[str, Any]) -> bool:
    """Whether an instance made with these arguments converts after ``reset`` as a new one."""
    if not all(isinstance(name, str) and name in RESETTABLE for name in extensions):
        return False
    for name in ("footnotes", "markdown.extensions.footnotes"):
        if (configs.get(name) or {}).get("UNIQUE_IDS"):
            return False
    return True


class MarkdownPool:
    """Free ``Markdown`` instances, by role and constructor arguments (:func:`reusable` ones)."""

    def __init__(
        self, factory: Callable[..., Markdown] = Markdown, kept: int = KEPT, enabled: Callable[[], bool] = lambda: True
    ) -> None:
        self._factory = factory
        self._kept = kept
        self._enabled = enabled  # asked on every take: off, every instance is a new one, as without the pool
        self._free: list[Markdown] = []  # the least recently given back first

    def take(self, role: str, extensions: Sequence[Any], configs: Mapping[str, Any]) -> Markdown:
        """An instance for ``role`` made with these arguments, the caller's until it gives it
        back (:meth:`give_back`): a free one, reset, when the pool is enabled and they are
        :func:`reusable`, else a new one (never kept)."""
        if not self._enabled() or not reusable(extensions, configs):
            return self._factory(extensions=extensions, extension_configs=configs)
        wanted = (role, list(extensions), dict(configs))
        for index, md in enumerate(self._free):
            if getattr(md, _KEY) == wanted:
                del self._free[index]
                return md.reset()
        md = self._factory(extensions=extensions, extension_configs=configs)
        # Copies: the caller's lists and dicts (a config's) may change after this.
        setattr(md, _KEY, (role, list(extensions), copy.deepcopy(dict(configs))))
        return md

    def give_back(self, md: Markdown) -> None:
        """Free ``md`` (taken from this pool) for the next :meth:`take`; the caller converts
        nothing more with it. An instance that is not reusable is left alone."""
        if getattr(md, _KEY, None) is None or any(free is md for free in self._free):
            return
        self._free.append(md)
        del self._free[: -self._kept]

    @contextmanager
    def borrowed(self, role: str, extensions: Sequence[Any], configs: Mapping[str, Any]) -> Iterator[Markdown]:
        """:meth:`take`, given back when the ``with`` block ends (a conversion inside the
        block takes another instance)."""
        md = self.take(role, extensions, configs)
        try:
            yield md
        finally:
            self.give_back(md)
