"""YAML parsing shared by data files and front matter, with errors that name a line."""

from __future__ import annotations

from typing import Any

import yaml


class TextDateLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so a bad date is our error, not PyYAML's crash."""


TextDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Any:
    return yaml.load(text, Loader=TextDateLoader)  # a SafeLoader subclass


def error_location(exc: yaml.YAMLError, text: str, line_offset: int = 0) -> tuple[int | None, str]:
    """The 1-based line of a YAML error (or None) and a one-line description of it."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line: int | None = mark.line + 1
    elif isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
    else:
        line = None
    if isinstance(exc, yaml.reader.ReaderError):
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
    else:
        problem = getattr(exc, "problem", None) or str(exc)
    problem = " ".join(str(problem).split())
    return (line + line_offset if line is not None else None), problem
