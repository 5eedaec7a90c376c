"""Caches that keep Markdown conversions and Pygments highlighting between builds.

- :class:`HighlightMemo`: Pygments' ``highlight(code, lexer, formatter)`` is a pure function
  of the code, the lexer's class, options and filters, and the formatter's class and
  options; the memo returns the earlier result for the same inputs.
- :class:`Store`: conversions on disk under ``.cache/``, one file per entry, named by a
  SHA-256 of everything the conversion depends on (the Markdown, the Markdown extensions
  and their options, the versions of the packages that convert, and this package's own
  source). Anything else changing changes the name, so a stale entry is never read.
- :func:`fingerprint` and :func:`stable_repr` build those names.

No MkDocs here: the adapter in ``hooks/site_hooks.py`` decides what goes in a key.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_VERSION = "1"
PACKAGES = ("markdown", "pymdown-extensions", "pygments", "mkdocs", "mkdocs-material", "mkdocs-macros-plugin")


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

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def begin(self) -> None:
        self.used.clear()
        self.hits = self.misses = 0

    def get(self, kind: str, key: str) -> Any | None:
        self.used.add((kind, key))
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
        if self.keep_in_memory:
            self.memory[(kind, key)] = value
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a cache that cannot be written is only slower

    def prune(self, kinds: Iterable[str]) -> int:
        """Delete entries of ``kinds`` not used since :meth:`begin`; returns how many."""
        removed = 0
        for kind in kinds:
            for path in (self.folder / kind).glob("*/*"):
                if (kind, path.name) not in self.used:
                    path.unlink(missing_ok=True)
                    self.memory.pop((kind, path.name), None)
                    removed += 1
        return removed


class HighlightMemo:
    """Memoize Pygments' ``highlight`` on everything its output depends on."""

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
