"""`tiered` — a qualitative tier (达成 / 部分达成 / 未达成) bounds a fraction of the weight.

The submitter picks a tier and a fraction of the weight inside that tier's bounds, and must
justify it. A fraction outside the tier, or no justification, is an input error.

Passing::

    rule: {type: tiered, tiers: [{key: achieved, label: 达成, min: 0.9, max: 1}, …]}
    entry: {tier: achieved, fraction: 1, justification: 全部完成}   # → full weight

Failing::

    entry: {tier: partial, fraction: 0.7, justification: …}        # → 70% of the weight
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from perfeval.models.common import Identifier, Ratio, Strict, TextLike
from perfeval.models.result import text_of
from perfeval.render.wording import NA_MARK, format_percent
from perfeval.rules.base import (
    ONE,
    Outcome,
    RuleContext,
    RuleParams,
    finding,
    invalid,
    label,
    percent,
)
from perfeval.rules.choice import unknown_option
from perfeval.rules.shown import Shown, label_of
from perfeval.rules.traits import Cell, Traits


class Tier(Strict):
    key: Identifier
    label: TextLike
    min: Ratio = Field(ge=0, le=1)
    max: Ratio = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise PydanticCustomError(
                "perfeval", "{code}", {"code": "PE211", "range": f"[{self.min}, {self.max}]"}
            )
        return self


class Params(RuleParams):
    type: Literal["tiered"]
    tiers: list[Tier] = Field(min_length=1)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    entry = ctx.entry
    keys = [t.key for t in params.tiers]
    if entry is None or entry.tier is None or entry.fraction is None:
        return invalid("PE304", "tier", field="tier, fraction", allowed=", ".join(keys))
    tier = next((t for t in params.tiers if t.key == entry.tier), None)
    if tier is None:
        return unknown_option(entry.tier, keys, "tier")
    if not tier.min <= entry.fraction <= tier.max:
        return invalid(
            "PE309", "fraction", value=entry.fraction, low=tier.min, high=tier.max, tier=tier.key
        )
    if not (entry.justification or "").strip():
        return invalid("PE310", "justification")
    earned = ctx.weight * entry.fraction
    if entry.fraction >= ONE:
        return Outcome(earned=earned)
    found = finding(
        "tiered.fraction",
        ctx.weight - earned,
        tier=label(tier.label),
        fraction=percent(entry.fraction),
        justification=label(text_of((entry.justification or "").strip().rstrip("。."))),
    )
    return Outcome(earned=earned, findings=(found,))


def options(params: Params) -> list[Tier]:
    return params.tiers


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the best tier, 完成值 the tier chosen with its fraction (部分达成（70%）)."""
    tiers = given.rule.tiers
    best = max(tiers, key=lambda tier: tier.max)
    entry = given.entry
    if entry is None or entry.tier is None:
        return best.label.get(given.lang), NA_MARK
    chosen = label_of(tiers, entry.tier, given.lang)
    fraction = f"（{format_percent(entry.fraction)}）" if entry.fraction is not None else ""
    return best.label.get(given.lang), chosen + fraction


TRAITS: Traits[Params] = Traits(
    fields=("tier", "fraction", "justification"),
    example=("tier: {first}", "fraction: 0.9", "justification: …"),
    cells=(
        Cell("actual", "tier", "option"),
        Cell("fraction", "fraction", "ratio"),
        Cell("justification", "justification", "text"),
    ),
    options=options,
    on_sheet=on_sheet,
)
