"""One error type for every bad input, always naming the file and the field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def format_location(loc: Sequence[str | int]) -> str:
    """Render a field path like ``ibrahim.contacts[1].url``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


class DataError(Exception):
    """A bad input file: the message is ``file: field: problem`` (one line per problem)."""

    def __init__(self, file: str, problems: Iterable[tuple[str, str]]) -> None:
        self.file = file
        self.problems = list(problems)
        lines = [f"{file}: {field}: {message}" for field, message in self.problems]
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, file: str, field: str, message: str) -> DataError:
        return cls(file, [(field, message)])
