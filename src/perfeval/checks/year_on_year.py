"""A stated year-on-year change matches the two figures it is computed from (PE406, error).

Convention for `data`: any mapping with `change` states a year-on-year change (同比) of its
`value` (or of its `total`, when it also states parts) against `last_year`::

    outgoing_documents: {value: 839, last_year: 940, change: -10.7%}

`change` is a ratio, written `-10.7%` or `-0.107` (negative for 减少, positive for 增加);
it must equal (value − last_year) ÷ last_year within rounding at the precision it is
written at. Without `last_year` the change is recorded but cannot be checked; with
`last_year: 0` no change is defined, so none is checked.

Passes: 839 against 940 is −10.74…%, written −10.7%. Fails: `change: -12.5%`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfeval.checks.base import Path, dotted, half_unit, mappings, not_a_number, number
from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_number, format_percent


def _tolerance(change: Decimal, value: Decimal, last_year: Decimal) -> Decimal:
    """Rounding of `change` itself, plus what rounding of the two figures can move it."""
    moved = (half_unit(value) + half_unit(last_year) * abs(value / last_year)) / abs(last_year)
    return half_unit(change) + moved


def _change(path: Path, stated: Mapping[str, Any], locate: Locate) -> list[Diagnostic]:
    key = "value" if "value" in stated else "total"
    change, value = number(stated["change"]), number(stated.get(key))
    last_year = number(stated["last_year"])
    if change is None or value is None or last_year is None:
        figures = (("change", change), (key, value), ("last_year", last_year))
        return [
            not_a_number(locate, (*path, name), stated.get(name))
            for name, f in figures
            if f is None
        ]
    if last_year == 0:
        return []
    computed = (value - last_year) / last_year
    if abs(computed - change) <= _tolerance(change, value, last_year):
        return []
    shown = computed.quantize(change, rounding=ROUND_HALF_UP)
    return [
        diagnostic(
            "PE406",
            locate((*path, "change")),
            path=dotted(path),
            change=format_percent(change),
            value=format_number(value),
            last_year=format_number(last_year),
            computed=format_percent(shown),
        )
    ]


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, node in mappings(submission.data, ("data",)):
        if "change" in node and "last_year" in node and ("value" in node or "total" in node):
            found.extend(_change(path, node, locate))
    return found
