"""Audit the built site as readers get it: Lighthouse (mobile and desktop) and axe, both palettes.

    python scripts/audit.py --site site [--runs 3] [--dark-runs 3] [--check]

Serves ``--site`` on 127.0.0.1 with gzip (scripts/serve_gzip.py, as GitHub Pages serves it),
runs the npm-pinned Lighthouse (node_modules/.bin/lighthouse, ``npm ci``) on Debian's Chromium
``--runs`` times per page type and preset in the light palette and ``--dark-runs`` times in the
dark one, runs axe (WCAG 2.1 A/AA and best practices) in both palettes before and after the
reader's first interaction, then prints a table of medians. Raw reports go to ``reports/``
(git-ignored). With ``--check`` it exits 1 when a target is missed (TARGETS below).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM_ARGS
from serve_gzip import serving

ROOT = Path(__file__).resolve().parent.parent
CHROME = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
DARK_FLAG = "--blink-settings=preferredColorScheme=0"  # prefers-color-scheme: dark
PAGES = {
    "home": "",
    "blog index": "blog/",
    "long post (diagram)": "blog/2026/11/23/how-this-site-is-built/",
    "text post": "blog/2026/11/16/welcome/",
    "author": "authors/saad-laouadi/",
    "philosophy": "philosophy/",
    "projects": "projects/",
}
DIAGRAM_PAGES = {"long post (diagram)"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@dataclass(frozen=True)
class Targets:
    score: int = 100
    diagram_performance: int = 95
    mobile_lcp_ms: float = 1200
    desktop_lcp_ms: float = 400
    cls: float = 0.0005  # Lighthouse rounds CLS to 0.001: from here on it shows 0.001, not 0
    text_page_bytes: int = 60 * 1024  # every page: diagrams are inline SVG, math and Mermaid load on demand


TARGETS = Targets()


@dataclass
class Row:
    page: str
    preset: str
    palette: str
    runs: int
    performance: float
    accessibility: float
    best_practices: float
    seo: float
    lcp_ms: float
    cls: float
    tbt_ms: float
    bytes: float
    requests: float
    third_party: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def lighthouse_bin() -> Path:
    path = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not path.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` (make audit does).")
    return path


def run_lighthouse(url: str, preset: str, palette: str, out: Path) -> dict:
    flags = CHROME_FLAGS + ([DARK_FLAG] if palette == "dark" else [])
    cmd = [
        str(lighthouse_bin()),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={' '.join(flags)}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({preset}, {palette}):\n{proc.stderr[-2000:]}")
    return json.loads(out.read_text("utf-8"))


def summarize(report: dict, origin: str) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    urls = [r["url"] for r in requests if urlsplit(r["url"]).scheme in ("http", "https")]
    categories = report["categories"]
    return {
        "performance": categories["performance"]["score"] * 100,
        "accessibility": categories["accessibility"]["score"] * 100,
        "best_practices": categories["best-practices"]["score"] * 100,
        "seo": categories["seo"]["score"] * 100,
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(urls),
        "third_party": sorted({u for u in urls if urlsplit(u).netloc != origin}),
        "search_index": any(u.endswith("search/search_index.json") for u in urls),
    }


def misses(row: Row) -> list[str]:
    t = TARGETS
    found = []
    perf_target = t.diagram_performance if row.page in DIAGRAM_PAGES else t.score
    if row.performance < perf_target:
        found.append(f"performance {row.performance:.0f} < {perf_target}")
    for name in ("accessibility", "best_practices", "seo"):
        if getattr(row, name) < t.score:
            found.append(f"{name} {getattr(row, name):.0f} < {t.score}")
    lcp_target = t.mobile_lcp_ms if row.preset == "mobile" else t.desktop_lcp_ms
    if row.lcp_ms > lcp_target:
        found.append(f"LCP {row.lcp_ms:.0f} ms > {lcp_target:.0f}")
    if row.bytes > t.text_page_bytes:
        found.append(f"{row.bytes / 1024:.1f} KiB > {t.text_page_bytes / 1024:.0f}")
    if row.cls >= t.cls:
        found.append(f"CLS {row.cls:.3f}")
    if row.third_party:
        found.append(f"third-party requests: {row.third_party}")
    return found


def audit_lighthouse(base: str, out_dir: Path, runs: int, dark_runs: int, pages: dict[str, str]) -> list[Row]:
    origin = urlsplit(base).netloc
    rows = []
    for page, path in pages.items():
        for preset in ("mobile", "desktop"):
            for palette, count in (("light", runs), ("dark", dark_runs)):
                if count <= 0:
                    continue
                results = []
                for n in range(1, count + 1):
                    slug = page.split(" ")[0] if page != "blog index" else "blog"
                    out = out_dir / f"{slug}-{preset}-{palette}-{n}.json"
                    results.append(summarize(run_lighthouse(base + path, preset, palette, out), origin))
                    print(f"  {page} {preset} {palette} run {n}: perf {results[-1]['performance']:.0f}", flush=True)
                med = {k: statistics.median(r[k] for r in results) for k in results[0] if k != "third_party"}
                row = Row(
                    page=page,
                    preset=preset,
                    palette=palette,
                    runs=count,
                    performance=med["performance"],
                    accessibility=med["accessibility"],
                    best_practices=med["best_practices"],
                    seo=med["seo"],
                    lcp_ms=med["lcp_ms"],
                    cls=med["cls"],
                    tbt_ms=med["tbt_ms"],
                    bytes=med["bytes"],
                    requests=med["requests"],
                    third_party=sorted({u for r in results for u in r["third_party"]}),
                )
                row.misses = misses(row)
                if any(r["search_index"] for r in results):
                    row.misses.append("search index fetched at page load")
                rows.append(row)
    return rows


def wait_for_material(page: Any, timeout: float = 20.0) -> None:
    """Poll from Python: the site's CSP (no 'unsafe-eval') forbids Playwright's in-page predicates."""
    deadline = time.monotonic() + timeout
    while not page.evaluate("typeof window.component$ !== 'undefined'"):
        if time.monotonic() > deadline:
            raise TimeoutError("Material's bundle did not load")
        page.wait_for_timeout(100)


def audit_axe(base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    """axe violations per page and palette, before and after the first interaction."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    found: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROME, args=[f for f in CHROME_FLAGS if f != "--headless=new"])
        for page_name, path in pages.items():
            for palette in ("light", "dark"):
                for width, height in ((1280, 900), (375, 812)):
                    ctx = browser.new_context(color_scheme=palette, viewport={"width": width, "height": height})
                    page = ctx.new_page()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    states = {"as loaded": None, "after interaction": "interact"}
                    for state, action in states.items():
                        if action:
                            page.mouse.move(width / 2, height / 2)
                            wait_for_material(page)
                            page.wait_for_load_state("networkidle")
                        if page.locator("pre.mermaid, div.mermaid").count():
                            page.locator("div.mermaid").first.wait_for(timeout=20000)
                        response = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response
                        key = f"{page_name} | {palette} | {width}px | {state}"
                        found[key] = [f"{v['id']} ({len(v['nodes'])})" for v in response["violations"]]
                    ctx.close()
        browser.close()
    return found


