"""Collect the old generation between ``mkdocs serve`` rebuilds instead of during them.

A serve process keeps its caches in memory (about 230,000 objects the collector tracks at
500 posts). Python's cyclic collector walks all of them on each full collection, about
0.4 s here, and a rebuild's allocations set off one or two of them: 0.3 to 0.5 s of a
500-post rebuild, and most of its variation. A rebuild frees almost everything it drops by
reference counting; what is left in cycles among old objects (about 54,000 at 500 posts:
the last build's pages, files and navigation) can wait until the rebuilt page is served.

So while a rebuild runs (``around_builds`` wraps the live-reload server's builder: loading
the config, the build, the writes) only the young generations are collected: the oldest
generation's threshold is set out of reach, so cycles made and dropped during the build
(a page's parse, say) are still freed and a rebuild that renders every page does not grow
the process more than with the collector fully on. Once the rebuild ends, a timer collects
everything ``IDLE_SECONDS`` later (after the browser's reload has fetched the page) and puts
the thresholds back; then it runs the work left for idle time
(:attr:`IdleCollector.idle_work`: writing the speed cache's files), which stops at its next
step when a build wants to start (the rest waits for the next idle time). A build that
starts first cancels the timer and collects nothing; the next build's end schedules the
collection again. A save that comes while the collection runs waits for it (at most about
0.4 s at 500 posts), as it would have waited for the same collection inside the build
before. The wrapper also tells serve's file polling when a
rebuild runs (:attr:`IdleCollector.building`, read by ``polling.pause_while``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any, Protocol

IDLE_SECONDS = 0.5  # after a build ends: the reload has fetched the page by then
OUT_OF_REACH = 2**31 - 1  # young collections between two full ones: never reached in a build


class _Timer(Protocol):
    def start(self) -> None: ...

    def cancel(self) -> None: ...


class IdleCollector:
    """Holds off full collections during a build and runs one once the process is idle.

    ``collector`` (the ``gc`` module) and ``timer`` (``threading.Timer``) can be replaced
    for tests.
    """

    def __init__(
        self,
        delay: float = IDLE_SECONDS,
        collector: Any = gc,
        timer: Callable[[float, Callable[[], None]], _Timer] | None = None,
    ) -> None:
        self.delay = delay
        self._gc = collector
        self._timer_factory = timer or _daemon_timer
        self._lock = threading.Lock()
        self._pending: _Timer | None = None
        self._building = False
        self._saved: tuple[int, ...] | None = None  # the thresholds before the first build held
        self.collections = 0
        # Run (in order) after each idle collection, never while a build runs; each is given
        # a function that says whether a build wants to start (then it stops where it is).
        self.idle_work: list[Callable[[Callable[[], bool]], object]] = []
        self._wanted = False  # a build waits for the lock: the idle work stops where it is

    @property
    def building(self) -> bool:
        """Whether a rebuild is running (its builder called and not returned yet)."""
        return self._building

    def build_started(self) -> None:
        """Hold off full collections for the build and cancel a waiting collection (idle work
        under way stops at its next step)."""
        self._wanted = True
        with self._lock:
            self._wanted = False
            self._building = True
            self._cancel()
            if self._saved is None:
                self._saved = tuple(self._gc.get_threshold())
                young, middle = self._saved[0], self._saved[1]
                self._gc.set_threshold(young, middle, OUT_OF_REACH)

    def build_ended(self) -> None:
        """Schedule the collection ``delay`` seconds from now (the build ended or failed)."""
        with self._lock:
            self._building = False
            self._cancel()
            self._pending = self._timer_factory(self.delay, self.collect)
            self._pending.start()

    def collect(self) -> bool:
        """Collect everything, put the thresholds back and run the idle work, unless a build
        has started since or wants to start (its end schedules this again). Returns whether it
        collected."""
        with self._lock:
            self._pending = None
            if self._building or self._wanted:
                return False
            self._gc.collect()
            if self._saved is not None:
                self._gc.set_threshold(*self._saved)
                self._saved = None
            self.collections += 1
            for work in self.idle_work:
                if self._wanted:
                    break
                work(self.build_wanted)
            return True

    def build_wanted(self) -> bool:
        """Whether a build waits for the idle work to end (for the idle work to ask)."""
        return self._wanted

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


def around_builds(builder: Callable[..., Any], collector: IdleCollector) -> Callable[..., Any]:
    """``builder`` (MkDocs serve's rebuild: config, build, write) with full collections held
    off while it runs and one scheduled once it returns or raises."""

    def build(*args: Any, **kwargs: Any) -> Any:
        collector.build_started()
        try:
            return builder(*args, **kwargs)
        finally:
            collector.build_ended()

    build._polyglot_original = builder  # type: ignore[attr-defined]
    build._polyglot_collector = collector  # type: ignore[attr-defined]
    return build


def _daemon_timer(delay: float, function: Callable[[], None]) -> threading.Timer:
    timer = threading.Timer(delay, function)
    timer.daemon = True  # a pending collection never keeps ``mkdocs serve`` from exiting
    return timer
