"""A second process that does part of a build's work ahead of it, on another core.

MkDocs builds on one core. The helper is a fork of the build, taken once the posts are
known; it works through a list of tasks (convert a post, its excerpt, draw its social
card) and leaves each result where the build looks for it anyway: the content-addressed
caches. To the build, a task the helper did is a cache hit, so the output is what a warm
cache gives (byte-identical to an uncached build: ``tests/speed``).

Both processes share one table of task states. A task is done by whichever process claims
it first: the build claims a task when it needs it (``settle``) and, if the helper is in
the middle of it, waits for it; the helper skips tasks the build claimed. A task that
fails in the helper is simply done again by the build, which then reports the error. The
helper never writes to the terminal and exits without running the build's exit handlers.
Helpers run at a lower priority than the build (:func:`yield_to_build`): the build keeps a
core of its own, and the helpers share what is left.

:class:`FeedHelper` is a helper whose tasks arrive while the build runs (the last pass over
each built page, ``polyglot.finishing``): the build hands it each task through a pipe it
never waits on, with the same claims and the same table of states.

No MkDocs here: ``speed_hooks`` decides what the tasks are and how each is run.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Hashable, Sequence

FREE, HELPER, DONE, BUILD = 0, 1, 2, 3  # a task's state: unclaimed, the helper's, done by it, the build's
_LOCK_WAIT = 5.0  # seconds; a lock held longer than this belongs to a helper that died holding it
TASK_WAIT = 120.0  # seconds the build waits for one task in the helper's hands before ending it
_F_SETPIPE_SZ: int | None = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
NICENESS = 10  # how much lower a helper's priority is than the build's (os.nice)
_PIPE_SIZE = 1 << 20  # Linux's default limit for an unprivileged process


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def quiet() -> None:
    """In the helper: no logging and no output (the build reports every problem itself)."""
    logging.disable(logging.CRITICAL)
    devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open until os._exit)
    sys.stdout = sys.stderr = devnull


def yield_to_build(niceness: int = NICENESS) -> None:
    """In the helper: run at a lower priority than the build, so that the build, which waits
    for nothing, keeps a core of its own while the helpers share what is left."""
    with contextlib.suppress(OSError):
        os.nice(niceness)


class Helper:
    """A forked helper working through ``tasks`` (hashable names, in the helper's order)."""

    def __init__(self, tasks: Sequence[Hashable]) -> None:
        context = multiprocessing.get_context("fork")
        self.tasks = list(tasks)
        self._index = {task: i for i, task in enumerate(self.tasks)}
        self._states = context.RawArray("b", max(len(self.tasks), 1))
        self._lock = context.Lock()
        self.pid: int | None = None
        self.exit_status: int | None = None
        self.waited = 0.0  # seconds the build spent waiting for tasks the helper was doing

    # --- in the build --------------------------------------------------------------------------

    def start(self, run: Callable[[Hashable], None], before: Callable[[], None] = quiet) -> int:
        """Fork the helper, which calls ``before()`` then ``run(task)`` for every task it claims."""
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the helper's side (tests check its effects)
            try:
                before()
                self._work(run, parent)
            finally:
                os._exit(0)
        self.pid = pid
        return pid

    def settle(self, task: Hashable, timeout: float = TASK_WAIT) -> bool:
        """Before the build does ``task``: claim it, or wait while the helper finishes it.

        Returns True when the helper did it (its result is in the caches), else False (the
        build does it: unknown task, no helper, claimed now, or the helper died on it). A
        helper still on the task after ``timeout`` seconds is stuck: it is ended.
        """
        i = self._index.get(task)
        if i is None or self.pid is None:
            return False
        state = self._claim(i, BUILD)
        if state == HELPER:
            start = time.perf_counter()
            delay = 0.0002
            while self._states[i] == HELPER and self.alive():
                if time.perf_counter() - start > timeout:
                    self.kill()
                    break
                time.sleep(delay)
                delay = min(delay * 2, 0.005)
            self.waited += time.perf_counter() - start
            state = self._states[i]
        return state == DONE

    def alive(self) -> bool:
        """Whether the helper is still running (reaps it once it has exited)."""
        if self.pid is None or self.exit_status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.exit_status = -1
            return False
        if pid == 0:
            return True
        self.exit_status = os.waitstatus_to_exitcode(status)
        return False

    def stop(self, timeout: float = 30.0) -> None:
        """Let the helper finish the task in hand and exit (killed after ``timeout`` s)."""
        if self.pid is None:
            return
        if self._lock.acquire(timeout=_LOCK_WAIT):
            try:
                for i in range(len(self.tasks)):
                    if self._states[i] == FREE:
                        self._states[i] = BUILD
            finally:
                self._lock.release()
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.002)
        if self.alive():
            self.kill()

    def kill(self) -> None:
        """End the helper now (a build that failed)."""
        if self.pid is not None and self.alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                self.exit_status = os.waitstatus_to_exitcode(status)
            except (ProcessLookupError, ChildProcessError):
                self.exit_status = -1

    def done(self) -> int:
        """How many tasks the helper did."""
        return len(self.done_tasks())

    def done_tasks(self) -> list[Hashable]:
        """The tasks the helper did, in its order."""
        return [task for i, task in enumerate(self.tasks) if self._states[i] == DONE]

    # --- shared ----------------------------------------------------------------------------------

    def _claim(self, i: int, who: int) -> int:
        """Mark task ``i`` as ``who``'s if nobody has it; returns its state before."""
        if not self._lock.acquire(timeout=_LOCK_WAIT):
            return DONE if who == HELPER else FREE  # the helper skips it; the build does it
        try:
            state = self._states[i]
            if state == FREE:
                self._states[i] = who
            return state
        finally:
            self._lock.release()

    def _work(self, run: Callable[[Hashable], None], parent: int) -> None:
        """The helper's loop: every task nobody claimed yet, in order, while the build lives."""
        for i, task in enumerate(self.tasks):
            if os.getppid() != parent:
                return  # the build is gone
            self._run(i, task, run)

    def _run(self, i: int, task: Hashable, run: Callable[[Hashable], None]) -> None:
        """In the helper: task ``i``, unless the build claimed it first."""
        if self._claim(i, HELPER) != FREE:
            return
        try:
            run(task)
        except BaseException:  # the build does the task again, and reports what fails
            pass
        finally:
            self._states[i] = DONE


