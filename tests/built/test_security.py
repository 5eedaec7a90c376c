"""What readers load: one strict Content-Security-Policy per page, safe links, no mixed content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from polyglot import csp
from tests.built.helpers import html_pages
from tests.conftest import copy_project, run_build


def pages(site: Path) -> list[tuple[str, str]]:
    found = [(p.relative_to(site).as_posix(), p.read_text("utf-8")) for p in html_pages(site)]
    assert len(found) >= 10 and any(name == "404.html" for name, _ in found)
    return found


def test_every_page_carries_one_policy_before_any_script(built_site: Path) -> None:
    for name, html in pages(built_site):
        assert html.count('http-equiv="Content-Security-Policy"') == 1, name
        head = html[: html.index("</head>")]
        policy_at = head.index('http-equiv="Content-Security-Policy"')
        assert head.index("<meta charset") < policy_at < head.index("<script"), name


def test_the_policy_allows_exactly_the_page_s_inline_scripts(built_site: Path) -> None:
    for name, html in pages(built_site):
        policy = csp.read_policy(html)
        assert policy is not None, name
        scripts = csp.inline_scripts(html)
        assert scripts, name  # Material always has some: the test would be vacuous otherwise
        hashes = {csp.script_hash(s.body) for s in scripts}
        allowed = {s for s in policy["script-src"] if s.startswith("'sha256-")}
        assert allowed == hashes, name


def test_the_policy_is_strict(built_site: Path) -> None:
    for name, html in pages(built_site):
        policy = csp.read_policy(html)
        assert policy is not None
        assert policy["default-src"] == ["'self'"], name
        assert [s for s in policy["script-src"] if not s.startswith("'sha256-")] == ["'self'"], name
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], name
        assert policy["form-action"] == ["'self'"], name
        sources = {s for values in policy.values() for s in values}
        assert not any(s.startswith(("http:", "https:")) or s == "*" for s in sources), (name, sources)
        # The one allowance: inline styles, for Mermaid's runtime-generated diagram styles.
        assert "'unsafe-inline'" not in {s for d, v in policy.items() if d != "style-src" for s in v}, name


def test_links_that_open_a_new_tab_cannot_reach_back(built_site: Path) -> None:
    count = 0
    for name, html in pages(built_site):
        soup = BeautifulSoup(html, "html.parser")
        for link in soup.select('a[target="_blank"]'):
            count += 1
            assert {"noopener", "noreferrer"} <= set(link.get("rel", [])), (name, str(link))
    assert count > 0  # the footer's social links open new tabs


def test_no_page_loads_anything_over_plain_http(built_site: Path) -> None:
    for name, html in pages(built_site):
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.find_all(["img", "script", "iframe", "source", "video", "audio", "link", "embed"]):
            for attr in ("src", "srcset", "poster"):
                assert not re.search(r"(^|\s)http://", element.get(attr, "")), (name, str(element))
            if element.name == "link" and "stylesheet" in element.get("rel", []):
                assert not element.get("href", "").startswith("http://"), (name, str(element))
        for element in soup.find_all(True):
            assert not any(a.startswith("on") for a in element.attrs), (name, element.name)


def build_with_csp(project: Path, directive: str, sources: str):
    """Build ``project`` with ``extra.csp.<directive>: <sources>`` added to its mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "  generator: false\n", f"  generator: false\n  csp:\n    {directive}: {sources}\n"
    )
    config.write_text(text, "utf-8")
    return run_build(project, project / "site")


def test_an_integration_adds_its_origin_by_opting_in(fixture_project: Path) -> None:
    result = build_with_csp(fixture_project, "img-src", '["https://img.example.org"]')
    assert result.ok, result.log
    policy = csp.read_policy((fixture_project / "site" / "index.html").read_text("utf-8"))
    assert policy is not None and policy["img-src"] == ["'self'", "data:", "https://img.example.org"]


def test_an_integration_cannot_reopen_script_injection(fixture_project: Path) -> None:
    result = build_with_csp(fixture_project, "script-src", "[\"'unsafe-inline'\"]")
    assert not result.ok and "Traceback" not in result.log
    assert "mkdocs.yml: extra.csp.script-src[0]: would allow injected scripts ('unsafe-inline')" in result.log


@pytest.mark.parametrize("domain", ["blog.example.com"])
def test_a_custom_domain_is_part_of_every_build(tmp_path: Path, domain: str) -> None:
    project = copy_project(tmp_path / "project")
    site_yml = project / "data" / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8") + f"domain: {domain}\n", "utf-8")
    result = run_build(project, project / "site", env={"SITE_URL": f"https://{domain}/"})
    assert result.ok, result.log
    assert (project / "site" / "CNAME").read_text("utf-8") == f"{domain}\n"
    # ...and a site_url on another host is refused before anything is built.
    mismatch = run_build(project, project / "other", env={"SITE_URL": "https://me.github.io/site/"})
    assert not mismatch.ok and "Traceback" not in mismatch.log
    assert f"data/site.yml: domain: '{domain}' differs from the host of site_url" in mismatch.log


def test_without_a_domain_there_is_no_cname(built_site: Path) -> None:
    assert yaml.safe_load((Path(__file__).parents[2] / "data" / "site.yml").read_text("utf-8")).get("domain") is None
    assert not (built_site / "CNAME").exists()


def test_the_fast_csp_scan_reads_every_built_page_as_the_reference_does(built_site: Path) -> None:
    """No built page falls back to ``html.parser`` (the build would be slower), and the fast
    scan finds the same scripts, with the same lines, as the reference scan."""
    for name, html in pages(built_site):
        fast = csp._scan_fast(html)
        assert fast is not None, name
        assert fast == csp.scan_slow(html), name
