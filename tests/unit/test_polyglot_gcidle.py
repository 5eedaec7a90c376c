"""mkdocs serve collects garbage between rebuilds, not during them (polyglot.gcidle)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import ClassVar

import pytest

from polyglot import gcidle


class FakeGC:
    def __init__(self) -> None:
        self.enabled = True
        self.collected = 0

    def isenabled(self) -> bool:
        return self.enabled

    def disable(self) -> None:
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True

    def collect(self) -> int:
        self.collected += 1
        return 0


class FakeTimer:
    made: ClassVar[list[FakeTimer]] = []

    def __init__(self, delay: float, function: Callable[[], None]) -> None:
        self.delay, self.function = delay, function
        self.started = self.cancelled = False
        FakeTimer.made.append(self)

    def start(self) -> None:
        self.started = True

    def cancel(self) -> None:
        self.cancelled = True

    def fire(self) -> None:
        if not self.cancelled:
            self.function()


@pytest.fixture
def fake() -> tuple[FakeGC, gcidle.IdleCollector]:
    FakeTimer.made = []
    collector_gc = FakeGC()
    return collector_gc, gcidle.IdleCollector(delay=0.5, collector=collector_gc, timer=FakeTimer)


def test_the_collector_is_off_during_a_build_and_collects_once_idle(fake) -> None:
    fake_gc, collector = fake
    collector.build_started()
    assert not fake_gc.enabled and FakeTimer.made == []
    collector.build_ended()
    assert not fake_gc.enabled and fake_gc.collected == 0  # nothing collected in the build's path
    [timer] = FakeTimer.made
    assert timer.started and timer.delay == 0.5
    timer.fire()
    assert fake_gc.enabled and fake_gc.collected == 1 and collector.collections == 1


def test_a_build_that_starts_first_cancels_the_waiting_collection(fake) -> None:
    fake_gc, collector = fake
    collector.build_started()
    collector.build_ended()
    first = FakeTimer.made[0]
    collector.build_started()  # a save within the delay
    assert first.cancelled
    assert collector.collect() is False  # a timer that fires anyway (already running) does nothing
    assert not fake_gc.enabled and fake_gc.collected == 0
    collector.build_ended()
    second = FakeTimer.made[1]
    assert second is not first and not second.cancelled
    second.fire()
    assert fake_gc.enabled and fake_gc.collected == 1


def test_a_failed_rebuild_still_schedules_the_collection(fake) -> None:
    fake_gc, collector = fake

    def failing() -> None:
        assert not fake_gc.enabled  # off while the builder runs
        raise RuntimeError("broken page")

    wrapped = gcidle.around_builds(failing, collector)
    assert wrapped._polyglot_original is failing
    with pytest.raises(RuntimeError, match="broken page"):
        wrapped()
    FakeTimer.made[-1].fire()
    assert fake_gc.enabled and fake_gc.collected == 1


def test_around_builds_passes_arguments_and_the_result_through(fake) -> None:
    _, collector = fake
    wrapped = gcidle.around_builds(lambda config=None: ("built", config), collector)
    assert wrapped() == ("built", None)
    assert wrapped(config="c") == ("built", "c")
    assert len(FakeTimer.made) == 2 and FakeTimer.made[0].cancelled  # the second build cancelled the first


def test_with_the_real_collector_cycles_left_by_a_build_are_freed_after_it() -> None:
    """The real ``gc``: garbage in cycles made during a build survives the build (no
    collection in its path) and is freed by the idle collection."""
    assert gc.isenabled()
    FakeTimer.made = []
    collector = gcidle.IdleCollector(timer=FakeTimer)
    freed = []

    class Node:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed.append(True)

    def build() -> None:
        for _ in range(5000):  # enough allocations to set off automatic collections if it were on
            Node()

    try:
        gcidle.around_builds(build, collector)()
        assert freed == [] and not gc.isenabled()
        FakeTimer.made[-1].fire()
        assert len(freed) == 5000 and gc.isenabled()
    finally:
        gc.enable()


def test_the_idle_timer_is_a_daemon_that_never_keeps_serve_running() -> None:
    ran = threading.Event()
    timer = gcidle._daemon_timer(0.0, ran.set)
    assert isinstance(timer, threading.Timer) and timer.daemon
    timer.start()
    timer.join(30)
    assert ran.is_set()
