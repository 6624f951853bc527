"""`ratio` — higher is better: `weight × min(x / target, 1)`.

Deducts in proportion to how far the input falls short of the target, e.g. 预算执行率
76% against a target of 100% on a weight of 10 earns 7.6 points.

Passing::

    rule: {type: ratio, target: 100%}      # x = 100% → full weight

Failing::

    rule: {type: ratio, target: 100%}      # x = 76% → 7.6 of 10, deducts 2.4
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
    type: Literal["ratio"]
    target: Ratio = Field(default=ONE, gt=0)
    precision: Decimal | None = Field(default=None, gt=0)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    x = number_input(ctx)
    if isinstance(x, Unavailable):
        return not_applicable(x)
    x = at_precision(x, params.precision)
    if x >= params.target:
        return Outcome(earned=ctx.weight)
    earned = ctx.weight * max(x, Decimal(0)) / params.target
    short = finding(
        "ratio.short",
        ctx.weight - earned,
        actual=displayed(x, "percent", params.precision, params.target),
        target=percent(params.target),
        earned=points(earned),
        weight=points(ctx.weight),
    )
    return Outcome(earned=earned, findings=(short,))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the target (100%), 完成值 the input as compared (92.60%)."""
    target: Decimal = given.rule.target
    return rubric_percent(target), measured(given, "percent", target)


TRAITS: Traits[Params] = Traits(
    fields=("value",),
    example=("value: 95%",),
    cells=(Cell("actual", "value", "ratio"),),
    on_sheet=on_sheet,
)
