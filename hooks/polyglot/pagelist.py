"""A list of pages whose ``in`` looks a page up by its source file instead of comparing it
with every element.

Material's blog plugin asks ``page not in self.blog.posts`` for every page, twice per build
(``on_page_markdown``, ``on_page_content``): with 500 posts that is about 270,000 calls of
``Page.__eq__`` per build, a quarter of a second. MkDocs' ``Page.__eq__`` holds only for
pages of a related class with the same title and an equal ``File``, and a ``File`` equals
only itself: only the elements with the page's ``src_uri`` can equal it; :class:`PageList` compares the
page with those alone, in list order, as ``list.__contains__`` would. The adapter installs
it only while ``Page.__eq__`` is MkDocs' own and ``File`` has none (``object``'s).

Any change to the list drops the index; it is rebuilt at the next ``in``.
"""

from __future__ import annotations

from typing import Any, SupportsIndex


def _source(item: Any) -> Any:
    """The key of an element: its file's ``src_uri``; ``None`` when it has none."""
    return getattr(getattr(item, "file", None), "src_uri", None)


class PageList(list[Any]):
    """``list`` with ``in`` by source file (see the module's docstring)."""

    _index: dict[Any, list[Any]] | None = None
    _unkeyed: list[Any] | None = None

    def _changed(self) -> None:
        self._index = self._unkeyed = None

    def __contains__(self, item: object) -> bool:
        if self._index is None or self._unkeyed is None:
            index: dict[Any, list[Any]] = {}
            unkeyed: list[Any] = []
            for element in self:
                key = _source(element)
                (unkeyed if key is None else index.setdefault(key, [])).append(element)
            self._index, self._unkeyed = index, unkeyed
        key = _source(item)
        candidates = self._index.get(key, []) if key is not None else []
        # Elements without a file can only be compared one by one (never in a blog's posts).
        return list.__contains__(candidates, item) or list.__contains__(self._unkeyed, item)

    # Every method that changes the list drops the index.
    def append(self, item: Any) -> None:
        self._changed()
        super().append(item)

    def extend(self, items: Any) -> None:
        self._changed()
        super().extend(items)

    def insert(self, at: SupportsIndex, item: Any) -> None:
        self._changed()
        super().insert(at, item)

    def remove(self, item: Any) -> None:
        self._changed()
        super().remove(item)

    def pop(self, at: SupportsIndex = -1) -> Any:
        self._changed()
        return super().pop(at)

    def clear(self) -> None:
        self._changed()
        super().clear()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self._changed()
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self._changed()
        super().reverse()

    def __setitem__(self, at: Any, value: Any) -> None:
        self._changed()
        super().__setitem__(at, value)

    def __delitem__(self, at: Any) -> None:
        self._changed()
        super().__delitem__(at)

    def __iadd__(self, items: Any) -> PageList:  # type: ignore[override]
        self._changed()
        return super().__iadd__(items)

    def __imul__(self, times: SupportsIndex) -> PageList:  # type: ignore[override]
        self._changed()
        return super().__imul__(times)
