"""Small inline SVG charts drawn by our own code: no scripts, no external references.

Each chart is a pair of bars per category: the reference (required share, or weight) in
outline and the value reached (cumulative spending share, or score) filled; a value short
of its reference is drawn in the warning colour. Coordinates are Decimal, rounded to 0.1.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from perfeval.narrative.model import Bar, Chart

WIDTH = 640
HEIGHT = 300
TOP, BOTTOM, LEFT, RIGHT = 40, 60, 50, 20
_STEP = Decimal("0.1")
_FILL, _SHORT, _OUTLINE = "#2f6f9f", "#c0504d", "#7f7f7f"


def _n(value: Decimal | int) -> str:
    rounded = Decimal(value).quantize(_STEP, rounding=ROUND_HALF_UP).normalize()
    return f"{rounded:f}"


def _scale(chart: Chart) -> Decimal:
    largest = max([b.value for b in chart.bars] + [b.reference for b in chart.bars])
    floor = Decimal(1) if chart.percent else Decimal(0)
    return max(largest, floor) or Decimal(1)


def _text(x: Decimal | int, y: Decimal | int, body: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="11">{escape(body)}</text>'
    )


def _bars(bar: Bar, x: Decimal, slot: Decimal, top: Decimal, plot: Decimal) -> list[str]:
    base = Decimal(HEIGHT - BOTTOM)
    width = slot * Decimal("0.3")
    ref_h, val_h = plot * bar.reference / top, plot * max(bar.value, Decimal(0)) / top
    colour = _SHORT if bar.value < bar.reference else _FILL
    ref_x, val_x = x + slot * Decimal("0.18"), x + slot * Decimal("0.52")
    return [
        f'<rect x="{_n(ref_x)}" y="{_n(base - ref_h)}" width="{_n(width)}" '
        f'height="{_n(ref_h)}" fill="none" stroke="{_OUTLINE}" stroke-dasharray="4 2"/>',
        f'<rect x="{_n(val_x)}" y="{_n(base - val_h)}" width="{_n(width)}" '
        f'height="{_n(val_h)}" fill="{colour}"/>',
        _text(ref_x + width / 2, base - ref_h - 4, bar.reference_shown),
        _text(val_x + width / 2, base - val_h - 4 - (12 if ref_h - val_h < 12 else 0), bar.shown),
        _text(x + slot / 2, base + 18, bar.label),
    ]


def _legend(chart: Chart) -> list[str]:
    y = HEIGHT - 18
    return [
        f'<rect x="{LEFT}" y="{y - 9}" width="12" height="10" fill="none" '
        f'stroke="{_OUTLINE}" stroke-dasharray="4 2"/>',
        _text(LEFT + 18, y, chart.reference_label, "start"),
        f'<rect x="{LEFT + 160}" y="{y - 9}" width="12" height="10" fill="{_FILL}"/>',
        _text(LEFT + 178, y, chart.value_label, "start"),
    ]


def render_svg(chart: Chart) -> str:
    """The chart as one inline `<svg>` element (HTML5 needs no namespace; title for readers)."""
    top = _scale(chart)
    plot = Decimal(HEIGHT - TOP - BOTTOM)
    slot = Decimal(WIDTH - LEFT - RIGHT) / max(len(chart.bars), 1)
    base = HEIGHT - BOTTOM
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="chart">',
        f"<title>{escape(chart.title)}</title>",
        _text(WIDTH // 2, 20, chart.title),
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="#000"/>',
    ]
    for index, bar in enumerate(chart.bars):
        parts += _bars(bar, LEFT + slot * index, slot, top, plot)
    parts += _legend(chart)
    parts.append("</svg>")
    return "\n".join(parts)
