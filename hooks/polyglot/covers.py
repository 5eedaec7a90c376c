"""Cover images: the file must exist, and its size is known so the page does not shift."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import DataError
from .posts import Cover, Post

_SVG_SIZE = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_ATTR = re.compile(r'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')
_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")
# The characters Python-Markdown lets a backslash escape, with those pymdown-extensions add.
# Not "(" or ")": inside the brackets they are literal, and "\\(" would start inline math (arithmatex).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]>#+\-.!^~=$])")


def image_size(path: Path) -> tuple[int, int] | None:
    """Pixel size of a raster image, or of an SVG from its width/height or viewBox."""
    if path.suffix.lower() == ".svg":
        head = _SVG_SIZE.search(path.read_text("utf-8", errors="replace"))
        if head is None:
            return None
        attrs = dict(_ATTR.findall(head.group(0)))
        width, height = _NUMBER.match(attrs.get("width", "")), _NUMBER.match(attrs.get("height", ""))
        if width and height:
            return round(float(width.group(1))), round(float(height.group(1)))
        box = attrs.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4:
            try:
                return round(float(box[2])), round(float(box[3]))
            except ValueError:
                return None
        return None
    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError):
        return None


def resolve_cover(post: Post, docs_dir: Path) -> Cover | None:
    """Check a post's cover against the files under ``docs/`` and fill in its size.

    Raises ``DataError`` naming the post and ``cover.src`` when the file is missing or not an
    image whose size can be read (and ``width``/``height`` were not given).
    """
    cover = post.meta.cover
    if cover is None:
        return None
    path = docs_dir / cover.src
    if not path.is_file():
        raise DataError.single(post.label, "cover.src", f"no such file under docs/: {cover.src}")
    if cover.width is not None and cover.height is not None:
        return cover
    size = image_size(path)
    if size is None:
        raise DataError.single(
            post.label, "cover.src", f"cannot read the image size of {cover.src}: give cover.width and cover.height"
        )
    resolved = cover.model_copy(update={"width": cover.width or size[0], "height": cover.height or size[1]})
    post.meta.cover = resolved
    return resolved


def escape_markdown(text: str) -> str:
    """Text that Markdown (with pymdown-extensions) reads back literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def cover_markdown(cover: Cover, post_src_uri: str) -> str:
    """The cover as a Markdown image, relative to the post's source file.

    Markdown (not raw HTML) so MkDocs checks the link and rewrites it for every page that shows
    the excerpt (blog index, categories, archive).
    """
    rel = posixpath.relpath(cover.src, posixpath.dirname(post_src_uri) or ".")
    return (
        f"![{escape_markdown(cover.alt)}](<{rel}>)"
        f'{{ .pe-cover .off-glb width="{cover.width}" height="{cover.height}" loading="lazy" }}'
    )
