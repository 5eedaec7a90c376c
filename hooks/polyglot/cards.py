"""Social card images (1200x630 PNG) drawn with Pillow, offline, cached by content hash.

Fonts come from the ``font-roboto`` package (no download at build time); a card whose
inputs did not change since the last build is copied from ``.cache/`` instead of redrawn.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import pngencode

CACHE_DIR = ".cache/polyglot/cards"  # drawn cards, under the project's root
WIDTH, HEIGHT = 1200, 630
VERSION = "4"  # bump when the drawing or the encoding changes, to invalidate every cached card
_MARGIN = 80


@dataclass(frozen=True)
class Style:
    """The site's colours (the light palette of site.css)."""

    background: str = "#123a54"
    background_end: str = "#1a5276"
    accent: str = "#ff7eb6"
    text: str = "#ffffff"
    muted: str = "#c9dcea"


@dataclass(frozen=True)
class Card:
    """What a card says."""

    title: str
    site_name: str
    author: str = ""
    category: str = ""


def font_files() -> dict[str, Path]:
    """Roboto Bold/Regular/Medium from the ``font-roboto`` package."""
    import font_roboto

    folder = Path(font_roboto.font_directory)
    return {name: folder / f"Roboto-{name}.ttf" for name in ("Bold", "Medium", "Regular")}


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@cache
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for path in font_files().values():
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4096)  # asked for every page on every build: cards and styles are frozen
def cache_key(card: Card, style: Style) -> str:
    payload = json.dumps([VERSION, asdict(card), asdict(style), _fonts_digest()], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` pixels."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(title: str, path: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in four lines (ellipsis below the smallest)."""
    for size in (76, 68, 60, 54, 48):
        font = _font(path, size)
        lines = wrap(title, font, width)
        if len(lines) <= 4 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font(path, 48)
    lines = wrap(title, font, width)[:4]
    lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return font, lines


def _gradient(style: Style) -> Image.Image:
    return _background(style).copy()


@lru_cache(maxsize=8)
def _background(style: Style) -> Image.Image:
    """The card's background for ``style`` (drawn once; each card draws on a copy)."""
    start = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    end = Image.new("RGB", (WIDTH, HEIGHT), style.background_end)
    mask = Image.linear_gradient("L").rotate(-90).resize((WIDTH, HEIGHT))
    return Image.composite(end, start, mask)


_FOOTER_MARGIN = 4  # rows above the footer texts' boxes, in the strip drawn once


@lru_cache(maxsize=16)
def _footer(style: Style, author: str, site_name: str) -> tuple[int, Image.Image]:
    """The rows the footer's texts touch (from a few above the highest row either reaches,
    to the bottom) with the background, the accent bar and the texts drawn on them, and
    the first row's index: what every card of this author and site name shares (drawn
    once; about 0.4 MB)."""
    footer = _font(str(font_files()["Regular"]), 32)
    bottom = HEIGHT - _MARGIN
    texts = [(site_name, "rs")] + ([(author, "ls")] if author else [])
    top = min(bottom + footer.getbbox(text, anchor=anchor)[1] for text, anchor in texts) - _FOOTER_MARGIN
    top = max(top, 0)
    strip = _background(style).crop((0, top, WIDTH, HEIGHT))
    pen = ImageDraw.Draw(strip)
    pen.rectangle((0, 0, 16, HEIGHT - top), fill=style.accent)
    if author:
        pen.text((_MARGIN, bottom - top), author, font=footer, fill=style.text, anchor="ls")
    pen.text((WIDTH - _MARGIN, bottom - top), site_name, font=footer, fill=style.muted, anchor="rs")
    return top, strip


def draw(card: Card, style: Style | None = None) -> Image.Image:
    """The card as an image: category, title, author and site name in the site's colours.

    The footer's texts come from :func:`_footer`'s strip, pasted, when nothing drawn before
    them reaches its rows (always, but for a title font with glyphs far below the
    baseline): the pixels are those of drawing them on the card."""
    style = style or Style()
    fonts = {name: str(path) for name, path in font_files().items()}
    image = _gradient(style)
    pen = ImageDraw.Draw(image)
    inner = WIDTH - 2 * _MARGIN
    pen.rectangle((0, 0, 16, HEIGHT), fill=style.accent)

    y = _MARGIN
    if card.category:
        small = _font(fonts["Medium"], 30)
        pen.text((_MARGIN, y), card.category.upper(), font=small, fill=style.accent)
        y += 60
    title_font, lines = _fit_title(card.title, fonts["Bold"], inner)
    line_height = int(title_font.size * 1.18)
    lowest = 0  # the lowest row drawn so far, past its end
    for line in lines:
        pen.text((_MARGIN, y), line, font=title_font, fill=style.text)
        lowest = max(lowest, y + title_font.getbbox(line)[3])
        y += line_height

    bottom = HEIGHT - _MARGIN
    pen.line((_MARGIN, bottom - 56, WIDTH - _MARGIN, bottom - 56), fill=style.muted, width=2)
    lowest = max(lowest, bottom - 56 + 2)
    top, strip = _footer(style, card.author, card.site_name)
    if lowest <= top:
        image.paste(strip, (0, top))
        return image
    footer = _font(fonts["Regular"], 32)
    if card.author:
        pen.text((_MARGIN, bottom), card.author, font=footer, fill=style.text, anchor="ls")
    pen.text((WIDTH - _MARGIN, bottom), card.site_name, font=footer, fill=style.muted, anchor="rs")
    return image


def cached(card: Card, cache_dir: Path, style: Style | None = None) -> tuple[Path, bool]:
    """The card's PNG in ``cache_dir``, drawn there if missing; and whether it was drawn."""
    style = style or Style()
    path = cache_dir / f"{cache_key(card, style)}.png"
    drawn = not path.is_file()
    if drawn:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")  # one per process: the build's helper draws too
        # A card is drawn for every page of a cold build: ``pngencode`` writes one in about a
        # third of the time Pillow's encoder takes (3.6 against 9.9 ms; 66 against 59 KB).
        pngencode.save(draw(card, style), str(tmp))
        tmp.replace(path)
    return path, drawn


def render(card: Card, dest: Path, cache_dir: Path, style: Style | None = None) -> bool:
    """Write ``card`` as a PNG at ``dest``; returns True when it had to be drawn (cache miss)."""
    source, drawn = cached(card, cache_dir, style)
    dest.parent.mkdir(parents=True, exist_ok=True)
    copy_card(str(source), str(dest))
    return drawn


def copy_card(source: str, dest: str) -> None:
    """Put the cached image ``source`` at ``dest`` in the site (``mkdocs serve`` skips the
    whole :func:`render` of a card written into an unchanged file: see ``speed_hooks``)."""
    shutil.copyfile(source, dest)


def card_path(page_url: str) -> str:
    """Site-relative path of a page's card: ``blog/2026/x/`` -> ``assets/images/social/blog/2026/x.png``."""
    stem = page_url.strip("/").removesuffix(".html") or "index"
    return f"assets/images/social/{stem}.png"
