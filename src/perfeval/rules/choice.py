"""`choice` — the submission picks one named option; each option carries its points.

Deducts the difference between the weight and the chosen option's points. An option that
the rubric does not list is an input error (with a suggestion), never a silent zero.

Passing::

    rule: {type: choice, options: [{key: complete, label: 完整, points: 5},
                                   {key: partial, label: 部分, points: 2}]}
    entry: {choice: complete}    # → 5

Failing::

    entry: {choice: partial}     # → 2, deducts 3
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.models.common import Identifier, Strict, TextLike
from perfeval.rules.base import (
    Outcome,
    RuleContext,
    RuleParams,
    finding,
    invalid,
    label,
    of_rubric,
    points,
)


class Option(Strict):
    key: Identifier
    label: TextLike
    points: Decimal = Field(ge=0)


class Params(RuleParams):
    type: Literal["choice"]
    options: list[Option] = Field(min_length=1)


def suggestion(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1)
    return close[0] if close else ", ".join(candidates)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    chosen = ctx.entry.choice if ctx.entry else None
    keys = [o.key for o in params.options]
    if chosen is None:
        return invalid("PE304", "choice", field="choice", allowed=", ".join(keys))
    option = next((o for o in params.options if o.key == chosen), None)
    if option is None:
        return invalid("PE305", "choice", value=chosen[:60], suggestion=suggestion(chosen, keys))
    if option.points >= ctx.weight:
        return Outcome(earned=option.points)
    picked = finding(
        "choice.option",
        ctx.weight - option.points,
        option=of_rubric(label, option.label),
        earned=of_rubric(points, option.points),
    )
    return Outcome(earned=option.points, findings=(picked,))
