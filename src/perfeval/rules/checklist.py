"""`checklist` — additive items, each worth its points; the submission lists which hold.

Each item not checked deducts its points (e.g. 绩效管理: targets set, monitoring done,
self-evaluation done, results published). Listing an item the rubric does not know is an
input error proposing the one item it was likely meant to be (never the whole list).

Passing::

    rule: {type: checklist, items: [{key: targets_set, label: 设置绩效目标, points: 1}]}
    entry: {checked: [targets_set]}   # → 1

Failing::

    entry: {checked: []}              # → 0, "未做到“设置绩效目标”，扣 1 分"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.i18n import text
from perfeval.models.common import Identifier, Strict, TextLike
from perfeval.render.wording import NA_MARK
from perfeval.rules.base import (
    Outcome,
    RuleContext,
    RuleParams,
    finding,
    invalid,
    label,
    points,
)
from perfeval.rules.choice import unknown_option
from perfeval.rules.shown import Shown
from perfeval.rules.traits import Cell, Traits


class Item(Strict):
    key: Identifier
    label: TextLike
    points: Decimal = Field(gt=0)


class Params(RuleParams):
    type: Literal["checklist"]
    items: list[Item] = Field(min_length=1)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    checked = ctx.entry.checked if ctx.entry else None
    keys = [i.key for i in params.items]
    if checked is None:
        return invalid("PE304", "checked", field="checked", allowed=", ".join(keys))
    for index, key in enumerate(checked):
        if key not in keys:
            return unknown_option(key, keys, "checked", index)
    missing = [i for i in params.items if i.key not in checked]
    earned = sum((i.points for i in params.items if i.key in checked), Decimal(0))
    findings = tuple(
        finding(
            "checklist.missing",
            i.points,
            item=label(i.label),
            per_item=points(i.points),
        )
        for i in missing
    )
    return Outcome(earned=earned, findings=findings)


def options(params: Params) -> list[Item]:
    return params.items


def most(params: Params) -> Decimal:
    """Every item's points together: the leaf's weight (PE214 otherwise)."""
    return sum((item.points for item in params.items), Decimal(0))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 all n items, 完成值 how many were done."""
    items = given.rule.items
    done = given.entry.checked if given.entry and given.entry.checked is not None else None
    count = NA_MARK if done is None else str(len([i for i in items if i.key in done]))
    words = {"n": len(items), "done": count}
    lang = given.lang
    return text("labels", "items_all", lang, words), text("labels", "items_done", lang, words)


TRAITS: Traits[Params] = Traits(
    fields=("checked",),
    example=("checked: [{all}]",),
    cells=(Cell("actual", "checked", "options"),),
    options=options,
    most=most,
    on_sheet=on_sheet,
)
