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


_INF = Decimal("Infinity")


def _written(low: Decimal, low_closed: bool, high: Decimal, high_closed: bool) -> str:
    """An interval in the notation a rubric writes (`(-inf, 0)`, `[0.6, 0.7)`)."""
    start = "-inf" if low == -_INF else f"{low.normalize():f}"
    end = "inf" if high == _INF else f"{high.normalize():f}"
    return f"{'[' if low_closed else '('}{start}, {end}{']' if high_closed else ')'}"


def uncovered(domain: Interval, parts: list[Interval]) -> list[str]:
    """The pieces of `domain` no interval of `parts` holds, written as a rubric writes an
    interval: what a band set leaves out of the input's declared range (or of the line)."""
    # A start is (value, 0) when the value itself is uncovered, (value, 1) when only what
    # lies above it is: the order in which uncovered stretches begin.
    low = -_INF if domain.low is None else domain.low
    high = _INF if domain.high is None else domain.high
    cursor = (low, 0 if domain.low_closed and domain.low is not None else 1)
    gaps = []
    for part in sorted(parts, key=lambda p: (-_INF if p.low is None else p.low, not p.low_closed)):
        start = (-_INF if part.low is None else part.low, 0 if part.low_closed else 1)
        if cursor < start and cursor[0] <= high:
            end = min(start[0], high)
            end_closed = (start[1] == 1) if end == start[0] else domain.high_closed
            if cursor[0] < end or (cursor[1] == 0 and end_closed):
                gaps.append(_written(cursor[0], cursor[1] == 0, end, end_closed))
        after = (_INF, 1) if part.high is None else (part.high, 1 if part.high_closed else 0)
        cursor = max(cursor, after)
    past = cursor[0] < high or (cursor[0] == high and cursor[1] == 0 and domain.high_closed)
    if past and cursor[0] != _INF:
        gaps.append(_written(cursor[0], cursor[1] == 0, high, domain.high_closed))
    return gaps
