"""Values a formula works with: a `Decimal`, or `Unavailable` saying why not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import TypeAlias

_FIGURE = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*([%％]?)")


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A value that cannot be computed; ``reason`` is a key, ``path`` says which figure."""

    reason: str  # "missing" | "not_a_number" | "division_by_zero" | "overflow"
    path: str = ""  # the figure/metric path, or the formula text for arithmetic failures


Value: TypeAlias = Decimal | Unavailable


def decimal_from_text(text: str) -> Decimal:
    number = Decimal(text.rstrip("%％"))
    if text[-1] not in "%％":
        return number
    return number.scaleb(-2, Context(prec=len(number.as_tuple().digits) + 1))


def figure(value: object, path: str) -> Value:
    """A raw submission value as a :data:`Value` (numbers built from text, never float)."""
    if value is None:
        return Unavailable("missing", path)
    if isinstance(value, Unavailable):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else Unavailable("not_a_number", path)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    match = _FIGURE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return Unavailable("not_a_number", path)
    return decimal_from_text(match[1] + match[2])
