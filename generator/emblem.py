"""Draw the European Union emblem from its published geometry, as a PNG for notes/media/.

The geometry is the one the EU's graphic specifications give: a blue rectangle one and a half
times as wide as it is high; twelve gold five-pointed stars, upright, at the hours of a clock
face on an invisible circle whose radius is a third of the height; each star's points on a
circle whose radius is an eighteenth of the height. Colours: Reflex Blue (#003399) and Yellow
(#FFCC00). Drawn four times larger and scaled down, so the edges are smooth.

    python -m generator.emblem notes/media/eu-emblem.png [HEIGHT]
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

BLUE = (0x00, 0x33, 0x99)
GOLD = (0xFF, 0xCC, 0x00)
HEIGHT = 400  # pixels; 600 x 400 prints sharp at the width a colophon gives it
OVERSAMPLE = 4
INNER = math.sin(math.radians(18)) / math.sin(math.radians(54))  # a regular star's inner/outer radius


def star(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten corners of an upright five-pointed star centred on (cx, cy)."""
    corners = []
    for index in range(10):
        angle = math.radians(-90 + 36 * index)  # the first point straight up
        r = radius if index % 2 == 0 else radius * INNER
        corners.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return corners


def centres(height: float) -> list[tuple[float, float]]:
    """Where the twelve stars stand: at the hours of a clock, on a circle a third of the height."""
    cx, cy, ring = height * 0.75, height / 2, height / 3
    return [(cx + ring * math.sin(math.radians(30 * hour)), cy - ring * math.cos(math.radians(30 * hour)))
            for hour in range(12)]


def draw(height: int = HEIGHT) -> bytes:
    """The emblem as PNG bytes, `height` pixels high."""
    from PIL import Image, ImageDraw

    big = height * OVERSAMPLE
    picture = Image.new("RGB", (big * 3 // 2, big), BLUE)
    pen = ImageDraw.Draw(picture)
    for cx, cy in centres(big):
        pen.polygon(star(cx, cy, big / 18), fill=GOLD)
    picture = picture.resize((height * 3 // 2, height), Image.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True, dpi=(300, 300))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the emblem to the path given."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2) or (len(args) == 2 and not args[1].isdigit()):
        print("usage: python -m generator.emblem OUTPUT.png [HEIGHT]", file=sys.stderr)
        return 2
    Path(args[0]).write_bytes(draw(int(args[1]) if len(args) == 2 else HEIGHT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
