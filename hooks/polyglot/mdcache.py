"""Caches that keep Markdown conversions and Pygments highlighting between builds.

- :class:`HighlightMemo`: Pygments' ``highlight(code, lexer, formatter)`` is a pure function
  of the code, the lexer's class, options and filters, and the formatter's class and
  options; the memo returns the earlier result for the same inputs.
- :class:`Store`: conversions on disk under ``.cache/``, one file per entry, named by a
  SHA-256 of everything the conversion depends on (the Markdown, the Markdown extensions
  and their options, the versions of the packages that convert, and this package's own
  source). Anything else changing changes the name, so a stale entry is never read.
- :func:`fingerprint` and :func:`stable_repr` build those names.
- :class:`RecentMemo`: a pure function's results for the arguments of this build and the
  last one (a serve rebuild asks again for what the last build asked).

No MkDocs here: the adapter in ``hooks/site_hooks.py`` decides what goes in a key.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_VERSION = "1"
PACKAGES = (
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-macros-plugin",
    "mkdocs-glightbox",  # its on_post_page output is memoized (speed_hooks)
    "selectolax",  # which parses and writes that output
)


def stable_repr(value: Any) -> str:
    """A ``repr`` that is the same in every process: callables by name, dicts sorted."""
    if isinstance(value, dict):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(stable_repr(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, type) or callable(value):
        module = getattr(value, "__module__", "?")
        name = getattr(value, "__qualname__", None) or type(value).__qualname__
        return f"<{module}.{name}>"
    return f"<{type(value).__module__}.{type(value).__qualname__} {value!r}>"


def package_versions(names: Iterable[str] = PACKAGES) -> str:
    out = []
    for name in names:
        try:
            out.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name}: missing")
    return ";".join(out)


def source_digest(paths: Iterable[Path]) -> str:
    """A digest of files' contents (this package's code: editing it invalidates the cache)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: Any) -> str:
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else stable_repr(part)
        digest.update(len(text).to_bytes(8, "little"))
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def environment_fingerprint() -> str:
    """What every conversion depends on beyond its inputs: Python, packages, this code."""
    here = Path(__file__).resolve().parent
    return fingerprint(CACHE_VERSION, sys.version, package_versions(), source_digest(here.glob("*.py")))


