"""The report's charts, laid out once as a scene of rectangles, lines and text, then drawn
as inline SVG (HTML) or as a PNG (Word, through `chart_png`).

* `spending`: a pair of bars per checkpoint — the required share in dashed outline, the
  share reached filled, blue when it meets the requirement, red when it falls short;
* `scores`: one row per indicator — its weight in outline, its score filled (blue at full
  marks, red when points were lost, none when not applicable), `score / weight` beside it.

Every colour used has a legend entry; labels are placed so none overlaps another or the
title. Coordinates are Decimal, rounded to 0.1 in SVG. No scripts, no external references.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from perfeval.narrative.model import Chart

WIDTH = 640
FONT = 12
_STEP = Decimal("0.1")
FILL, SHORT, OUTLINE, AXIS = "#2f6f9f", "#c0504d", "#7f7f7f", "#000000"


@dataclass(frozen=True, slots=True)
class Rect:
    x: Decimal
    y: Decimal
    w: Decimal
    h: Decimal
    fill: str | None  # None: dashed outline in OUTLINE


@dataclass(frozen=True, slots=True)
class Line:
    x1: Decimal
    y1: Decimal
    x2: Decimal
    y2: Decimal


@dataclass(frozen=True, slots=True)
class Label:
    x: Decimal
    y: Decimal  # the text's baseline
    text: str
    anchor: str = "middle"  # start | middle | end
    size: int = FONT


@dataclass(frozen=True, slots=True)
class Scene:
    width: int
    height: int
    title: str
    shapes: tuple[Rect | Line | Label, ...]


def text_width(text: str, size: int = FONT) -> Decimal:
    """About how wide `text` is drawn: a CJK (wide) character is one em, others 0.6 em."""
    ems = sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return Decimal(str(round(ems * size, 1)))


def _d(value: float | int | Decimal) -> Decimal:
    return Decimal(str(value))


def _legend(chart: Chart, y: Decimal) -> list[Rect | Line | Label]:
    entries = ((None, chart.reference_label), (FILL, chart.value_label), (SHORT, chart.short_label))
    shapes: list[Rect | Line | Label] = []
    x = _d(20)
    for colour, words in entries:
        shapes.append(Rect(x, y - 10, _d(14), _d(10), colour))
        shapes.append(Label(x + 20, y, words, "start"))
        x += 20 + text_width(words) + 24
    return shapes


def _spending(chart: Chart) -> Scene:
    top, base, left, right = _d(56), _d(250), _d(50), _d(WIDTH - 20)
    height = 300
    slot = (right - left) / max(len(chart.bars), 1)
    scale = max([b.value for b in chart.bars] + [b.reference for b in chart.bars] + [Decimal(1)])
    plot = base - top
    shapes: list[Rect | Line | Label] = [Line(left, base, right, base)]
    for index, bar in enumerate(chart.bars):
        x = left + slot * index
        width = slot * _d(0.3)
        ref_h, val_h = plot * bar.reference / scale, plot * max(bar.value, Decimal(0)) / scale
        ref_x, val_x = x + slot * _d(0.17), x + slot * _d(0.53)
        colour = SHORT if bar.value < bar.reference else FILL
        shapes += [
            Rect(ref_x, base - ref_h, width, ref_h, None),
            Rect(val_x, base - val_h, width, val_h, colour),
            Label(ref_x + width / 2, base - ref_h - 4, bar.reference_shown),
            Label(val_x + width / 2, base - val_h - 4, bar.shown),
            Label(x + slot / 2, base + 18, bar.label),
        ]
    shapes += _legend(chart, _d(height - 12))
    return Scene(WIDTH, height, chart.title, tuple(shapes))


def _fit(text: str, room: Decimal) -> str:
    """`text`, shortened with … to fit `room` wide."""
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _scores(chart: Chart) -> Scene:
    row, top, label_room = _d(22), _d(44), _d(200)
    left, right = label_room + 8, _d(WIDTH - 90)
    shapes: list[Rect | Line | Label] = []
    for index, bar in enumerate(chart.bars):  # each bar its weight's full length: the share kept
        y = top + row * index
        ref_w = right - left
        shapes.append(Label(label_room, y + 14, _fit(bar.label, label_room), "end"))
        shapes.append(Rect(left, y + 4, ref_w, row - 8, None))
        if bar.shown != "—":
            val_w = ref_w * max(bar.value, Decimal(0)) / max(bar.reference, Decimal(1))
            colour = SHORT if bar.value < bar.reference else FILL
            shapes.append(Rect(left, y + 4, val_w, row - 8, colour))
        shapes.append(
            Label(left + ref_w + 6, y + 14, f"{bar.shown} / {bar.reference_shown}", "start")
        )
    height = int(top + row * len(chart.bars) + 36)
    shapes += _legend(chart, _d(height - 10))
    return Scene(WIDTH, height, chart.title, tuple(shapes))


def scene(chart: Chart) -> Scene:
    return _spending(chart) if chart.key == "spending" else _scores(chart)


def _n(value: Decimal | int) -> str:
    rounded = Decimal(value).quantize(_STEP, rounding=ROUND_HALF_UP).normalize()
    return f"{rounded:f}"


def _svg_shape(shape: Rect | Line | Label) -> str:
    if isinstance(shape, Line):
        ends = f'x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}"'
        return f'<line {ends} stroke="{AXIS}"/>'
    if isinstance(shape, Rect):
        box = f'x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}"'
        if shape.fill is None:
            return f'<rect {box} fill="none" stroke="{OUTLINE}" stroke-dasharray="4 2"/>'
        return f'<rect {box} fill="{shape.fill}"/>'
    return (
        f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" text-anchor="{shape.anchor}" '
        f'font-size="{shape.size}">{escape(shape.text)}</text>'
    )


def render_svg(chart: Chart) -> str:
    """The chart as one inline `<svg>` element (HTML5 needs no namespace; title for readers)."""
    drawn = scene(chart)
    parts = [
        f'<svg viewBox="0 0 {drawn.width} {drawn.height}" width="{drawn.width}" '
        f'height="{drawn.height}" role="img" class="chart">',
        f"<title>{escape(drawn.title)}</title>",
        _svg_shape(Label(_d(drawn.width / 2), _d(22), drawn.title, size=14)),
        *(_svg_shape(shape) for shape in drawn.shapes),
        "</svg>",
    ]
    return "\n".join(parts)
