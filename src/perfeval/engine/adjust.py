"""After the tree: what the rubric takes from the whole score, each a finding with its
arithmetic (`Scorecard.adjustments`) — first the 指标偏离 a `targets` rule deducts from the
total (`deduct_from: total`), then the score ceiling (`score_ceiling`, 最高得分): the total
may not exceed the `max` of the band its figure falls in.

A ceiling never raises a score: it deducts only what the total has above it. Deductions from
the total stop at zero (扣完为止: a finding cut short is `floored`). The total is rounded
half-up at the rubric's precision once more, after them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from perfeval.engine.figures import Figures
from perfeval.engine.totals import round_half_up
from perfeval.metrics import Unavailable
from perfeval.models.result import Finding, finding_of
from perfeval.models.rubric import ScoreCeiling
from perfeval.rules.base import Found, at_precision, displayed, label, points
from perfeval.rules.interval import parse_interval

ZERO = Decimal(0)


def adjust(
    ceiling: ScoreCeiling | None,
    figures: Figures,
    computed: Decimal,
    taken: Sequence[Found],
    places: int,
) -> tuple[Decimal, tuple[Finding, ...]]:
    """The total after the adjustments, and the findings that say them (none: `computed`)."""
    total, found = computed, []
    for each in taken:
        take = min(round_half_up(each.deducted, places), total)
        total -= take
        found.append(finding_of(each.code, take, each.values, take != each.deducted))
    capped = ceiling_finding(ceiling, figures, total) if ceiling and ceiling.enabled else None
    if capped is not None:
        total -= capped.deducted
        found.append(capped)
    return round_half_up(total, places), tuple(found)


_CEILING_UNAVAILABLE = {
    "division_by_zero": "score_ceiling.zero_over_zero",
    "PE334": "score_ceiling.zero_divisor",
    "refused": "score_ceiling.in_error",
    "unreadable": "score_ceiling.in_error",
}
"""The finding saying why the score ceiling's figure cannot be computed: by its reason, or
its code for a divisor of 0 (PE334)."""


def ceiling_finding(ceiling: ScoreCeiling, figures: Figures, total: Decimal) -> Finding | None:
    """`score_ceiling.capped` when the total is above the ceiling of the band its figure is
    in; nothing deducted when the figure cannot be computed, saying why: absent
    (`score_ceiling.unavailable`), 0 ÷ 0 (`score_ceiling.zero_over_zero`), a divisor of 0
    (`score_ceiling.zero_divisor`) or another figure in error (`score_ceiling.in_error`),
    each error reported at its figure."""
    x = figures.number(ceiling.metric)
    name = label(ceiling.label)
    if isinstance(x, Unavailable):
        values = {"figure": name, "path": label(x.path or ceiling.metric)}
        why = "PE334" if x.code == "PE334" else x.reason
        return finding_of(_CEILING_UNAVAILABLE.get(why, "score_ceiling.unavailable"), ZERO, values)
    x = at_precision(x, ceiling.precision)
    bands = [(parse_interval(band.range), band) for band in ceiling.bands]
    band = next((band for interval, band in bands if interval.contains(x)), None)
    if band is None or total <= band.max:
        return None
    ends = [end for interval, _ in bands for end in (interval.low, interval.high)]
    values = {
        "figure": name,
        "actual": displayed(x, ceiling.display, ceiling.precision, *ends),
        "range": label(band.range),
        "ceiling": points(band.max),
        "computed": points(total),
    }
    return finding_of("score_ceiling.capped", total - band.max, values)