class FeedHelper(Helper):
    """A helper whose tasks arrive while the build runs: task ``i`` is the ``i``-th payload
    the build hands it (:meth:`give`) once that task's input is ready, through a pipe the
    build never waits on. Claims work as for :class:`Helper` (tasks are the numbers ``0`` to
    ``capacity - 1``); ``run`` gets a task's payload. The helper exits once the build has
    closed the pipe (:meth:`stop`) or is gone (its end of the pipe closes with it)."""

    def __init__(self, capacity: int) -> None:
        super().__init__(range(capacity))
        self.given = 0
        self._read_end, self._write_end = os.pipe()
        os.set_blocking(self._write_end, False)
        if _F_SETPIPE_SZ is not None:  # room for the tasks of a large site (about 200 bytes each)
            with contextlib.suppress(OSError):  # above the system's limit: the default (64 KiB)
                fcntl.fcntl(self._write_end, _F_SETPIPE_SZ, _PIPE_SIZE)

    def start(self, run: Callable[[Hashable], None], before: Callable[[], None] = quiet) -> int:
        pid = super().start(run, before)
        os.close(self._read_end)
        return pid

    def give(self, payload: bytes) -> int | None:
        """Hand the helper the next task; its number, or None when the helper cannot take it
        (not started or stopped, full, gone, or a payload that is not one short line): the
        build then does it itself."""
        if self.pid is None or self._write_end < 0 or self.given >= len(self.tasks) or b"\n" in payload:
            return None
        message = b"%d %s\n" % (self.given, payload)
        if len(message) > select.PIPE_BUF:  # longer writes to a pipe may be split
            return None
        try:
            os.write(self._write_end, message)
        except OSError:  # full (BlockingIOError) or no reader (BrokenPipeError)
            return None
        self.given += 1
        return self.given - 1

    def stop(self, timeout: float = 30.0) -> None:
        self._close()
        super().stop(timeout)

    def kill(self) -> None:
        self._close()
        super().kill()

    def done_tasks(self) -> list[Hashable]:
        return [i for i in range(self.given) if self._states[i] == DONE]

    def _close(self) -> None:
        if self._write_end >= 0:
            os.close(self._write_end)
            self._write_end = -1

    def _work(self, run: Callable[[Hashable], None], parent: int) -> None:
        """The helper's loop: each task as it arrives, unless the build claimed it first."""
        os.close(self._write_end)
        pending = b""
        while chunk := os.read(self._read_end, 1 << 16):
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                number, _, payload = line.partition(b" ")
                self._run(int(number), payload, run)
