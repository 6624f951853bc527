"""指标偏离 on `targets`: a target whose 完成值 passes its 指标值 by a set share or more was set
too low, and loses points — per deviating target, within its indicator or from the total.

From the budget-management platforms' manuals: "完成值超过年初设置指标值 30% 及以上的指标，
定义为指标偏离并减 2 分". A `>=` target deviates when 完成值 ≥ 指标值 × (1 + above); a `<=`
target the other way, when 完成值 ≤ 指标值 × (1 − above); `=` and qualitative targets never
(missing an `=` target is already a shortfall). A target of 0 or less has no share to pass.

    rule: {type: targets, deviation: {above: 30%, points: 2}}                      # indicator
    rule: {type: targets, deviation: {above: 30%, points: 2, deduct_from: total}}  # the total
    # 指标值 ≥100 次, 完成值 135 次 → 超过 35%, deviates: 2 points deducted
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.models.common import Ratio, Strict
from perfeval.models.submission import TargetRow
from perfeval.rules.base import ONE, Found, at_precision, displayed, finding, label, number, percent

DEVIATION_CODES = {">=": "targets.deviation_over", "<=": "targets.deviation_under"}


class Deviation(Strict):
    """指标偏离: `above` the share past the target that deviates (30%), `points` per
    deviating target, `deduct_from` the indicator (扣完为止) or the total."""

    enabled: bool = True  # false: written but off (a bureau turns it on)
    above: Ratio = Field(gt=0)
    points: Decimal = Field(gt=0)
    deduct_from: Literal["indicator", "total"] = "indicator"


def passed_by(row: TargetRow, precision: Decimal | None) -> Decimal | None:
    """The share by which the row's 完成值 passes its 指标值 on the side its operator does
    not bound (above a `>=` target, below a `<=` one), at the rubric's precision; None for
    a target that cannot deviate."""
    target, actual = row.target, row.actual
    if target is None or actual is None or target <= 0 or row.operator not in DEVIATION_CODES:
        return None
    share = actual / target - ONE if row.operator == ">=" else ONE - actual / target
    return at_precision(share, precision)


def deviations(
    deviation: Deviation, rows: Sequence[TargetRow], precision: Decimal | None
) -> tuple[Found, ...]:
    """One finding per deviating target, each deducting `points`, naming the target and
    both values."""
    found = []
    for row in rows:
        share = passed_by(row, precision)
        if share is None or share < deviation.above:
            continue
        found.append(
            finding(
                DEVIATION_CODES[row.operator],
                deviation.points,
                target_name=label(row.name),
                target=number(row.target or ONE),
                actual=number(row.actual or ONE),
                unit=label(row.unit or ""),
                share=displayed(share, "percent", precision, deviation.above),
                threshold=percent(deviation.above),
            )
        )
    return tuple(found)
