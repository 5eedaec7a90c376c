"""Keep Jinja-looking code literal on pages that opt into macros.

Code fences and inline code spans are wrapped in ``{% raw %}`` so that GitHub Actions
YAML, Helm charts or prompt templates full of ``{{ }}`` and ``{% %}`` reach the reader as
written.
"""

from __future__ import annotations

import re

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
_ENDRAW = r"\{%[-+]?\s*endraw\s*[-+]?%\}"
_INLINE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)")
RAW_OPEN, RAW_CLOSE = "{% raw %}", "{% endraw %}"


def _needs_raw(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def _wrap(text: str) -> str:
    if not _needs_raw(text):
        return text
    parts = re.split(f"({_ENDRAW})", text)
    out = []
    for part in parts:
        if re.fullmatch(_ENDRAW, part):
            out.append("{{ '" + part + "' }}")
        elif part:
            out.append(RAW_OPEN + part + RAW_CLOSE)
    return "".join(out)


def protect_code(markdown: str) -> str:
    """Wrap fenced code blocks and inline code containing Jinja syntax in raw blocks."""
    lines = re.split(r"(?<=\n)", markdown)  # Markdown ends lines at \n only
    out: list[str] = []
    block: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = _FENCE_OPEN.match(line)
            if match:
                fence = match.group("fence")
                block = [line]
            else:
                out.append(_INLINE.sub(lambda m: _wrap(m.group(0)), line))
            continue
        block.append(line)
        stripped = line.strip()
        if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
            out.append(_wrap("".join(block)))
            fence = None
    if fence is not None:
        out.append(_wrap("".join(block)))
    return "".join(out)
