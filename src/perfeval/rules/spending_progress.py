"""`spending_progress` — cumulative spending at checkpoints against the required share.

At each checkpoint (Q1…Q4, or months) the cumulative amount spent, divided by the annual
base (by default the adjusted budget), must reach the required share (序时进度). Each
checkpoint missed deducts `points` (`mode: per_checkpoint`), or `points` per percentage
point short (`mode: per_point`, optionally capped per checkpoint by `cap`). This is the
rule behind the seed's deduction for 预算资金支出进度均衡性.

Passing::

    rule: {type: spending_progress, points: 0.5,
           checkpoints: [{key: Q2, label: 第二季度, required: 50%}]}
    budget: {adjusted: 100, spending: {Q2: 52}}     # 52.0% ≥ 50.0% → full weight

Failing::

    budget: {adjusted: 100, spending: {Q2: 42}}
    # → "第二季度累计支出进度 42.0% 低于序时进度 50.0%，扣 0.5 分"
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.load.scalars import nearest
from perfeval.metrics import Unavailable
from perfeval.metrics.values import mistyped, unread_key
from perfeval.models.common import Identifier, Ratio, Strict, TextLike
from perfeval.models.result import Quantity
from perfeval.rules.base import (
    HUNDRED,
    ZERO,
    Found,
    Outcome,
    RuleContext,
    RuleParams,
    at_precision,
    displayed,
    finding,
    label,
    not_applicable,
    of_rubric,
    points,
)


class Checkpoint(Strict):
    key: Identifier
    label: TextLike
    required: Ratio = Field(ge=0)


class Params(RuleParams):
    type: Literal["spending_progress"]
    checkpoints: list[Checkpoint] = Field(min_length=1)
    spent: str = "budget.spending"
    base: str = "budget.adjusted"
    mode: Literal["per_checkpoint", "per_point"] = "per_checkpoint"
    points: Decimal = Field(gt=0)
    cap: Decimal | None = Field(default=None, gt=0)
    precision: Decimal | None = Field(default=None, gt=0)

    def reads_entry(self) -> bool:
        return False


def unknown_checkpoint(params: Params, ctx: RuleContext) -> Unavailable | None:
    """A key of the spending mapping that names no checkpoint of the rubric (`Q２` for
    `Q2`, `第二季度`): an error at that key, proposing the checkpoint it was most likely
    meant to be — a close name, or the one checkpoint missing — and none when neither is."""
    spent = ctx.raw(params.spent)
    if not isinstance(spent, Mapping):
        return None
    keys = [c.key for c in params.checkpoints]
    missing = [key for key in keys if key not in spent]
    for key in spent:
        if key not in keys:
            path = f"{params.spent}.{key}"
            meant = nearest(str(key), keys) or (missing[0] if len(missing) == 1 else None)
            return (
                unread_key(path, str(key), params.spent)
                if meant is None
                else mistyped(path, str(key), meant)
            )
    return None


def progress(params: Params, ctx: RuleContext) -> list[Decimal] | Unavailable:
    """Cumulative progress at each checkpoint, at the rubric's `precision` when it states one
    (then the rounded share is compared and printed)."""
    unknown = unknown_checkpoint(params, ctx)
    if unknown is not None:
        return unknown
    base = ctx.figure(params.base)
    if isinstance(base, Unavailable):
        return base
    if base <= 0:
        return Unavailable("division_by_zero", params.base)
    shares = []
    for checkpoint in params.checkpoints:
        spent = ctx.figure(f"{params.spent}.{checkpoint.key}")
        if isinstance(spent, Unavailable):
            return spent
        shares.append(at_precision(spent / base, params.precision))
    return shares


def required_shown(params: Params) -> tuple[Quantity, ...]:
    """Each checkpoint's required share, as printed (at `precision`, when stated)."""
    return tuple(displayed(c.required, "percent", params.precision) for c in params.checkpoints)


def shortfall(
    params: Params, checkpoint: Checkpoint, share: Decimal, required: Quantity
) -> Found | None:
    if share >= checkpoint.required:
        return None
    gap = (checkpoint.required - share) * HUNDRED
    deducted = params.points if params.mode == "per_checkpoint" else params.points * gap
    if params.cap is not None:
        deducted = min(deducted, params.cap)
    return finding(
        f"spending_progress.{params.mode}",
        deducted,
        checkpoint=of_rubric(label, checkpoint.label),
        actual=displayed(share, "percent", params.precision, checkpoint.required),
        required=required,
        gap=displayed(gap, "number", None),
        per_unit=of_rubric(points, params.points),
    )


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    shares = progress(params, ctx)
    if isinstance(shares, Unavailable):
        return not_applicable(shares)
    required = of_rubric(required_shown, params)
    found = [
        shortfall(params, checkpoint, share, shown)
        for checkpoint, share, shown in zip(params.checkpoints, shares, required, strict=True)
    ]
    findings = tuple(f for f in found if f is not None)
    deducted = sum((f.deducted for f in findings), ZERO)
    return Outcome(earned=ctx.weight - deducted, findings=findings)
