"""mkdocs serve collects the old generation between rebuilds, not during them (polyglot.gcidle)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import ClassVar

import pytest

from polyglot import gcidle


class FakeGC:
    def __init__(self) -> None:
        self.thresholds = (700, 10, 10)
        self.collected = 0

    def get_threshold(self) -> tuple[int, int, int]:
        return self.thresholds

    def set_threshold(self, *thresholds: int) -> None:
        self.thresholds = thresholds

    @property
    def held(self) -> bool:
        """Whether full collections are held off (young ones still run)."""
        return self.thresholds == (700, 10, gcidle.OUT_OF_REACH)

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
    assert fake_gc.held and FakeTimer.made == []
    collector.build_ended()
    assert fake_gc.held and fake_gc.collected == 0  # nothing collected in the build's path
    [timer] = FakeTimer.made
    assert timer.started and timer.delay == 0.5
    timer.fire()
    assert fake_gc.thresholds == (700, 10, 10) and fake_gc.collected == 1 and collector.collections == 1


def test_a_build_that_starts_first_cancels_the_waiting_collection(fake) -> None:
    fake_gc, collector = fake
    collector.build_started()
    collector.build_ended()
    first = FakeTimer.made[0]
    collector.build_started()  # a save within the delay
    assert first.cancelled
    assert collector.collect() is False  # a timer that fires anyway (already running) does nothing
    assert fake_gc.held and fake_gc.collected == 0
    collector.build_ended()
    second = FakeTimer.made[1]
    assert second is not first and not second.cancelled
    second.fire()
    assert fake_gc.thresholds == (700, 10, 10) and fake_gc.collected == 1  # the first thresholds


def test_idle_work_runs_after_the_idle_collection_never_during_a_build(fake) -> None:
    fake_gc, collector = fake
    ran: list[tuple[str, int, bool, bool, bool]] = []
    collector.idle_work.append(
        lambda stop: ran.append(("write", fake_gc.collected, fake_gc.held, collector.building, stop()))
    )
    collector.build_started()
    collector.build_ended()
    assert ran == []  # not in the rebuild's path
    collector.build_started()  # a save within the delay
    assert FakeTimer.made[0].cancelled and collector.collect() is False and ran == []
    collector.build_ended()
    FakeTimer.made[1].fire()
    assert ran == [("write", 1, False, False, False)]  # after the collection, thresholds back


def test_a_save_during_the_idle_work_stops_it_after_its_current_step(fake) -> None:
    """A build that wants to start (a save) waits for one step of the idle work, not for all
    of it: the rest waits for the next idle time."""
    fake_gc, collector = fake
    steps: list[int] = []
    remaining = list(range(5))  # as the store's waiting files
    started = threading.Event()

    def work(stop: Callable[[], bool]) -> None:
        while remaining and not stop():
            steps.append(remaining.pop(0))
            if steps == [0, 1, 2]:
                started.set()
                while not stop():  # until the build below asks for the lock
                    time.sleep(0.001)

    collector.idle_work += [work, lambda stop: steps.append(-1)]
    collector.build_started()
    collector.build_ended()
    idle = threading.Thread(target=FakeTimer.made[-1].fire)
    idle.start()
    assert started.wait(30)
    collector.build_started()  # waits for the idle work's current step only
    idle.join(30)
    assert steps == [0, 1, 2]  # the rest of the work and the next work wait
    assert fake_gc.collected == 1 and fake_gc.held and collector.building  # held again for the build
    collector.build_ended()
    FakeTimer.made[-1].fire()
    assert steps == [0, 1, 2, 3, 4, -1] and fake_gc.collected == 2 and fake_gc.thresholds == (700, 10, 10)


def test_failing_idle_work_comes_after_the_collection_and_the_thresholds(fake) -> None:
    fake_gc, collector = fake

    def failing(stop: Callable[[], bool]) -> None:
        raise OSError("disk full")

    collector.idle_work.append(failing)
    collector.build_started()
    collector.build_ended()
    with pytest.raises(OSError, match="disk full"):
        FakeTimer.made[-1].fire()
    assert fake_gc.collected == 1 and fake_gc.thresholds == (700, 10, 10)


def test_a_failed_rebuild_still_schedules_the_collection(fake) -> None:
    fake_gc, collector = fake

    def failing() -> None:
        assert fake_gc.held  # while the builder runs
        raise RuntimeError("broken page")

    wrapped = gcidle.around_builds(failing, collector)
    assert wrapped._polyglot_original is failing
    with pytest.raises(RuntimeError, match="broken page"):
        wrapped()
    FakeTimer.made[-1].fire()
    assert fake_gc.thresholds == (700, 10, 10) and fake_gc.collected == 1


def test_around_builds_passes_arguments_and_the_result_through(fake) -> None:
    _, collector = fake
    wrapped = gcidle.around_builds(lambda config=None: ("built", config), collector)
    assert wrapped() == ("built", None)
    assert wrapped(config="c") == ("built", "c")
    assert len(FakeTimer.made) == 2 and FakeTimer.made[0].cancelled  # the second build cancelled the first


def test_with_the_real_collector_old_cycles_wait_and_young_ones_do_not() -> None:
    """The real ``gc``: a cycle that was old when the build began and is dropped during it
    survives the build (no full collection in its path) and is freed by the idle collection;
    cycles the build makes and drops are freed during it (memory does not pile up)."""
    thresholds = gc.get_threshold()
    FakeTimer.made = []
    collector = gcidle.IdleCollector(timer=FakeTimer)
    freed: list[str] = []

    class Node:
        def __init__(self, name: str) -> None:
            self.name, self.me = name, self

        def __del__(self) -> None:
            freed.append(self.name)

    old = [Node("old")]
    gc.collect()  # the old cycle is in the oldest generation now

    def build() -> None:
        old.clear()  # the last build's page, say: garbage now, in a cycle
        for _ in range(20_000):  # enough allocations for many young collections
            Node("young")

    try:
        gcidle.around_builds(build, collector)()
        assert "old" not in freed
        assert freed.count("young") > 10_000  # young collections ran during the build
        FakeTimer.made[-1].fire()
        assert "old" in freed and freed.count("young") == 20_000
        assert gc.get_threshold() == thresholds
    finally:
        gc.set_threshold(*thresholds)


def test_the_idle_timer_is_a_daemon_that_never_keeps_serve_running() -> None:
    ran = threading.Event()
    timer = gcidle._daemon_timer(0.0, ran.set)
    assert isinstance(timer, threading.Timer) and timer.daemon
    timer.start()
    timer.join(30)
    assert ran.is_set()
