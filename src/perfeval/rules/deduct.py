"""`deduct` — per-unit penalty past a limit: `weight − points × units`.

Units are counted in steps of `per` above (or, with `direction: below`, below) `limit`;
`step` says how a partial unit counts: `continuous` (pro rata), `floor` (only whole units)
or `ceil` (any start of a unit counts whole). E.g. 结转结余率 above 5%: −1 per 1 point.

Passing::

    rule: {type: deduct, limit: 5%, per: 1%, points: 1}   # x = 4% → full weight

Failing::

    rule: {type: deduct, limit: 5%, per: 1%, points: 1, step: ceil}  # x = 6.2% → −2
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from pydantic import Field

from perfeval.metrics import Unavailable
from perfeval.models.common import Ratio
from perfeval.models.result import Quantity
from perfeval.render.wording import format_number
from perfeval.rules.base import (
    HUNDRED,
    ONE,
    Outcome,
    RuleContext,
    RuleParams,
    at_precision,
    displayed,
    finding,
    not_applicable,
    number,
    number_input,
    points,
    shown,
)
from perfeval.rules.shown import Shown, measured, rubric_percent
from perfeval.rules.traits import Cell, Traits


class Params(RuleParams):
    type: Literal["deduct"]
    limit: Ratio
    per: Ratio = Field(gt=0)
    points: Decimal = Field(gt=0)
    direction: Literal["above", "below"] = "above"
    step: Literal["continuous", "floor", "ceil"] = "continuous"
    precision: Decimal | None = Field(default=None, gt=0)
    display: Literal["percent", "number"] = "number"


def units_past(params: Params, x: Decimal) -> Decimal:
    """How many units of `per` the input lies past the limit, counted as `step` says."""
    excess = x - params.limit if params.direction == "above" else params.limit - x
    if excess <= 0:
        return Decimal(0)
    units = excess / params.per
    if params.step == "floor":
        return units.to_integral_value(rounding=ROUND_FLOOR)
    if params.step == "ceil":
        return units.to_integral_value(rounding=ROUND_CEILING)
    return units


def unit_edges(params: Params, x: Decimal) -> tuple[Decimal, Decimal]:
    """The unit boundaries on either side of `x` (the limit, limit ± per, …): what `x` was
    counted against, so its shown value stays on the same side of each."""
    sign = 1 if params.direction == "above" else -1
    units = (x - params.limit) * sign / params.per
    below = units.to_integral_value(rounding=ROUND_FLOOR)
    return (
        params.limit + sign * below * params.per,
        params.limit + sign * (below + 1) * params.per,
    )


def limit_shown(params: Params) -> Quantity:
    return shown(params.limit, params.display)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    x = number_input(ctx)
    if isinstance(x, Unavailable):
        return not_applicable(x)
    x = at_precision(x, params.precision)
    units = units_past(params, x)
    if units == 0:
        return Outcome(earned=ctx.weight)
    deducted = params.points * units
    actual = displayed(x, params.display, params.precision, *unit_edges(params, x))
    shown_x = actual.value if actual.value is not None else x  # the excess of what is shown
    excess = shown_x - params.limit if params.direction == "above" else params.limit - shown_x
    in_points = params.display == "percent"  # a difference of percentages: percentage points
    scale = HUNDRED if in_points else ONE
    past = finding(
        f"deduct.{params.direction}" + ("_points" if in_points else ""),
        deducted,
        actual=actual,
        limit=limit_shown(params),
        excess=displayed(excess * scale, "number", None),
        per=number(params.per * scale),
        units=displayed(units, "number", None),
        per_unit=points(params.points),
    )
    return Outcome(earned=ctx.weight - deducted, findings=(past,))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the limit on the good side of it (≤5%), 完成值 the input as compared."""
    rule: Params = given.rule
    sign = "≤" if rule.direction == "above" else "≥"
    limit = rubric_percent(rule.limit) if rule.display == "percent" else format_number(rule.limit)
    return sign + limit, measured(given, rule.display, rule.limit)


TRAITS: Traits[Params] = Traits(
    fields=("value",),
    example=("value: 3%",),
    cells=(Cell("actual", "value", "ratio"),),
    on_sheet=on_sheet,
)
