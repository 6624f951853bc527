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

from pydantic import Field, PrivateAttr

from perfeval.load.scalars import nearest
from perfeval.metrics import Unavailable
from perfeval.metrics.values import divisor, mistyped, unread_key
from perfeval.models.common import Identifier, Ratio, Strict, TextLike
from perfeval.models.result import Checkpoint as Reached
from perfeval.models.result import Quantity, checkpoint_of
from perfeval.render.wording import NA_MARK, format_percent, format_share
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
    points,
)
from perfeval.rules.shown import Shown
from perfeval.rules.traits import Traits


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
    _shown: tuple[tuple[Quantity, Quantity], ...] = PrivateAttr(default=())
    _per_unit: Quantity = PrivateAttr()

    def model_post_init(self, context: object, /) -> None:
        """What the findings show of the rubric — each checkpoint's label and required share
        as printed, the points per unit — made once with it: every file's findings show the
        same ones (a `Quantity` is frozen, so they can share it)."""
        self._shown = tuple(
            (label(c.label), displayed(c.required, "percent", self.precision))
            for c in self.checkpoints
        )
        self._per_unit = points(self.points)

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


def spending(params: Params, ctx: RuleContext) -> list[tuple[Decimal, Decimal]] | Unavailable:
    """Each checkpoint's cumulative amount spent and its progress (that amount over the
    base), the progress at the rubric's `precision` when it states one (then the rounded
    share is compared and printed)."""
    unknown = unknown_checkpoint(params, ctx)
    if unknown is not None:
        return unknown
    base = ctx.figure(params.base)
    if isinstance(base, Unavailable):
        return base
    amounts, reads = [], [f"{params.spent}.{checkpoint.key}" for checkpoint in params.checkpoints]
    for read in reads:
        spent = ctx.figure(read)
        if isinstance(spent, Unavailable):
            return spent
        amounts.append(spent)
    refused = [  # the one rule for divisors: spent over a base of 0 is an error, 0 ÷ 0 N/A
        divisor(spent, base, params.base, f"{read} / {params.base}", read)
        for spent, read in zip(amounts, reads, strict=True)
    ]
    worst = next((r for r in refused if r is not None and r.is_error), refused[0])
    if worst is not None:
        return worst
    return [(spent, at_precision(spent / base, params.precision)) for spent in amounts]


def shortfall(
    params: Params, checkpoint: Checkpoint, share: Decimal, shown: tuple[Quantity, Quantity]
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
        checkpoint=shown[0],
        actual=displayed(share, "percent", params.precision, checkpoint.required),
        required=shown[1],
        gap=displayed(gap, "number", None),
        per_unit=params._per_unit,
    )


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    reached = spending(params, ctx)
    if isinstance(reached, Unavailable):
        return not_applicable(reached)
    shares = [share for _, share in reached]
    fixed = params._shown
    found = [
        shortfall(params, checkpoint, share, shown)
        for checkpoint, share, shown in zip(params.checkpoints, shares, fixed, strict=True)
    ]
    findings = tuple(f for f in found if f is not None)
    deducted = sum((f.deducted for f in findings), ZERO)
    return Outcome(earned=ctx.weight - deducted, findings=findings)


def checkpoints_reached(params: Params, ctx: RuleContext) -> tuple[Reached, ...]:
    """Each checkpoint with the amount spent and the progress reached (None where the
    figures are not there): the budget summary's checkpoints."""
    reached = spending(params, ctx)
    found = []
    for index, checkpoint in enumerate(params.checkpoints):
        if isinstance(reached, Unavailable):
            figure = ctx.figure(f"{params.spent}.{checkpoint.key}")
            spent, share = (figure if isinstance(figure, Decimal) else None), None
        else:
            spent, share = reached[index]
        found.append(
            checkpoint_of(checkpoint.key, checkpoint.label, spent, share, checkpoint.required)
        )
    return tuple(found)


def figures(params: Params) -> tuple[str, ...]:
    """The cumulative spending at each checkpoint (`budget.spending.Q1`, …)."""
    return tuple(f"{params.spent}.{checkpoint.key}" for checkpoint in params.checkpoints)


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 each checkpoint's required share, 完成值 each progress reached (/-separated)."""
    points = given.checkpoints
    required = " / ".join(format_share(c.required, c.progress) for c in points)
    found = " / ".join(
        NA_MARK if c.progress is None else format_percent(c.progress) for c in points
    )
    return required, found


TRAITS: Traits[Params] = Traits(
    fields=(),
    example=(),
    cells=(),
    on_sheet=on_sheet,
    progress=checkpoints_reached,
    figures=figures,
)
