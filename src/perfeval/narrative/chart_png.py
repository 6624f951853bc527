"""The report's charts as PNG images for Word, drawn with Pillow from the same scene as
the SVG (`charts.scene`), at twice the size for print.

Chinese labels need a font with CJK glyphs; Pillow has none of its own, so a system font
is looked for (`PERFEVAL_CHART_FONT` first, then the usual Windows, macOS and Linux CJK
fonts). Without one the chart is left out of the Word file (its numbers are in the text) —
never drawn with missing glyphs. Pillow is imported only here, when a docx is written.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from perfeval.narrative.charts import AXIS, OUTLINE, Label, Line, Rect, scene
from perfeval.narrative.model import Chart

ZOOM = 2
FONT_CANDIDATES = (
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)


@cache
def font_path() -> str | None:
    """The first CJK font found, or None."""
    chosen = os.environ.get("PERFEVAL_CHART_FONT")
    for candidate in ((chosen,) if chosen else ()) + FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


def _xy(value: Decimal) -> float:
    return float(value) * ZOOM


def _dashed(draw: Any, rect: Rect) -> None:
    x0, y0, x1, y1 = _xy(rect.x), _xy(rect.y), _xy(rect.x + rect.w), _xy(rect.y + rect.h)
    dash, gap = 4 * ZOOM, 2 * ZOOM
    for a, b, fixed, horizontal in (
        (x0, x1, y0, True),
        (x0, x1, y1, True),
        (y0, y1, x0, False),
        (y0, y1, x1, False),
    ):
        at = a
        while at < b:
            end = min(at + dash, b)
            ends = (at, fixed, end, fixed) if horizontal else (fixed, at, fixed, end)
            draw.line(ends, fill=OUTLINE, width=ZOOM)
            at = end + gap


def render_png(chart: Chart) -> bytes | None:
    """The chart as PNG bytes, or None when no CJK font is available."""
    path = font_path()
    if path is None:
        return None
    from PIL import Image, ImageDraw, ImageFont

    drawn = scene(chart)
    image = Image.new("RGB", (drawn.width * ZOOM, drawn.height * ZOOM), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, Any] = {}
    title = Label(Decimal(drawn.width) / 2, Decimal(22), drawn.title, size=14)
    for shape in (title, *drawn.shapes):
        if isinstance(shape, Line):
            ends = (_xy(shape.x1), _xy(shape.y1), _xy(shape.x2), _xy(shape.y2))
            draw.line(ends, fill=AXIS, width=ZOOM)
        elif isinstance(shape, Rect):
            if shape.fill is None:
                _dashed(draw, shape)
            elif shape.w > 0 and shape.h > 0:
                box = (_xy(shape.x), _xy(shape.y), _xy(shape.x + shape.w), _xy(shape.y + shape.h))
                draw.rectangle(box, fill=shape.fill)
        else:
            if shape.size not in fonts:
                fonts[shape.size] = ImageFont.truetype(path, shape.size * ZOOM)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            at = (_xy(shape.x), _xy(shape.y))
            draw.text(at, shape.text, fill="black", font=fonts[shape.size], anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
