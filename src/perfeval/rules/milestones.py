"""`milestones` — a list of items (专项) in the submission, each released or spent in dated
amounts, checked against dated shares: an item behind any milestone deducts `points`, once
per item late (扣完为止: the engine stops at zero).

From real sheets' 支付进度: "春节前下达全部专项资金的 50%，6 月底前全部下达。每出现一个专项未按
进度下达扣 0.5 分". An item's progress at a milestone is what it released on or before the
milestone's date over its amount; the first milestone it misses is named in the reason.

Passing::

    rule: {type: milestones, points: 0.5, milestones: [
        {label: 春节前, by: 2023-01-21, share: 50%}, {label: 6月底前, by: 2023-06-30, share: 100%}]}
    entry: {items: [{name: 就业补助, amount: 100, releases: [
        {date: 2023-01-10, amount: 60}, {date: 2023-05-20, amount: 40}]}]}

Failing::

    entry: {items: [{name: 就业补助, amount: 100, releases: [{date: 2023-02-10, amount: 100}]}]}
    # "专项“就业补助”春节前（2023-01-21 前）累计下达 0%，低于 50%", −0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from perfeval.i18n import text
from perfeval.models.common import Ratio, Strict, TextLike
from perfeval.models.submission import MilestoneItem
from perfeval.render.wording import NA_MARK, format_percent
from perfeval.rules.base import (
    ZERO,
    Found,
    Outcome,
    RuleContext,
    RuleParams,
    displayed,
    finding,
    invalid,
    label,
    percent,
    points,
)
from perfeval.rules.shown import Shown
from perfeval.rules.traits import Traits


class Milestone(Strict):
    label: TextLike
    by: date  # on or before this day
    share: Ratio = Field(gt=0, le=1)  # of each item's amount


class Params(RuleParams):
    type: Literal["milestones"]
    points: Decimal = Field(gt=0)  # per item late
    milestones: list[Milestone] = Field(min_length=1)


def reached(item: MilestoneItem, by: date) -> Decimal:
    """The share of the item's amount released on or before `by`."""
    released = sum((r.amount for r in item.releases if r.date <= by), ZERO)
    return released / item.amount


def late(params: Params, item: MilestoneItem) -> Found | None:
    """The item's first milestone missed, as a finding deducting `points`; None if on time."""
    for milestone in params.milestones:
        share = reached(item, milestone.by)
        if share < milestone.share:
            return finding(
                "milestones.late",
                params.points,
                item=label(item.name),
                milestone=label(milestone.label),
                by=label(milestone.by.isoformat()),
                actual=displayed(share, "percent", None, milestone.share),
                required=percent(milestone.share),
                per_item=points(params.points),
            )
    return None


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    items = ctx.entry.items if ctx.entry else None
    if not items:
        return invalid("PE304", "items", field="items", allowed="name, amount, releases")
    for index, item in enumerate(items):
        if item.amount <= 0:
            return invalid("PE318", "items", index, "amount", item=item.name[:60])
    findings = tuple(f for f in (late(params, item) for item in items) if f is not None)
    deducted = sum((f.deducted for f in findings), ZERO)
    return Outcome(earned=ctx.weight - deducted, findings=findings)


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 each milestone's share (春节前 50% / 6月底前 100%), 完成值 the items on time."""
    rule: Params = given.rule
    lang = given.lang
    wanted = " / ".join(
        f"{m.label.get(lang)} {format_percent(m.share.normalize())}" for m in rule.milestones
    )
    items: Sequence[Any] = (given.entry.items if given.entry else None) or ()
    if not items:
        return wanted, NA_MARK
    on_time = sum(1 for item in items if item.amount > 0 and late(rule, item) is None)
    words = {"done": on_time, "n": len(items)}
    return wanted, text("labels", "items_on_time", lang, words)


TRAITS: Traits[Params] = Traits(
    fields=("items",),
    example=(
        "items:",
        "  - name: …",
        "    amount: 100",
        "    releases: [{date: 2023-01-10, amount: 50}, {date: 2023-06-20, amount: 50}]",
    ),
    cells=(),
    on_sheet=on_sheet,
)
