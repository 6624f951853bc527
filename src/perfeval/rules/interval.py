"""Intervals in interval notation (`"[0.8, 0.9)"`, `"(-inf, 0)"`, `"[60%, 70%)"`): a
closed end (`[` or `]`) is what the official text marks 含 (inclusive); `inf`/`-inf` (or ∞)
leave an end open. Read by `bands`, by a leaf's declared `input.range` and by the rubric.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise

from pydantic_core import PydanticCustomError

from perfeval.models.common import Strict

_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,\s]+)\s*,\s*([^,\s]+)\s*([\])])\s*$")


class Interval(Strict):
    low: Decimal | None
    high: Decimal | None
    low_closed: bool
    high_closed: bool

    def contains(self, x: Decimal) -> bool:
        above = self.low is None or x > self.low or (self.low_closed and x == self.low)
        below = self.high is None or x < self.high or (self.high_closed and x == self.high)
        return above and below

    def __str__(self) -> str:
        low = "-inf" if self.low is None else str(self.low)
        high = "inf" if self.high is None else str(self.high)
        return f"{'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def _end(text: str, infinite: str) -> Decimal | None:
    if text in (infinite, "∞" if infinite == "inf" else "-∞"):
        return None
    try:
        return Decimal(text[:-1]).scaleb(-2) if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise PydanticCustomError("perfeval", "{code}", {"code": "PE211", "range": text}) from None


@lru_cache(maxsize=1024)
def parse_interval(text: str) -> Interval:
    """The interval `text` writes (PE211 if it is not one); a rubric's few ranges are read
    for every file, so each text is parsed once (an `Interval` is frozen, safe to share)."""
    match = _INTERVAL.match(text)
    if not match:
        raise PydanticCustomError("perfeval", "{code}", {"code": "PE211", "range": text[:60]})
    opening, low, high, closing = match.groups()
    interval = Interval(
        low=_end(low, "-inf"),
        high=_end(high, "inf"),
        low_closed=opening == "[",
        high_closed=closing == "]",
    )
    if interval.low is not None and interval.high is not None and interval.low > interval.high:
        raise PydanticCustomError("perfeval", "{code}", {"code": "PE211", "range": text[:60]})
    return interval


def _touch(a: Interval, b: Interval) -> tuple[bool, bool]:
    """For `a` sorted before `b`: (they overlap, a gap lies between them)."""
    if a.high is None or b.low is None:
        return True, False
    if a.high > b.low:
        return True, False
    if a.high < b.low:
        return False, True
    both = a.high_closed and b.low_closed
    return both, not (a.high_closed or b.low_closed)


def no_overlap(ranges: list[str], complete: bool) -> None:
    """Raise PE212 where two of `ranges` overlap and, when `complete`, PE213 where a gap lies
    between two neighbours (a validation error, located by the model's field)."""
    ordered = sorted(
        ranges, key=lambda r: (parse_interval(r).low is not None, parse_interval(r).low or 0)
    )
    for a, b in pairwise(ordered):
        overlap, gap = _touch(parse_interval(a), parse_interval(b))
        if overlap or (gap and complete):
            code = "PE212" if overlap else "PE213"
            raise PydanticCustomError("perfeval", "{code}", {"code": code, "a": a, "b": b})
