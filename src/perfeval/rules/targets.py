"""`targets` — the department's own performance targets (绩效目标), row by row.

Each row's completion ratio is computed from its operator: `>=` → min(actual / target, 1);
`<=` → 1 if actual ≤ target, else target / actual; `=` → 1 if equal, else
max(1 − |actual − target| / |target|, 0); `qualitative` → 1 if `achieved`, else 0. The leaf
earns `weight ×` the (row-weighted) average; each row short of 1 deducts its share.

Passing::

    entry: {targets: [{name: 公务接待, operator: ">=", target: 100, actual: 113, unit: 次}]}

Failing::

    entry: {targets: [{name: 办理发文, operator: ">=", target: 1000, actual: 839, unit: 份}]}
    # "“办理发文”完成值 839 份未达到指标值 ≥1000 份（完成 83.9%），扣 …"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from perfeval.i18n import Lang, text
from perfeval.models.result import text_of
from perfeval.models.submission import TargetRow
from perfeval.render.wording import NA_MARK, format_number, format_percent
from perfeval.rules.base import (
    ONE,
    ZERO,
    Found,
    Outcome,
    RuleContext,
    RuleParams,
    at_precision,
    displayed,
    finding,
    invalid,
    label,
    number,
    percent,
)
from perfeval.rules.shown import OPERATOR_SIGNS, nothing_shown, yes_no
from perfeval.rules.target_deviation import Deviation, deviations
from perfeval.rules.traits import (
    Cell,
    Rows,
    Switch,
    Traits,
)

_SHORTFALL_CODES = {">=": "targets.short", "<=": "targets.over", "=": "targets.off"}
"""A ≥ target is fallen short of, a ≤ target exceeded, an = target missed either way."""
_OPERATORS = {operator: label(symbol) for operator, symbol in OPERATOR_SIGNS.items()}
"""Each operator as shown, made once (a Quantity is frozen, so findings can share it)."""


class Params(RuleParams):
    type: Literal["targets"]
    precision: Decimal | None = Field(default=None, gt=0)
    weights: dict[Literal["core", "ordinary"], Annotated[Decimal, Field(gt=0)]] = {}
    deviation: Deviation | None = None  # 指标偏离 (rules/target_deviation.py)

    def weight_of(self, row: TargetRow) -> Decimal:
        """A row's weight: its own, else the rubric's for its 指标性质 (`weights: {core:
        2}`: core targets count double; a target without one is ordinary), else 1."""
        if row.weight is not None:
            return row.weight
        return self.weights.get(row.nature or "ordinary", ONE)


def completion(row: TargetRow) -> Decimal | None:
    """The row's completion ratio in [0, 1], or None when the row lacks what it needs; a
    share achieved the submitter states (得分比例, 部分达成) is the completion."""
    if row.share is not None:
        return row.share
    if row.operator == "qualitative":
        return None if row.achieved is None else (ONE if row.achieved else ZERO)
    if row.target is None or row.actual is None:
        return None
    target, actual = row.target, row.actual
    if row.operator == ">=":
        return ONE if actual >= target else max(actual, ZERO) / target
    if row.operator == "<=":
        return ONE if actual <= target else (target / actual if target > 0 else ZERO)
    if actual == target:
        return ONE
    return max(ONE - abs(actual - target) / abs(target), ZERO) if target != 0 else ZERO


def shortfall(
    row: TargetRow, ratio: Decimal, deducted: Decimal, precision: Decimal | None
) -> Found:
    if row.share is not None:
        why = label(text_of((row.justification or "").strip().rstrip("。.")))
        share = percent(row.share)
        return finding(
            "targets.partial", deducted, target_name=label(row.name), share=share, justification=why
        )
    if row.operator == "qualitative":
        return finding("targets.not_achieved", deducted, target_name=label(row.name))
    unit = label(row.unit or "")
    return finding(
        _SHORTFALL_CODES[row.operator],
        deducted,
        target_name=label(row.name),
        operator=_OPERATORS.get(row.operator) or label(row.operator),
        target=number(row.target or ZERO),
        actual=number(row.actual or ZERO),
        unit=unit,
        completion=displayed(ratio, "percent", precision, ONE),
    )


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    rows = ctx.entry.targets if ctx.entry else None
    if not rows:
        return invalid(
            "PE304", "targets", field="targets", allowed="name, operator, target, actual"
        )
    ratios = []
    total_weight = weighted = ZERO  # Σ weight and Σ weight × ratio, in row order
    for index, row in enumerate(rows):
        if row.operator == ">=" and row.target is not None and row.target <= 0:
            return invalid("PE308", "targets", index, "target", target_name=row.name[:60])
        if row.share is not None and not (row.justification or "").strip():
            return invalid("PE317", "targets", index, "justification", target_name=row.name[:60])
        ratio = completion(row)
        if ratio is None:
            field = "achieved" if row.operator == "qualitative" else "actual"
            return invalid("PE307", "targets", index, field=field, target_name=row.name[:60])
        ratio = at_precision(ratio, params.precision)  # unrounded unless the rubric says
        ratios.append(ratio)
        weight = params.weight_of(row)
        total_weight += weight
        weighted += weight * ratio
    findings = tuple(
        shortfall(
            row,
            ratio,
            ctx.weight * params.weight_of(row) / total_weight * (ONE - ratio),
            params.precision,
        )
        for row, ratio in zip(rows, ratios, strict=True)
        if ratio < ONE
    )
    return with_deviations(params, rows, Outcome(ctx.weight * weighted / total_weight, findings))


def with_deviations(params: Params, rows: list[TargetRow], outcome: Outcome) -> Outcome:
    """The outcome with the rubric's 指标偏离 deducted from the indicator (扣完为止: the
    engine floors it) or, shown on each target at no cost to it, from the total."""
    deviation = params.deviation
    if deviation is None or not deviation.enabled:
        return outcome
    found = deviations(deviation, rows, params.precision)
    if not found:
        return outcome
    earned = outcome.earned or ZERO
    if deviation.deduct_from == "indicator":
        lost = sum((f.deducted for f in found), ZERO)
        return outcome._replace(earned=earned - lost, findings=outcome.findings + found)
    shown = tuple(f._replace(deducted=ZERO) for f in found)
    return outcome._replace(findings=outcome.findings + shown, from_total=found)


def row_on_sheet(row: TargetRow, lang: Lang) -> tuple[str, str]:
    """A target's (指标值, 完成值): `≥100次`, `113次`; 定性 and 是/否 for a qualitative one."""
    unit = row.unit or ""
    if row.operator == "qualitative":
        reached = yes_no(row.achieved, lang) if row.share is None else format_percent(row.share)
        return text("excel", "qualitative", lang), reached
    target = "" if row.target is None else f"{format_number(row.target)}{unit}"
    actual = NA_MARK if row.actual is None else f"{format_number(row.actual)}{unit}"
    return OPERATOR_SIGNS[row.operator] + target, actual


ROWS = Rows(
    field="targets",
    cells=(
        Cell("level3", "name", "text"),
        Cell("category", "category", "text"),
        Cell("operator", "operator", "operator"),
        Cell("target", "target", "ratio"),
        Cell("actual", "actual", "ratio"),
        Cell("unit", "unit", "text"),
        Cell("target_weight", "weight", "number"),
        Cell("note", "note", "text"),
    ),
    named_by="target_name",
    switch=Switch(("operator", "qualitative"), Cell("actual", "achieved", "yes_no")),
)

TRAITS: Traits[Params] = Traits(
    fields=("targets",),
    example=(
        "targets:",
        '  - {name: …, category: 产出数量, operator: ">=", target: 100, actual: 100, unit: 次}',
        "  - {name: …, category: 效益, operator: qualitative, achieved: true}",
    ),
    cells=(),
    rows=ROWS,
    on_sheet=nothing_shown,
    row_on_sheet=row_on_sheet,
)