def fmt_table(rows: list[Row]) -> str:
    head = (
        "| page | preset | palette | perf | a11y | best pr. | SEO | LCP ms | CLS | TBT ms | KiB | requests "
        "| third-party | misses |"
    )
    lines = [head, "|" + "---|" * 14]
    for r in rows:
        lines.append(
            f"| {r.page} | {r.preset} | {r.palette} ({r.runs}x) | {r.performance:.0f} | {r.accessibility:.0f} "
            f"| {r.best_practices:.0f} | {r.seo:.0f} | {r.lcp_ms:.0f} | {r.cls:.3f} | {r.tbt_ms:.0f} "
            f"| {r.bytes / 1024:.1f} | {r.requests:.0f} | {len(r.third_party)} | {'; '.join(r.misses) or '-'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and preset, light palette")
    parser.add_argument(
        "--dark-runs",
        type=int,
        default=3,
        help="Lighthouse runs per page and preset, dark palette (3: a single run's TBT moves by 100 ms)",
    )
    parser.add_argument("--page", action="append", choices=list(PAGES), help="audit only these page types")
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    if not (args.site / "index.html").exists():
        sys.exit(f"{args.site}/index.html not found: build the site first (make audit does)")
    if not shutil.which(CHROME) and not Path(CHROME).exists():
        sys.exit(f"Chromium not found at {CHROME}")
    pages = {name: PAGES[name] for name in args.page} if args.page else PAGES
    lh_dir = args.out / "lighthouse"
    lh_dir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)

    with serving(args.site) as base:
        print(f"Auditing {base} (gzip) with {CHROME}", flush=True)
        rows = audit_lighthouse(base, lh_dir, args.runs, args.dark_runs, pages)
        axe = {} if args.no_axe else audit_axe(base, pages)

    axe_failures = {k: v for k, v in axe.items() if v}
    lines = [
        f"Audit of {started:%Y-%m-%d %H:%M} UTC: Lighthouse {lighthouse_version()} (median of runs), "
        f"Chromium {chromium_version()}, served with gzip on 127.0.0.1",
        "",
        fmt_table(rows),
        "",
        f"axe-core (WCAG 2.1 A/AA + best practices), {len(axe)} checks (page x palette x 1280/375 px x "
        f"before/after first interaction): {sum(len(v) for v in axe.values())} violations",
    ]
    lines += [f"- {k}: {', '.join(v)}" for k, v in axe_failures.items()]
    text = "\n".join(lines)
    print("\n" + text)
    (args.out / "audit.md").write_text(text + "\n", "utf-8")
    payload = {"date": started.isoformat(), "targets": asdict(TARGETS), "rows": [asdict(r) for r in rows], "axe": axe}
    (args.out / "audit.json").write_text(json.dumps(payload, indent=2), "utf-8")

    missed = [r for r in rows if r.misses]
    if args.check and (missed or axe_failures):
        print(f"\nFAILED: {len(missed)} rows miss a target, {len(axe_failures)} axe checks found violations")
        return 1
    return 0


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text("utf-8"))["version"] if package.exists() else "?"


def chromium_version() -> str:
    proc = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=False)
    words = proc.stdout.split()
    return words[1] if proc.returncode == 0 and len(words) > 1 else "?"


if __name__ == "__main__":
    sys.exit(main())
