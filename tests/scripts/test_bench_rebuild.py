"""`make bench-rebuild`: serve rebuilds timed by phase, this code beside a git revision's."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tests.scripts.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_rebuild() -> ModuleType:
    return load_script("bench_rebuild")


def test_phases_add_up_to_the_rebuild_and_medians_are_per_phase(bench_rebuild: ModuleType) -> None:
    one = bench_rebuild.phases_of({"config": 0.1, "files": 0.2, "populate": 0.3, "post_build": 0.2}, 1.0)
    assert one["pages"] == pytest.approx(0.2) and one["nav"] == 0.0 and one["total"] == 1.0
    assert sum(one[p] for p in bench_rebuild.PHASES) == pytest.approx(one["total"])
    assert bench_rebuild.phases_of({"config": 2.0}, 1.0)["pages"] == 0.0  # never negative
    two = bench_rebuild.phases_of({"config": 0.3}, 3.0)
    three = bench_rebuild.phases_of({"config": 0.2}, 2.0)
    med = bench_rebuild.summarize([one, two, three])
    assert med["total"] == 2.0 and med["config"] == 0.2 and med["pages"] == pytest.approx(1.8)
    assert bench_rebuild.summarize([]) == {}
    text = bench_rebuild.table({"site": [one, two, three]}, 8, 3, 1)
    assert "| site | **2.000** | 0.200 |" in text and text.count("\n| ") == 3


def test_handler_times_are_counted_per_label_and_tabled_by_median(bench_rebuild: ModuleType) -> None:
    class Plugin:
        def on_page_context(self, context: dict, **_: object) -> dict:
            return {**context, "seen": True}

        def on_config(self, config: object) -> object:
            return config

    plugin = Plugin()
    handler = plugin.on_page_context
    plugins = SimpleNamespace(
        events={"page_context": [handler], "config": [plugin.on_config]},
        _event_origins={handler: "material/blog", plugin.on_config: "material/blog"},
    )
    times: dict[str, list[float]] = {}
    bench_rebuild.time_handlers(plugins, times)
    bench_rebuild.time_handlers(plugins, times)  # a second call does not wrap twice
    timed = plugins.events["page_context"][0]
    assert isinstance(timed, bench_rebuild.TimedHandler) and plugins.events["config"] == [plugin.on_config]
    assert timed.__self__ is plugin and timed.__func__ is Plugin.on_page_context  # what the hooks compare
    assert plugins._event_origins[timed] == "material/blog"  # errors still name the plugin
    assert timed({"a": 1}, page=None) == {"a": 1, "seen": True}
    timed({}, page=None)
    assert times["page_context:material/blog"][0] == 2 and times["page_context:material/blog"][1] >= 0
    rows = [{"handlers": {"a:x": [1, 0.5], "b:y": [3, 0.1]}}, {"handlers": {"a:x": [1, 0.3]}}, {"handlers": {}}]
    text = bench_rebuild.handlers_table({"site": rows}, top=1)
    assert "| site | `a:x` | 1 | 0.300 |" in text and "b:y" not in text  # medians; absent counts as 0
    assert "| site | `b:y` | 0 | 0.000 |" in bench_rebuild.handlers_table({"site": rows})


def test_the_worker_edits_the_benchmarks_posts(bench_rebuild: ModuleType, tmp_path: Path) -> None:
    bench = load_script("bench")  # the worker cannot import it: it loads this repository's hooks
    assert bench_rebuild.CORPUS_DIR == bench.CORPUS_DIR
    (tmp_path / "old.md").write_text("---\ntitle: Old\ndate: 2024-01-02\n---\n", "utf-8")
    (tmp_path / "new.md").write_text("---\ntitle: New\ndate: 2025-03-04\n---\n", "utf-8")
    assert bench_rebuild.newest_post(tmp_path).name == "new.md"


def test_a_baseline_gets_the_code_and_configuration_of_its_revision(bench_rebuild: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "only-here.py").write_text("x = 1\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "kept.md").write_text("# Kept\n", "utf-8")
    bench_rebuild.use_revision(tmp_path, "HEAD")
    head = subprocess.run(
        ["git", "-C", str(ROOT), "show", "HEAD:hooks/speed_hooks.py"], capture_output=True, check=True
    )
    assert (tmp_path / "hooks" / "speed_hooks.py").read_bytes() == head.stdout
    assert not (tmp_path / "hooks" / "only-here.py").exists()  # the folder is the revision's, whole
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "overrides" / "main.html").is_file()
    assert (tmp_path / "docs" / "kept.md").is_file()  # the posts stay
    with pytest.raises(SystemExit, match="no-such-revision"):
        bench_rebuild.use_revision(tmp_path, "no-such-revision")


def test_the_benchmark_rebuilds_both_variants_and_prints_a_row_each(
    bench_rebuild: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_rebuild.main(["--posts", "8", "--edits", "2", "--baseline", "HEAD", "--handlers"]) == 0
    out = capsys.readouterr()
    rows = re.findall(r"^\| (site|baseline \(HEAD\)) \| \*\*(\d+\.\d{3})\*\* \|((?: \d+\.\d{3} \|){6})$", out.out, re.M)
    assert [name for name, _, _ in rows] == ["baseline (HEAD)", "site"], out.out
    assert all(float(total) > 0 for _, total, _ in rows)
    assert out.err.count("round 1:") == 2
    handlers = dict(
        ((name, label), int(calls))
        for name, label, calls in re.findall(r"^\| (site|baseline \(HEAD\)) \| `([^`]+)` \| (\d+) \|", out.out, re.M)
    )
    assert handlers.get(("site", "files:material/blog")) == 1, out.out
    # The wrapped handlers behave as before: pages an edit did not change replay their
    # context hooks without the blog plugin's (it renders excerpts only templates read).
    blog, site = (
        handlers.get(("site", "page_context:material/blog")),
        handlers.get(("site", "page_context:hooks/site_hooks.py")),
    )
    assert blog is not None and site is not None and 0 < blog < site, out.out
