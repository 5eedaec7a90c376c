"""The ``stack`` dictionary: as Python source (like the author's page) and as card data."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence


def python_literal(name: str, stack: Mapping[str, Sequence[str]]) -> str:
    """Format ``stack`` as the Python dict literal the author writes, one key per line."""
    if not stack:
        return f"{name} = {{}}"
    lines = [
        f"    {json.dumps(key, ensure_ascii=False)}: [{', '.join(json.dumps(i, ensure_ascii=False) for i in items)}]"
        for key, items in stack.items()
    ]
    return f"{name} = {{\n" + ",\n".join(lines) + "\n}"


def fenced(code: str, lang: str) -> str:
    """A Markdown code fence long enough that no backtick run inside can close it."""
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{code}\n{fence}"


def humanize(key: str) -> str:
    """``data_storage`` -> ``Data storage``."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def card_groups(stack: Mapping[str, Sequence[str]], icons: Mapping[str, str]) -> list[dict[str, object]]:
    """One card per key, in the data's order, with its icon (or the default icon)."""
    return [
        {"key": key, "title": humanize(key), "icon": icons.get(key, icons["default"]), "items": list(items)}
        for key, items in stack.items()
    ]
