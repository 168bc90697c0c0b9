"""The images a publication shows (figures, logos, the funder's emblem): read, checked, measured.

Every image lives in the notes folder's media/ and is named by its path from the notes folder
('media/chart.png'). Only PNG and JPEG are taken: every format shows them (Word, browsers, PDF
readers, code-hosting sites), while an SVG would need a PNG beside it for Word. A file is
checked for what it is, not for what its name says: Pillow (a well-kept imaging library)
reads its header and verifies its data, so a renamed or truncated file is an error at check.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field

MEDIA = "media"  # the folder, inside the notes folder
TYPES = {"png": ("PNG", "image/png"), "jpg": ("JPEG", "image/jpeg"), "jpeg": ("JPEG", "image/jpeg")}
PATH = re.compile(r"media/[a-z0-9][a-z0-9_-]{0,62}\.(png|jpe?g)")  # a safe file name everywhere
MAX_BYTES = 5_000_000  # a page, a Word file and a release stay small enough to send
MAX_PIXELS = 40_000_000  # beyond this Pillow itself warns of a decompression bomb
PIXELS_PER_INCH = 96  # what a pixel measures when the file does not say


@dataclass(frozen=True)
class Image:
    """One checked image: its path, type, size in pixels and bytes."""

    path: str  # 'media/chart.png'
    mime: str
    width: int
    height: int
    dpi: float
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        """The digest of its bytes: what changes when the picture does."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        """Its file name's ending: 'png'."""
        return self.path.rsplit(".", 1)[1]


class ImageError(ValueError):
    """Why a file is not an image a publication can show; its text is the message for editors."""


def path_problem(path: str) -> str | None:
    """Why `path` cannot name an image in media/, or None."""
    if not PATH.fullmatch(path):
        return (f"'{path}' is not an image in {MEDIA}/: write media/<name>.png or .jpg, the name in"
                " lower-case letters, digits, - and _")
    return None


def read(path: str, data: bytes) -> Image:
    """Check `data` is the PNG or JPEG its name says, and measure it; ImageError says why not."""
    if len(data) > MAX_BYTES:
        raise ImageError(f"{path} is larger than {MAX_BYTES // 1_000_000} MB: make it smaller")
    from PIL import Image as PILImage  # imported only where a corpus has images

    expected, mime = TYPES[path.rsplit(".", 1)[1]]
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            found, (width, height) = picture.format, picture.size
            dpi = float((picture.info.get("dpi") or (PIXELS_PER_INCH,))[0] or PIXELS_PER_INCH)
            if width * height > MAX_PIXELS:
                raise ImageError(f"{path} has {width} x {height} pixels, more than {MAX_PIXELS:,}")
            picture.verify()  # reads the whole file: truncated or corrupt data fails here
    except ImageError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a file it cannot read
        raise ImageError(f"{path} is not a readable image ({type(exc).__name__})") from None
    if found != expected:
        raise ImageError(f"{path} is named .{path.rsplit('.', 1)[1]} but is a {found or 'unknown'} file")
    return Image(path, mime, width, height, dpi if 1 <= dpi <= 2400 else PIXELS_PER_INCH, data)
