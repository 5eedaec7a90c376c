"""mkdocs serve looks for saved files every 0.1 s: the interval reaches every watch."""

from __future__ import annotations

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
    import speed_hooks

    monkeypatch.setenv("POLYGLOT_CACHE", "on")
    server = make_server(tmp_path)
    server.watch(str(tmp_path))
    assert speed_hooks.on_serve(server, config=None, builder=None) is server
    assert emitter_intervals(server) == {polling.POLL_SECONDS}

    monkeypatch.setenv("POLYGLOT_CACHE", "off")
    plain = make_server(tmp_path)
    plain.watch(str(tmp_path))
    speed_hooks.on_serve(plain, config=None, builder=None)
    assert emitter_intervals(plain) == {0.5}