@dataclass
class Store:
    """Pickled entries in ``folder/<kind>/<key[:2]>/<key>``, written atomically.

    ``used`` records the keys read or written since :meth:`begin`; :meth:`prune` removes
    the entries of ``kind`` that a full build did not use (a post edited many times leaves
    one entry, not one per edit). Entries read in this process are kept in memory too (for
    ``mkdocs serve``, whose rebuilds run in one process).
    """

    folder: Path
    keep_in_memory: bool = False
    memory: dict[tuple[str, str], Any] = field(default_factory=dict)
    used: set[tuple[str, str]] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    # While a list: every entry read or written, as (kind, key, bulk), for :meth:`touch`.
    recording: list[tuple[str, str, bool]] | None = None
    # With ``keep_in_memory`` (one process, many builds): each kind's entry names, listed
    # from the folder by the first :meth:`prune` and kept up to date by :meth:`put` and
    # :meth:`prune`, so a later build does not list the folder again.
    _listed: dict[str, set[str]] = field(default_factory=dict)
    # After :meth:`defer_writes` (``mkdocs serve``, once it serves): the files to write when the
    # process is idle (:meth:`write_pending`), by path; a later write of a file replaces one
    # still waiting. None: files are written at once.
    _pending: dict[Path, Any] | None = None

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def begin(self) -> None:
        self.used.clear()
        for used in self._bulk_used.values():
            used.clear()
        self.hits = self.misses = 0

    def get(self, kind: str, key: str) -> Any | None:
        self.used.add((kind, key))
        if self.recording is not None:
            self.recording.append((kind, key, False))
        if (kind, key) in self.memory:
            self.hits += 1
            return self.memory[(kind, key)]
        try:
            with open(self._path(kind, key), "rb") as f:
                value = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        if self.keep_in_memory:
            self.memory[(kind, key)] = value
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        self.used.add((kind, key))
        if self.recording is not None:
            self.recording.append((kind, key, False))
        if self.keep_in_memory:
            self.memory[(kind, key)] = value
        listed = self._listed.get(kind)
        if listed is not None:
            listed.add(key)
        self._write(self._path(kind, key), value)

    # Small values (parsed front matter, reading times) live in one file per kind, loaded
    # once and written back at the end of a build with only the keys that build used.
    _bulk: dict[str, dict[str, Any]] = field(default_factory=dict)
    _bulk_used: dict[str, set[str]] = field(default_factory=dict)
    _bulk_dirty: set[str] = field(default_factory=set)

    def _bulk_table(self, kind: str) -> dict[str, Any]:
        if kind not in self._bulk:
            try:
                with open(self.folder / f"{kind}.pickle", "rb") as f:
                    table = pickle.load(f)
                if not isinstance(table, dict):
                    table = {}
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
                table = {}
            self._bulk[kind] = table
            self._bulk_used.setdefault(kind, set())
        return self._bulk[kind]

    def memo(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """The value stored under ``key``, or ``compute()`` stored there (bulk kinds)."""
        table = self._bulk_table(kind)
        self._bulk_used[kind].add(key)
        if self.recording is not None:
            self.recording.append((kind, key, True))
        if key in table:
            self.hits += 1
            return table[key]
        self.misses += 1
        value = table[key] = compute()
        self._bulk_dirty.add(kind)
        return value

    def touch(self, entries: Iterable[tuple[str, str, bool]]) -> None:
        """Count entries as used by this build (kept by :meth:`prune`) without reading them:
        those a page that was not built again read when it was last built."""
        for kind, key, bulk in entries:
            if bulk:
                self._bulk_table(kind)
                self._bulk_used[kind].add(key)
            else:
                self.used.add((kind, key))

    def flush(self, *, prune: bool) -> None:
        """Write changed bulk tables (keeping only the keys used since :meth:`begin` if ``prune``)."""
        for kind, table in self._bulk.items():
            used = self._bulk_used.get(kind, set())
            if prune and len(used) < len(table):
                for key in [k for k in table if k not in used]:
                    del table[key]
                self._bulk_dirty.add(kind)
            if kind in self._bulk_dirty:
                self._write(self.folder / f"{kind}.pickle", table)
        self._bulk_dirty.clear()

    def defer_writes(self) -> None:
        """From now on, keep the files to write until :meth:`write_pending` (entries stay
        readable in memory meanwhile: only for a store that ``keep_in_memory``).

        Under ``mkdocs serve`` the files are for the next process (a later build or serve):
        the rebuilt page waits for none of them. Pickling and writing them took about 3% of
        a 500-post rebuild."""
        if self.keep_in_memory and self._pending is None:
            self._pending = {}

    def write_pending(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Write the files kept by :meth:`defer_writes`, one at a time until ``stop()`` says
        so (the others wait for the next call); returns how many. Not to be called while a
        build uses this store (``polyglot.gcidle`` calls it between rebuilds, and stops it
        when a build wants to start)."""
        pending, written = self._pending, 0
        while pending and not stop():
            path, value = pending.popitem()
            self._write_file(path, value)
            written += 1
        return written

    def _write(self, path: Path, value: Any) -> None:
        if self._pending is None:
            self._write_file(path, value)
        else:
            self._pending[path] = value

    def _write_file(self, path: Path, value: Any) -> None:
        """Pickle ``value`` to ``path``. Not atomic, on purpose (one file operation, not
        three): a torn write is a truncated pickle, which :meth:`get` reads as a miss."""
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # a cache that cannot be written is only slower
        try:
            with open(path, "wb") as f:
                f.write(data)
        except FileNotFoundError:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
            except OSError:
                pass
        except OSError:
            pass

    def prune(self, kinds: Iterable[str]) -> int:
        """Delete entries of ``kinds`` not used since :meth:`begin`; returns how many."""
        removed = 0
        for kind in kinds:
            names = self._listed.get(kind)
            if names is None:
                names = {path.name for path in (self.folder / kind).glob("*/*")}
                if self._pending:  # and those waiting to be written
                    names.update(path.name for path in self._pending if path.parent.parent == self.folder / kind)
                if self.keep_in_memory:
                    self._listed[kind] = names
            for name in [name for name in names if (kind, name) not in self.used]:
                path = self._path(kind, name)
                if self._pending:
                    self._pending.pop(path, None)  # not written later either
                path.unlink(missing_ok=True)
                self.memory.pop((kind, name), None)
                names.discard(name)
                removed += 1
        return removed


class HighlightMemo:
    """Memoize Pygments' ``highlight`` on everything its output depends on."""

    polyglot_memo = True  # recognisable after a module reload (a new class)

    def __init__(self, highlight: Callable[..., Any], limit: int = 20_000) -> None:
        self.highlight = highlight
        self.limit = limit
        self.results: dict[tuple[Any, ...], Any] = {}
        self.hits = 0

    @staticmethod
    def key(code: str, lexer: Any, formatter: Any) -> tuple[Any, ...]:
        return (
            code,
            type(lexer),
            stable_repr(getattr(lexer, "options", None)),
            stable_repr(getattr(lexer, "filters", None)),
            type(formatter),
            stable_repr(getattr(formatter, "options", None)),
        )

    def __call__(self, code: str, lexer: Any, formatter: Any, outfile: Any = None) -> Any:
        if outfile is not None:
            return self.highlight(code, lexer, formatter, outfile)
        key = self.key(code, lexer, formatter)
        if key in self.results:
            self.hits += 1
            return self.results[key]
        result = self.highlight(code, lexer, formatter)
        if len(self.results) >= self.limit:
            self.results.clear()
        self.results[key] = result
        return result


_MISSING = object()


class RecentMemo:
    """A pure function of hashable arguments, memoized for this build and the last one.

    :meth:`turn` starts a build: what the last build asked and this one does not is dropped
    at the next turn, so memory holds two builds' entries at most (the arguments may be
    whole posts' text)."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.current: dict[tuple[Any, ...], Any] = {}
        self.last: dict[tuple[Any, ...], Any] = {}

    def turn(self) -> None:
        self.last, self.current = self.current, {}

    def __call__(self, *args: Any) -> Any:
        found = self.current.get(args, _MISSING)
        if found is _MISSING:
            found = self.last.pop(args, _MISSING)
            if found is _MISSING:
                found = self.function(*args)
            self.current[args] = found
        return found
