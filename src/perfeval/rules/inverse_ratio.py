"""`inverse_ratio` — lower is better: full weight if `x ≤ target`, else `weight × target / x`.

Suits cost-control indicators (e.g. 三公经费 actual against budget, both as a ratio).

Passing::

    rule: {type: inverse_ratio, target: 100%}   # x = 95% → full weight

Failing::

    rule: {type: inverse_ratio, target: 100%}   # x = 125% → 80% of the weight
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.metrics import Unavailable
from perfeval.models.common import Ratio
from perfeval.rules.base import (
    ONE,
    Outcome,
    RuleContext,
    RuleParams,
    at_precision,
    displayed,
    finding,
    not_applicable,
    number_input,
    percent,
    points,
)
from perfeval.rules.shown import Shown, measured, rubric_percent
from perfeval.rules.traits import Cell, Traits


class Params(RuleParams):
    type: Literal["inverse_ratio"]
    target: Ratio = Field(default=ONE, gt=0)
    precision: Decimal | None = Field(default=None, gt=0)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    x = number_input(ctx)
    if isinstance(x, Unavailable):
        return not_applicable(x)
    x = at_precision(x, params.precision)
    if x <= params.target:
        return Outcome(earned=ctx.weight)
    earned = ctx.weight * params.target / x
    over = finding(
        "inverse_ratio.over",
        ctx.weight - earned,
        actual=displayed(x, "percent", params.precision, params.target),
        target=percent(params.target),
        earned=points(earned),
        weight=points(ctx.weight),
    )
    return Outcome(earned=earned, findings=(over,))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 ≤ the target (≤100%), 完成值 the input as compared."""
    target: Decimal = given.rule.target
    return "≤" + rubric_percent(target), measured(given, "percent", target)


TRAITS: Traits[Params] = Traits(
    fields=("value",),
    example=("value: 95%",),
    cells=(Cell("actual", "value", "ratio"),),
    on_sheet=on_sheet,
)
