"""The last pass handed to a helper (polyglot.finishing, helper.FeedHelper): each page handed
over is finished once, by the helper or by the build; the build never waits on the pipe; a
helper that fails or dies leaves its pages to the build. (Whole builds with it are compared
byte for byte with uncached builds in tests/speed/test_helper.py.)"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from polyglot import finishing, helper


def _no_output() -> None:
    """The helper's start in these tests: like ``helper.quiet`` without touching logging."""


def _shout(html: str, *, label: str, page: str, suffix: str) -> str:
    """A stand-in for ``postpage.finish``: a pure function of the page and its arguments."""
    return f"{html.upper()}<!-- {label} {page} {suffix} -->"


def _until(condition: Callable[[], bool]) -> None:
    """Wait (up to ten seconds) for the helper to get somewhere."""
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)


def _pages(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"p{i:03d}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_bytes(finishing.page_bytes(f"<p>page {i} ünïcode café</p>"))
        paths.append(path)
    return paths


def test_every_page_is_finished_exactly_once_by_one_of_the_two(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()

    def put(key: str, value: str) -> None:  # a second put of one key raises, which would show
        with open(cache / key, "x", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n{value}")

    site = tmp_path / "site"
    pages = _pages(site, 60)
    work = Path(finishing.folder(str(site)))
    work.mkdir()
    shared = {"suffix": "done"}
    worker = helper.FeedHelper(len(pages))
    worker.start(finishing.runner(_shout, shared, put), _no_output)
    given = []
    for i, path in enumerate(pages):  # the build writes each page, then hands it over
        finished = str(work / f"{i}.html")
        payload = finishing.payload(f"k{i}", f"docs/p{i}.md", f"p{i:03d}/index.html", str(path), finished)
        given.append((worker.give(payload), i, path, finished))
    assert [number for number, *_ in given] == list(range(len(pages)))
    _until(lambda: worker._states[0] == helper.DONE)  # the helper has started (a loaded machine may delay it)
    by_build = 0
    for number, i, path, finished in reversed(given):  # the build takes them in from the last one back
        if worker.settle(number) and finishing.take(finished, str(path)):
            continue
        html = finishing.read_back(str(path), finished)
        result = _shout(html, label=f"docs/p{i}.md", page=f"p{i:03d}/index.html", **shared)
        put(f"k{i}", result)
        path.write_bytes(finishing.page_bytes(result))
        by_build += 1
    worker.stop()
    assert worker.exit_status == 0
    for i, path in enumerate(pages):
        expected = f"<P>PAGE {i} ÜNÏCODE CAFÉ</P><!-- docs/p{i}.md p{i:03d}/index.html done -->"
        assert path.read_text("utf-8") == expected
        assert (cache / f"k{i}").read_text("utf-8").split("\n", 1)[1] == expected
    assert list(work.iterdir()) == []  # every finished copy taken in or removed
    finishing.clear(str(site))
    assert not work.exists()
    by_helper = sum(1 for p in cache.iterdir() if p.read_text("utf-8").split("\n")[0] != str(os.getpid()))
    assert by_helper == worker.done() == len(pages) - by_build
    assert by_helper > 0


def test_a_page_the_helper_fails_on_is_left_to_the_build(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path, 1)

    def fails(html: str, **kwargs: object) -> str:
        raise ValueError("a page the last pass refuses")

    worker = helper.FeedHelper(1)
    worker.start(finishing.runner(fails, {}, lambda key, value: None), _no_output)
    finished = str(tmp_path / "finished.html")
    number = worker.give(finishing.payload("k", "docs/p.md", "p/index.html", str(page), finished))
    assert number == 0
    _until(lambda: worker._states[0] == helper.DONE)
    assert worker.settle(number) is True  # done by the helper, which wrote nothing:
    assert finishing.take(finished, str(page)) is False  # the build finishes it, and reports the error
    assert finishing.read_back(str(page), finished) == "<p>page 0 ünïcode café</p>"
    worker.stop()


def test_a_helper_that_dies_on_a_page_leaves_it_to_the_build(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path, 1)
    finished = str(tmp_path / "finished.html")

    def dies(html: str, **kwargs: object) -> str:
        with open(finished, "w", encoding="utf-8") as f:
            f.write("<p>half a pa")  # a finished copy written half-way
        os._exit(3)

    worker = helper.FeedHelper(1)
    worker.start(finishing.runner(dies, {}, lambda key, value: None), _no_output)
    number = worker.give(finishing.payload("k", "docs/p.md", "p/index.html", str(page), finished))
    assert number == 0
    _until(lambda: not worker.alive())
    assert worker.settle(number) is False
    assert worker.exit_status == 3
    # The build reads the page it wrote, and the half-written copy is gone.
    assert finishing.read_back(str(page), finished) == "<p>page 0 ünïcode café</p>"
    assert not Path(finished).exists()
    worker.stop()


def test_give_never_waits_and_refuses_what_the_helper_cannot_take(tmp_path: Path) -> None:
    not_started = helper.FeedHelper(4)
    assert not_started.give(b"x") is None  # no helper yet

    def stuck(task: object) -> None:
        read_end, _write_end = os.pipe()
        os.read(read_end, 1)  # never returns: the helper takes nothing more from its pipe

    worker = helper.FeedHelper(100_000)
    worker.start(stuck, _no_output)
    assert worker.give(b"two\nlines") is None
    assert worker.give(b"x" * 5000) is None  # longer than one atomic write to a pipe
    payload = b"x" * 4000
    taken = 0
    while worker.give(payload) is not None:  # the pipe fills up; give says so instead of waiting
        taken += 1
        assert taken < 100_000
    assert 0 < taken == worker.given
    worker.kill()
    assert worker.give(payload) is None  # stopped


def test_capacity_bounds_the_tasks(tmp_path: Path) -> None:
    worker = helper.FeedHelper(2)
    worker.start(lambda task: None, _no_output)
    assert [worker.give(b"a"), worker.give(b"b"), worker.give(b"c")] == [0, 1, None]
    for number in (0, 1):
        worker.settle(number)
    worker.stop()
    assert worker.exit_status == 0
    assert worker.done_tasks() == [n for n in (0, 1) if worker._states[n] == helper.DONE]


def test_the_helper_stops_once_no_build_can_hand_it_more() -> None:
    """Its loop ends at the end of the pipe: when the build closes its end (``stop``) or is
    gone (the end closes with the process). Here the loop runs in this process, on a pipe
    that holds one task and whose only writer the loop closes, as the forked helper does."""
    worker = helper.FeedHelper(2)
    os.write(worker._write_end, b"0 first task\n")
    seen: list[object] = []
    worker._work(seen.append, parent=os.getpid())  # returns: nobody can write any more
    assert seen == [b"first task"]
    assert worker.done_tasks() == []  # given by nobody: the build's own count


@pytest.mark.parametrize(
    ("html", "ok"),
    [("<p>plain</p>", True), ("<p>ünïcode café</p>", True), ("  \n ", False), ("<p>\ud800</p>", False)],
)
def test_only_pages_that_read_back_as_written_are_handed_over(html: str, ok: bool) -> None:
    assert finishing.can_hand_over(html) is ok


def test_a_task_names_the_key_the_page_its_file_and_the_finished_copy(tmp_path: Path) -> None:
    dest, finished = str(tmp_path / "ü" / "index.html"), str(tmp_path / ".polyglot-finishing" / "3.html")
    payload = finishing.payload("k1", "docs/ü.md", "ü/index.html", dest, finished)
    assert b"\n" not in payload
    assert json.loads(payload) == ["k1", "docs/ü.md", "ü/index.html", dest, finished]
    work = Path(finishing.folder(str(tmp_path)))
    assert work.parent == tmp_path and work.name.startswith(".")  # hidden, on the pages' file system


def test_the_task_stores_writes_and_reports_the_finished_page(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path, 1)
    stored: dict[str, str] = {}
    written: list[bytes] = []
    run = finishing.runner(_shout, {"suffix": "s"}, stored.__setitem__, written.append)
    finished = str(tmp_path / "finished.html")
    run(finishing.payload("key1", "docs/p.md", "p/index.html", str(page), finished))  # in this process
    result = "<P>PAGE 0 ÜNÏCODE CAFÉ</P><!-- docs/p.md p/index.html s -->"
    assert stored == {"key1": result}
    assert written == [finishing.page_bytes(result)]
    assert page.read_text("utf-8") == "<p>page 0 ünïcode café</p>"  # only the build replaces it
    assert finishing.take(finished, str(page)) is True and page.read_text("utf-8") == result


def test_a_helper_yields_to_the_build() -> None:
    """``helper.yield_to_build`` lowers the calling process's priority by ``NICENESS``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the helper's side
        before = os.nice(0)
        helper.yield_to_build()
        os.write(write_end, f"{before} {os.nice(0)}".encode())
        os._exit(0)
    os.close(write_end)
    before, after = map(int, os.read(read_end, 64).split())
    os.waitpid(pid, 0)
    assert after == min(before + helper.NICENESS, 19)
