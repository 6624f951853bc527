"""`choice` — the submission picks one named option; each option carries its points.

Deducts the difference between the weight and the chosen option's points. An option that
the rubric does not list is an input error (proposing the one nearest option, if any),
never a silent zero.

Passing::

    rule: {type: choice, options: [{key: complete, label: 完整, points: 5},
                                   {key: partial, label: 部分, points: 2}]}
    entry: {choice: complete}    # → 5

Failing::

    entry: {choice: partial}     # → 2, deducts 3
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.load.scalars import clip, nearest
from perfeval.models.common import Identifier, Strict, TextLike
from perfeval.rules.base import (
    Outcome,
    RuleContext,
    RuleParams,
    finding,
    invalid,
    label,
    points,
)
from perfeval.rules.shown import Shown, label_of
from perfeval.rules.traits import Cell, Traits


class Option(Strict):
    key: Identifier
    label: TextLike
    points: Decimal = Field(ge=0)


class Params(RuleParams):
    type: Literal["choice"]
    options: list[Option] = Field(min_length=1)


_SEPARATORS = re.compile(r"[，、；;,]")


def unknown_option(value: str, keys: list[str], *path: str | int) -> Outcome:
    """An option or item the rubric does not list: an input error that proposes at most
    the one key it was most likely meant to be (PE305), or none (PE314) — never the list
    of options, which would invite claiming what was not done. Several keys run together
    with full-width commas or 、 (`a，b`) are named as the items written (PE315)."""
    parts = [part.strip() for part in _SEPARATORS.split(value) if part.strip()]
    if len(parts) > 1 and all(nearest(part, keys) for part in parts):
        return invalid("PE315", *path, value=clip(value), items=", ".join(parts))
    meant = nearest(value, keys)
    if meant is None:
        return invalid("PE314", *path, value=clip(value))
    return invalid("PE305", *path, value=clip(value), suggestion=meant)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    chosen = ctx.entry.choice if ctx.entry else None
    keys = [o.key for o in params.options]
    if chosen is None:
        return invalid("PE304", "choice", field="choice", allowed=", ".join(keys))
    option = next((o for o in params.options if o.key == chosen), None)
    if option is None:
        return unknown_option(chosen, keys, "choice")
    if option.points >= ctx.weight:
        return Outcome(earned=option.points)
    picked = finding(
        "choice.option",
        ctx.weight - option.points,
        option=label(option.label),
        earned=points(option.points),
    )
    return Outcome(earned=option.points, findings=(picked,))


def options(params: Params) -> list[Option]:
    return params.options


def most(params: Params) -> Decimal:
    """The points of the best option: the leaf's weight (PE214 otherwise)."""
    return max(option.points for option in params.options)


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the best option, 完成值 the option chosen."""
    rule: Params = given.rule
    best = max(rule.options, key=lambda option: option.points)
    chosen = given.entry.choice if given.entry else None
    return best.label.get(given.lang), label_of(rule.options, chosen, given.lang)


TRAITS: Traits[Params] = Traits(
    fields=("choice",),
    example=("choice: {first}",),
    cells=(Cell("actual", "choice", "option"),),
    options=options,
    most=most,
    on_sheet=on_sheet,
)
