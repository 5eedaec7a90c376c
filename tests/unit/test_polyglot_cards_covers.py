"""``polyglot.cards`` (social images, cached) and ``polyglot.covers`` (cover images)."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from tests.unit.postfactory import make_post

from polyglot import cards
from polyglot.covers import cover_markdown, escape_markdown, image_size, resolve_cover
from polyglot.errors import DataError
from polyglot.posts import Cover

CARD = cards.Card(title="Shipping a drift monitor", site_name="Site", author="Saad", category="Guides")


def test_card_is_a_1200_by_630_png(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "card.png"
    assert cards.render(CARD, dest, tmp_path / "cache") is True
    with Image.open(dest) as image:
        assert image.format == "PNG" and image.size == (cards.WIDTH, cards.HEIGHT)
        # The encoder (polyglot.pngencode) is lossless: every pixel as drawn.
        assert image.convert("RGB").tobytes() == cards.draw(CARD).tobytes()


def _drawn_in_one_go(card: cards.Card, style: cards.Style) -> Image.Image:
    """The card drawn as before the shared parts were kept: everything, in order, on one image."""
    from PIL import ImageDraw

    fonts = {name: str(path) for name, path in cards.font_files().items()}
    image = cards._background(style).copy()
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 16, cards.HEIGHT), fill=style.accent)
    y = 80
    if card.category:
        pen.text((80, y), card.category.upper(), font=cards._font(fonts["Medium"], 30), fill=style.accent)
        y += 60
    title_font, lines = cards._fit_title(card.title, fonts["Bold"], cards.WIDTH - 160)
    for line in lines:
        pen.text((80, y), line, font=title_font, fill=style.text)
        y += int(title_font.size * 1.18)
    footer = cards._font(fonts["Regular"], 32)
    bottom = cards.HEIGHT - 80
    pen.line((80, bottom - 56, cards.WIDTH - 80, bottom - 56), fill=style.muted, width=2)
    if card.author:
        pen.text((80, bottom), card.author, font=footer, fill=style.text, anchor="ls")
    pen.text((cards.WIDTH - 80, bottom), card.site_name, font=footer, fill=style.muted, anchor="rs")
    return image


# The lowest a title reaches: four lines at the largest size, descenders on the last line.
_LOW_TITLE = (
    "Shipping gapped jumpy quays by quietly piping yoghurt gauges, jiggly pygmy puppy yoga and quirky guppy jigs"
)


_CARDS = [
    CARD,
    cards.Card(title=_LOW_TITLE, site_name="Site", author="Saad", category="Guides"),
    cards.Card(title=_LOW_TITLE * 3, site_name="A much longer site name", author="", category=""),
    cards.Card(title="Short", site_name="Site", author="Another Author", category="Guides"),
    cards.Card(title="Accents", site_name="Ångström Ōtsuka", author="Élodie Nguyễn", category="Guides"),
]
_CARD_IDS = ["post", "lowest-title", "ellipsis-no-author", "other-author", "accents"]


@pytest.mark.parametrize("card", _CARDS, ids=_CARD_IDS)
def test_a_card_is_the_drawing_of_everything_in_one_go(card: cards.Card) -> None:
    style = cards.Style()
    assert cards.draw(card, style).tobytes() == _drawn_in_one_go(card, style).tobytes()
    assert cards.draw(card, style).tobytes() == _drawn_in_one_go(card, style).tobytes()  # the strip kept


@pytest.mark.parametrize("card", _CARDS, ids=_CARD_IDS)
def test_the_footer_is_drawn_on_the_card_when_the_strip_would_cover_the_title(
    card: cards.Card, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cards, "_FOOTER_MARGIN", 400)  # a strip that starts above the title
    cards._footer.cache_clear()
    try:
        style = cards.Style()
        assert cards._footer(style, card.author, card.site_name)[0] < 200
        assert cards.draw(card, style).tobytes() == _drawn_in_one_go(card, style).tobytes()
    finally:
        cards._footer.cache_clear()


@pytest.mark.parametrize("card", _CARDS, ids=_CARD_IDS)
def test_the_footer_strip_starts_below_the_lowest_title(card: cards.Card) -> None:
    top, strip = cards._footer(cards.Style(), card.author, card.site_name)
    assert top > 80 + 60 + 3 * int(76 * 1.18) + 76  # below a fourth line at the largest size
    assert strip.size == (cards.WIDTH, cards.HEIGHT - top)


def test_card_is_drawn_once_then_copied_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert cards.render(CARD, tmp_path / "a.png", cache) is True
    assert cards.render(CARD, tmp_path / "b.png", cache) is False
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    other = cards.Card(title="Another title", site_name="Site")
    assert cards.render(other, tmp_path / "c.png", cache) is True
    assert len(list(cache.glob("*.png"))) == 2


def test_cache_key_changes_with_what_the_card_says_and_its_colours() -> None:
    base = cards.cache_key(CARD, cards.Style())
    assert base == cards.cache_key(CARD, cards.Style())
    assert base != cards.cache_key(cards.Card(title="Other", site_name="Site"), cards.Style())
    assert base != cards.cache_key(CARD, cards.Style(accent="#000000"))


def test_long_titles_wrap_within_the_card(tmp_path: Path) -> None:
    font = cards._font(str(cards.font_files()["Bold"]), 48)
    lines = cards.wrap("word " * 200, font, 1040)
    assert len(lines) > 4 and all(font.getlength(line) <= 1040 for line in lines)
    image = cards.draw(cards.Card(title="A very long title " * 30, site_name="S"))
    assert image.size == (cards.WIDTH, cards.HEIGHT)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("", "assets/images/social/index.png"),
        ("blog/2026/01/02/x/", "assets/images/social/blog/2026/01/02/x.png"),
        ("404.html", "assets/images/social/404.png"),
    ],
)
def test_card_path(url: str, path: str) -> None:
    assert cards.card_path(url) == path


def test_fonts_come_from_the_font_package() -> None:
    files = cards.font_files()
    assert all(path.is_file() and path.suffix == ".ttf" for path in files.values())


def test_image_size_of_raster_and_svg(tmp_path: Path) -> None:
    Image.new("RGB", (64, 32)).save(tmp_path / "a.png")
    (tmp_path / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="60"></svg>')
    (tmp_path / "c.svg").write_text('<svg viewBox="0 0 300 150" xmlns="http://www.w3.org/2000/svg"></svg>')
    (tmp_path / "d.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    (tmp_path / "e.svg").write_text("not svg")
    (tmp_path / "f.svg").write_text('<svg viewBox="0 0 a b"></svg>')
    (tmp_path / "g.png").write_text("not an image")
    assert image_size(tmp_path / "a.png") == (64, 32)
    assert image_size(tmp_path / "b.svg") == (120, 60)
    assert image_size(tmp_path / "c.svg") == (300, 150)
    for name in ("d.svg", "e.svg", "f.svg", "g.png"):
        assert image_size(tmp_path / name) is None, name


def cover_post(cover: str):
    return make_post("with-cover", extra=f"cover:\n{cover}")


def test_cover_size_is_read_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    Image.new("RGB", (800, 400)).save(tmp_path / "img" / "c.png")
    post = cover_post("  src: img/c.png\n  alt: A chart\n")
    cover = resolve_cover(post, tmp_path)
    assert (cover.width, cover.height) == (800, 400)
    assert post.meta.cover == cover


def test_cover_with_given_size_is_kept(tmp_path: Path) -> None:
    (tmp_path / "c.svg").write_text("<svg></svg>")
    post = cover_post("  src: c.svg\n  alt: A chart\n  width: 10\n  height: 5\n")
    assert (resolve_cover(post, tmp_path).width, post.meta.cover.height) == (10, 5)
    assert resolve_cover(make_post("none"), tmp_path) is None


def test_missing_cover_file_names_post_and_field(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"docs/blog/posts/with-cover.md: cover.src: no such file under docs/: x.png"):
        resolve_cover(cover_post("  src: x.png\n  alt: A chart\n"), tmp_path)


def test_unreadable_cover_size_asks_for_width_and_height(tmp_path: Path) -> None:
    (tmp_path / "c.svg").write_text("<svg></svg>")
    with pytest.raises(DataError, match=r"cover\.src: cannot read the image size"):
        resolve_cover(cover_post("  src: c.svg\n  alt: A chart\n"), tmp_path)


@pytest.mark.parametrize(
    ("cover", "field"),
    [
        ("  src: c.png\n", "cover.alt: missing required field"),
        ("  src: c.png\n  alt: '  '\n", "cover.alt: must not be empty"),
        ("  src: c.png\n  alt: A\n  width: 0\n", "cover.width"),
        ("  src: c.png\n  alt: A\n  caption: x\n", "cover.caption: unknown key"),
    ],
)
def test_bad_cover_front_matter_names_the_field(cover: str, field: str) -> None:
    with pytest.raises(DataError, match=re.escape(field)):
        cover_post(cover)


def test_cover_markdown_is_relative_to_the_post() -> None:
    cover = Cover(src="assets/images/c.png", alt="A chart", width=800, height=400)
    text = cover_markdown(cover, "blog/posts/2026/x.md")
    assert text.startswith("![A chart](<../../../assets/images/c.png>)")
    assert 'width="800" height="400"' in text and ".pe-cover" in text


INLINE_EXTENSIONS = [
    "attr_list",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.tilde",
]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_escaped_alt_text_reads_back_literally(alt: str) -> None:
    """Whatever the alt text holds, the image's alt attribute says exactly that."""
    if not alt.strip():
        return
    html = markdown.Markdown(extensions=INLINE_EXTENSIONS).convert(f"![{escape_markdown(alt)}](x.png)")
    match = re.search(r'alt="([^"]*)"', html)
    assert match is not None, html
    assert html_lib.unescape(match.group(1)).strip() == alt.strip()  # edge whitespace is insignificant
