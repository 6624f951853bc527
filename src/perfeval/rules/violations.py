"""`violations` — `weight − points × count`, floored at zero (扣完为止).

For compliance indicators such as 资金使用合规性: each case found deducts `points`. The count
comes from the entry (`count`) or from the leaf's input (a metric or data path).

Passing::

    rule: {type: violations, points: 1}
    entry: {count: 0}        # → full weight

Failing::

    entry: {count: 2}        # → weight − 2, "发现问题 2 起，每起扣 1 分"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.i18n import text
from perfeval.metrics import Unavailable
from perfeval.render.wording import NA_MARK
from perfeval.rules.base import (
    Outcome,
    RuleContext,
    RuleParams,
    finding,
    invalid,
    not_applicable,
    number,
    points,
)
from perfeval.rules.shown import Shown
from perfeval.rules.traits import Cell, Traits


class Params(RuleParams):
    type: Literal["violations"]
    points: Decimal = Field(gt=0)


def case_count(ctx: RuleContext) -> Decimal | Unavailable | None:
    if ctx.entry is not None and ctx.entry.count is not None:
        return Decimal(ctx.entry.count)
    if isinstance(ctx.value, Decimal | Unavailable):
        return ctx.value
    return None


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    count = case_count(ctx)
    if count is None:
        return invalid("PE304", "count", field="count", allowed="0, 1, 2, …")
    if isinstance(count, Unavailable):
        return not_applicable(count)
    if count < 0 or count != count.to_integral_value():
        return invalid("PE306", "count", value=count)
    if count == 0:
        return Outcome(earned=ctx.weight)
    deducted = params.points * count
    cases = finding(
        "violations.cases", deducted, count=number(count), per_case=points(params.points)
    )
    return Outcome(earned=ctx.weight - deducted, findings=(cases,))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 0 起, 完成值 the number of cases."""
    count = given.entry.count if given.entry else None
    if count is None and isinstance(given.figure, Decimal):
        count = int(given.figure)
    cases = "cases" if given.lang == "en" and count != 1 else "case"
    found = NA_MARK if count is None else text("labels", cases, given.lang, {"n": count})
    return text("labels", "cases", given.lang, {"n": 0}), found


TRAITS: Traits[Params] = Traits(
    fields=("count",),
    example=("count: 0",),
    cells=(Cell("actual", "count", "count"),),
    on_sheet=on_sheet,
)
