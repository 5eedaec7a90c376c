"""The build's helper process (polyglot.helper): each task is done once, by whichever of the
two processes claims it first; the build waits for a task the helper is doing, and carries on
alone when the helper dies. (Whole builds with it are compared byte for byte in tests/speed/.)"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from polyglot import helper


def _writer(folder: Path, delay: float = 0.0):
    """A task that creates its own file once (a second creation raises, which would show)."""

    def run(task: object) -> None:
        if delay:
            time.sleep(delay)
        with open(folder / f"{task}", "x", encoding="utf-8") as f:
            f.write(str(os.getpid()))

    return run


def _no_output() -> None:
    """The helper's start in these tests: like ``helper.quiet`` without touching logging."""


def test_every_task_is_done_exactly_once_by_one_of_the_two(tmp_path: Path) -> None:
    tasks = [f"t{i:03d}" for i in range(120)]
    run = _writer(tmp_path, delay=0.001)
    worker = helper.Helper(list(reversed(tasks)))  # the helper starts from the end
    worker.start(run, _no_output)
    by_build = 0
    for task in tasks:  # the build, from the start
        if not worker.settle(task):
            run(task)
            by_build += 1
    worker.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == tasks
    by_helper = sum(1 for p in tmp_path.iterdir() if p.read_text("utf-8") != str(os.getpid()))
    assert by_helper == worker.done() == len(tasks) - by_build
    assert by_helper > 0 and by_build > 0  # they met somewhere in the middle
    helped = {p.name for p in tmp_path.iterdir() if p.read_text("utf-8") != str(os.getpid())}
    assert worker.done_tasks() == [task for task in reversed(tasks) if task in helped]  # in the helper's order
    assert worker.exit_status == 0


def test_the_build_waits_for_a_task_the_helper_is_doing(tmp_path: Path) -> None:
    worker = helper.Helper(["slow"])
    worker.start(_writer(tmp_path, delay=0.3), _no_output)
    deadline = time.monotonic() + 10
    while worker._states[0] == helper.FREE and time.monotonic() < deadline:
        time.sleep(0.001)  # until the helper has claimed it
    assert worker.settle("slow") is True  # waited, then found it done
    assert (tmp_path / "slow").read_text("utf-8") != str(os.getpid())
    assert worker.waited > 0
    worker.stop()


def test_a_helper_that_dies_on_a_task_leaves_it_to_the_build(tmp_path: Path) -> None:
    def die(task: object) -> None:
        os._exit(3)

    worker = helper.Helper(["a", "b"])
    worker.start(die, _no_output)
    deadline = time.monotonic() + 10
    while worker.alive() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert worker.exit_status == 3
    assert worker.settle("a") is False  # claimed while doing it, never done: the build does it
    assert worker.settle("b") is False
    worker.stop()


def test_tasks_the_build_claimed_are_skipped_and_stop_ends_the_helper(tmp_path: Path) -> None:
    worker = helper.Helper(["x", "y"])
    assert worker.settle("x") is False  # no helper yet: the build does everything
    worker._claim(0, helper.BUILD)
    worker._work(_writer(tmp_path), os.getppid())  # the helper's loop, in this process
    assert sorted(p.name for p in tmp_path.iterdir()) == ["y"]
    assert worker.done() == 1
    assert worker.settle("unknown") is False
    worker.stop()  # never started: nothing to stop


def test_stop_kills_a_helper_that_does_not_finish(tmp_path: Path) -> None:
    worker = helper.Helper(["stuck"])
    worker.start(lambda task: time.sleep(60), _no_output)
    deadline = time.monotonic() + 10
    while worker._states[0] == helper.FREE and time.monotonic() < deadline:
        time.sleep(0.001)
    worker.stop(timeout=0.2)
    assert not worker.alive()
    assert worker.exit_status == -9  # SIGKILL


def test_a_helper_stuck_on_a_task_is_ended_and_the_build_does_the_task(tmp_path: Path) -> None:
    worker = helper.Helper(["stuck", "next"])
    worker.start(lambda task: time.sleep(60), _no_output)
    deadline = time.monotonic() + 10
    while worker._states[0] == helper.FREE and time.monotonic() < deadline:
        time.sleep(0.001)
    assert worker.settle("stuck", timeout=0.2) is False  # the build does it itself
    assert not worker.alive() and worker.exit_status == -9
    assert worker.settle("next") is False  # no helper left: no waiting
    worker.stop()


def test_a_helper_whose_build_is_gone_stops(tmp_path: Path) -> None:
    worker = helper.Helper(["a"])
    worker._work(_writer(tmp_path), parent=-1)  # not its parent: the build is gone
    assert list(tmp_path.iterdir()) == []


def test_cores_counts_usable_cores() -> None:
    assert helper.cores() >= 1


@pytest.mark.parametrize(
    ("value", "mode"), [("", "auto"), ("auto", "auto"), ("off", "off"), ("0", "off"), ("on", "on"), ("1", "on")]
)
def test_helper_mode_reads_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, mode: str) -> None:
    import speed_hooks

    monkeypatch.setenv("POLYGLOT_HELPER", value)
    assert speed_hooks.helper_mode() == mode


def test_the_helper_starts_only_for_a_full_build_of_enough_posts(tmp_path: Path, monkeypatch) -> None:
    import threading

    import speed_hooks
    from polyglot import mdcache

    monkeypatch.setitem(speed_hooks._state, "store", mdcache.Store(tmp_path))
    monkeypatch.setitem(speed_hooks._state, "serve", False)
    monkeypatch.setitem(speed_hooks._state, "full", True)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setenv("POLYGLOT_HELPER", "auto")
    monkeypatch.setattr(helper, "cores", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    wanted = speed_hooks._helper_wanted
    assert wanted(speed_hooks.HELPER_MIN_POSTS) and not wanted(speed_hooks.HELPER_MIN_POSTS - 1)
    monkeypatch.setattr(helper, "cores", lambda: 1)
    assert not wanted(500)  # one core: nothing to share it with
    monkeypatch.setenv("POLYGLOT_HELPER", "on")
    assert wanted(1) and not wanted(0)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not wanted(500)  # another thread: never fork
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    for key, value in (("serve", True), ("full", False)):
        monkeypatch.setitem(speed_hooks._state, key, value)
        assert not wanted(500), key
        monkeypatch.setitem(speed_hooks._state, key, not value)
    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    assert not wanted(500)
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    monkeypatch.setenv("POLYGLOT_HELPER", "off")
    assert not wanted(500)
