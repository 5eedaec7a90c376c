"""``polyglot.stack``: the stack dictionary as Python source and as card data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot.stack import card_groups, fenced, humanize, python_literal

SEED = Path("/work/shared/seeds/001_1f021f2b55f547af.txt")
IBRAHIM_STACK = {
    "serving": ["FastAPI", "BentoML", "Yatai", "Ray Serve"],
    "orchestration": ["Prefect", "Airflow"],
    "tracking": ["MLflow", "DVC"],
    "monitoring": ["Evidently AI", "Prometheus", "Grafana"],
    "infrastructure": ["GCP", "Docker", "Kubernetes"],
    "data_storage": ["MinIO", "MongoDB", "PostgreSQL", "Redis", "MySQL"],
    "automation": ["CI/CD", "GitHub Actions", "Selenium"],
    "fundamentals": ["Adaptive batching", "Drift detection", "System design"],
}
# The about page's code block, character for character (used when the seed is absent).
IBRAHIM_BLOCK = """stack = {
    "serving": ["FastAPI", "BentoML", "Yatai", "Ray Serve"],
    "orchestration": ["Prefect", "Airflow"],
    "tracking": ["MLflow", "DVC"],
    "monitoring": ["Evidently AI", "Prometheus", "Grafana"],
    "infrastructure": ["GCP", "Docker", "Kubernetes"],
    "data_storage": ["MinIO", "MongoDB", "PostgreSQL", "Redis", "MySQL"],
    "automation": ["CI/CD", "GitHub Actions", "Selenium"],
    "fundamentals": ["Adaptive batching", "Drift detection", "System design"]
}"""


def seed_block() -> str:
    if not SEED.is_file():
        return IBRAHIM_BLOCK
    match = re.search(r"```python\n(.*?)\n```", SEED.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{SEED} has no ```python block"
    return match.group(1)


def test_python_literal_reproduces_the_seed_block() -> None:
    assert python_literal("stack", IBRAHIM_STACK) == seed_block()


def test_python_literal_of_the_real_data_reproduces_the_seed_block() -> None:
    from polyglot.loader import load_site_data

    repo = Path(__file__).resolve().parents[2]
    data = load_site_data(repo / "data", repo / "docs")
    assert python_literal("stack", data.people["ibrahim-lahlou"].stack) == seed_block()


def test_inline_block_matches_seed() -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is not available")
    assert seed_block() == IBRAHIM_BLOCK


def test_python_literal_empty() -> None:
    assert python_literal("stack", {}) == "stack = {}"


def test_python_literal_single_key_no_trailing_comma() -> None:
    assert python_literal("s", {"a": []}) == 's = {\n    "a": []\n}'


def test_python_literal_escapes_quotes_and_keeps_unicode() -> None:
    code = python_literal("stack", {'say "hi"': ["Zoë", "back\\slash"]})
    assert code == 'stack = {\n    "say \\"hi\\"": ["Zoë", "back\\\\slash"]\n}'


@given(st.dictionaries(st.text(), st.lists(st.text(), max_size=5), max_size=6))
def test_python_literal_is_python_for_the_same_dict(stack: dict[str, list[str]]) -> None:
    code = python_literal("stack", stack)
    tree = ast.parse(code)
    assign = tree.body[0]
    assert isinstance(assign, ast.Assign)
    assert ast.literal_eval(assign.value) == stack
    assert list(ast.literal_eval(assign.value)) == list(stack)


def test_fenced_plain() -> None:
    assert fenced("x = 1", "python") == "```python\nx = 1\n```"


@pytest.mark.parametrize(("code", "fence"), [("a `b` c", "```"), ("a ``` b", "````"), ("`````", "``````")])
def test_fenced_uses_a_longer_fence_than_any_backtick_run(code: str, fence: str) -> None:
    assert fenced(code, "md") == f"{fence}md\n{code}\n{fence}"


@given(st.text(alphabet="`ab\n", max_size=40))
def test_fenced_is_never_closed_early(code: str) -> None:
    text = fenced(code, "text")
    fence = text.split("text\n", 1)[0]
    body_lines = code.split("\n")
    assert all(not line.strip().startswith(fence) for line in body_lines)
    assert text.endswith("\n" + fence)


def test_fenced_renders_as_one_code_block() -> None:
    code = "before\n```\nnot the end\n```\nafter"
    html = markdown.markdown(fenced(code, ""), extensions=["fenced_code"])
    assert html.count("<pre>") == 1
    assert "after" in html and "not the end" in html


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("data_storage", "Data storage"),
        ("serving", "Serving"),
        ("ci-cd", "Ci cd"),
        ("_private_", "Private"),
        ("", ""),
        ("ML_ops", "ML ops"),
    ],
)
def test_humanize(key: str, title: str) -> None:
    assert humanize(key) == title


def test_card_groups_order_and_default_icon() -> None:
    icons = {"default": "material/tools", "serving": "material/server-network"}
    groups = card_groups({"unknown_key": ["A"], "serving": ["FastAPI", "BentoML"]}, icons)
    assert groups == [
        {"key": "unknown_key", "title": "Unknown key", "icon": "material/tools", "items": ["A"]},
        {"key": "serving", "title": "Serving", "icon": "material/server-network", "items": ["FastAPI", "BentoML"]},
    ]


def test_card_groups_preserve_the_data_order() -> None:
    groups = card_groups(IBRAHIM_STACK, {"default": "material/tools"})
    assert [g["key"] for g in groups] == list(IBRAHIM_STACK)
    assert [g["items"] for g in groups] == list(IBRAHIM_STACK.values())
    assert {g["icon"] for g in groups} == {"material/tools"}


def test_card_groups_copy_items() -> None:
    items = ("a", "b")
    groups = card_groups({"k": items}, {"default": "material/tools"})
    assert groups[0]["items"] == ["a", "b"]
    assert isinstance(groups[0]["items"], list)


def test_card_groups_empty() -> None:
    assert card_groups({}, {"default": "material/tools"}) == []
