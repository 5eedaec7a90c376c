"""``polyglot.pngencode``: a lossless PNG encoder that deflates runs of repeated rows once."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from polyglot import cards, pngencode


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks (kind, data), each checked against its CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        found.append((kind, data))
        at += 12 + length
    return found


def _decoded(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return image.copy()


def _striped(size: tuple[int, int], bands: list[int]) -> Image.Image:
    """A horizontal gradient (every row alike) with a line of text across each band's row."""
    image = Image.linear_gradient("L").rotate(-90).resize(size).convert("RGB")
    pen = ImageDraw.Draw(image)
    for y in bands:
        pen.text((2, y), "Ag", fill=(255, 126, 182))
    return image


def test_a_card_decodes_to_the_pixels_drawn() -> None:
    image = cards.draw(cards.Card(title="Shipping a drift monitor", site_name="Site", author="Saad", category="Guides"))
    png = pngencode.encode(image)
    with Image.open(io.BytesIO(png)) as decoded:
        assert (decoded.format, decoded.mode, decoded.size) == ("PNG", "RGB", (cards.WIDTH, cards.HEIGHT))
        assert decoded.tobytes() == image.tobytes()
    # Smaller than the raw pixels by far: the repeated rows cost next to nothing.
    assert len(png) < len(image.tobytes()) // 20


def test_the_stream_is_one_valid_zlib_stream_of_up_filtered_rows() -> None:
    image = _striped((40, 30), [0, 12, 25])
    chunks = _chunks(pngencode.encode(image))
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    header, data = chunks[0][1], chunks[1][1]
    assert struct.unpack(">IIBBBBB", header) == (40, 30, 8, 2, 0, 0, 0)
    raw = zlib.decompress(data)  # checks the combined Adler-32
    stride = 40 * 3
    assert len(raw) == 30 * (stride + 1)
    assert {raw[row * (stride + 1)] for row in range(30)} == {2}  # every row: the Up filter


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (1, 1), (10, 20, 30)),
        Image.new("RGB", (7, 5)),  # all black: the first row is already a run of zeros
        Image.new("RGB", (64, 48), (18, 58, 84)),  # one row, then a run to the end
        _striped((90, 70), [0]),
        _striped((90, 70), [60]),  # a run, then text at the bottom
        Image.effect_noise((33, 17), 90).convert("RGB"),  # no two rows alike
        Image.linear_gradient("L").convert("RGB"),  # a vertical gradient: no run at all
    ],
    ids=["1x1", "black", "flat", "text-top", "text-bottom", "noise", "vertical-gradient"],
)
def test_edge_shapes_decode_exactly(image: Image.Image) -> None:
    assert _decoded(pngencode.encode(image)).tobytes() == image.tobytes()


@settings(max_examples=40, deadline=None)
@given(
    width=st.integers(1, 50),
    height=st.integers(1, 40),
    bands=st.lists(st.integers(0, 39), max_size=6),
)
def test_any_mix_of_runs_and_text_rows_decodes_exactly(width: int, height: int, bands: list[int]) -> None:
    image = _striped((width, height), [y for y in bands if y < height])
    assert _decoded(pngencode.encode(image)).tobytes() == image.tobytes()


def test_run_pieces_are_reused_and_give_the_same_file() -> None:
    image = _striped((120, 90), [30])
    first = pngencode.encode(image)
    hits = pngencode._zero_rows.cache_info().hits
    assert pngencode.encode(image) == first
    assert pngencode._zero_rows.cache_info().hits > hits


@settings(max_examples=60, deadline=None)
@given(first=st.binary(max_size=300), second=st.binary(max_size=300), repeat=st.integers(1, 400))
def test_adler32_combine_matches_zlib(first: bytes, second: bytes, repeat: int) -> None:
    second = second * repeat  # lengths past Adler-32's modulus (65521)
    combined = pngencode._adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
    assert combined == zlib.adler32(first + second)


@pytest.mark.parametrize("mode", ["RGBA", "L", "P"])
def test_other_modes_are_refused(mode: str) -> None:
    with pytest.raises(ValueError, match=f"mode {mode} is not supported"):
        pngencode.encode(Image.new(mode, (4, 4)))


def test_save_writes_the_file(tmp_path: Path) -> None:
    image = _striped((20, 20), [5])
    pngencode.save(image, str(tmp_path / "x.png"))
    assert (tmp_path / "x.png").read_bytes() == pngencode.encode(image)
