"""mkdocs serve looks for saved files every 0.1 s: the interval reaches every watch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from polyglot import polling


def make_server(tmp_path: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))


def emitter_intervals(server: LiveReloadServer) -> set[float]:
    return {emitter.timeout for emitter in server.observer.emitters}


def test_mkdocs_polls_every_half_second_by_default(tmp_path) -> None:
    server = make_server(tmp_path)
    server.watch(str(tmp_path))
    assert emitter_intervals(server) == {0.5}


def test_watches_made_before_and_after_poll_every_use_the_new_interval(tmp_path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    server = make_server(tmp_path)
    server.watch(str(tmp_path / "docs"))  # MkDocs' own watches, before on_serve
    assert polling.poll_every(server.observer) == 1
    server.watch(str(tmp_path / "data"))  # a hook's or `watch:` entry, after
    assert emitter_intervals(server) == {polling.POLL_SECONDS}
    assert len(server.observer.emitters) == 2


def test_a_change_is_seen_by_the_faster_observer(tmp_path) -> None:
    """The emitters still report a saved file once the interval is shorter."""
    server = make_server(tmp_path)
    server.watch(str(tmp_path))
    polling.poll_every(server.observer)
    server.observer.start()
    try:
        time.sleep(0.3)  # let the first listing be taken before the change
        (tmp_path / "post.md").write_text("# Saved\n", "utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_running_observer_and_other_objects_are_left_alone(tmp_path) -> None:
    server = make_server(tmp_path)
    server.watch(str(tmp_path))
    server.observer.start()
    try:
        assert polling.poll_every(server.observer) == 0
        assert emitter_intervals(server) == {0.5}
    finally:
        server.observer.stop()
        server.observer.join()
    assert polling.poll_every(None) == 0
    assert polling.poll_every(object()) == 0


def test_the_interval_must_be_positive(tmp_path) -> None:
    with pytest.raises(ValueError, match="positive"):
        polling.poll_every(make_server(tmp_path).observer, 0)


def test_serve_hook_shortens_the_interval_unless_the_speed_layer_is_off(tmp_path, monkeypatch) -> None:
    from watchdog.observers.polling import PollingEmitter

    import speed_hooks

    monkeypatch.setattr(PollingEmitter, "queue_events", PollingEmitter.queue_events)  # restored after
    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    busy_during_build: list[bool] = []

    def rebuild() -> None:
        busy_during_build.append(PollingEmitter.queue_events._polyglot_busy())

    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    assert speed_hooks.on_serve(server, config=None, builder=None) is server
    assert emitter_intervals(server) == {polling.POLL_SECONDS}
    assert server.build_delay == polling.DEBOUNCE_SECONDS
    assert server.builder._polyglot_original is rebuild  # garbage is collected between rebuilds
    wrapped, collector = server.builder, server.builder._polyglot_collector
    speed_hooks.on_serve(server, config=None, builder=None)
    assert server.builder is wrapped  # wrapped once
    busy = PollingEmitter.queue_events._polyglot_busy
    try:
        assert busy() is False
        server.builder()  # as the live-reload server's build loop calls it
        assert busy_during_build == [True] and busy() is False  # polls pause while it runs
    finally:
        collector.collect()  # the thresholds back now, not in half a second

    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    plain = make_server(tmp_path)
    plain.watch(str(tmp_path))
    plain_rebuild = plain.builder
    speed_hooks.on_serve(plain, config=None, builder=None)
    assert emitter_intervals(plain) == {0.5}
    assert plain.builder is plain_rebuild
    assert plain.build_delay == 0.1  # MkDocs' own


def test_the_rebuild_waits_less_than_a_poll_after_a_change(tmp_path) -> None:
    server = make_server(tmp_path)
    assert server.build_delay == 0.1  # MkDocs' default, which debounce() replaces
    assert polling.debounce(server) is True
    assert server.build_delay == polling.DEBOUNCE_SECONDS < polling.POLL_SECONDS
    assert polling.debounce(object()) is False
    for wrong in (0, polling.POLL_SECONDS, 1):
        with pytest.raises(ValueError, match="shorter than a poll"):
            polling.debounce(server, wrong)


def test_a_save_is_built_whole_after_the_shorter_wait(tmp_path) -> None:
    """The last rebuild after a save (written in several steps) sees all of it. A save that
    spans two polls is built once per poll, as with MkDocs' own wait when polls are further
    apart than it: never more."""
    builds: list[str] = []
    post = tmp_path / "post.md"
    post.write_text("# Draft\n", "utf-8")
    server = LiveReloadServer(
        builder=lambda: builds.append(post.read_text("utf-8")), host="127.0.0.1", port=0, root=str(tmp_path)
    )
    server.watch(str(tmp_path))
    polling.poll_every(server.observer)
    polling.debounce(server)
    server.observer.start()
    thread = threading.Thread(target=server._build_loop, daemon=True)
    thread.start()
    try:
        time.sleep(0.35)  # the first listing
        with post.open("w", encoding="utf-8") as f:  # truncate, then write in two steps
            f.write("# Saved\n")
            f.flush()
            f.write("All of it.\n")
        deadline = time.monotonic() + 10
        while not builds and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(3 * polling.POLL_SECONDS)  # room for the rebuild of a second poll, if any
    finally:
        with server._rebuild_cond:
            server._shutdown = True
            server._rebuild_cond.notify_all()
        server.observer.stop()
        server.observer.join()
        thread.join(timeout=10)
    assert 1 <= len(builds) <= 2
    assert builds[-1] == "# Saved\nAll of it.\n"


def test_polls_pause_while_a_build_runs_and_miss_nothing(tmp_path) -> None:
    """No snapshot while busy; the first one after reports what was saved meanwhile."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.api import BaseObserver
    from watchdog.observers.polling import PollingEmitter

    class Emitter(PollingEmitter):  # patched alone, not watchdog's own class
        pass

    class Seen(FileSystemEventHandler):
        def __init__(self) -> None:
            self.paths: list[str] = []

        def on_any_event(self, event) -> None:
            if not event.is_directory:
                self.paths.append(event.src_path)

    busy = threading.Event()
    busy.set()
    assert polling.pause_while(Emitter, busy.is_set)
    assert not polling.pause_while(Emitter, busy.is_set)  # once; a second call only swaps the flag
    seen = Seen()
    observer = BaseObserver(Emitter, timeout=0.05)
    observer.schedule(seen, str(tmp_path))
    observer.start()
    try:
        time.sleep(0.3)
        (tmp_path / "post.md").write_text("# Saved during a build\n", "utf-8")
        time.sleep(0.5)
        assert seen.paths == []  # a build is running: no snapshot taken
        busy.clear()
        deadline = time.monotonic() + 10
        while not seen.paths and time.monotonic() < deadline:
            time.sleep(0.05)
        assert str(tmp_path / "post.md") in seen.paths
    finally:
        observer.stop()
        observer.join()
