"""`boolean` — yes earns the weight, no earns `partial` (default 0).

The value comes from the entry (`value: true|false`, or another yes/no spelling of
`perfeval.load.scalars`: 是/否, yes/no, √/×) or from a data path. A number is not a yes.

Passing::

    rule: {type: boolean}
    entry: {value: true}     # → full weight

Failing::

    entry: {value: false}    # → 0, deducts the weight
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.load.scalars import YES_NO_SPELLINGS
from perfeval.metrics import Unavailable
from perfeval.rules.base import Outcome, RuleContext, RuleParams, finding, invalid, not_applicable
from perfeval.rules.shown import Shown, yes_no
from perfeval.rules.traits import Cell, Traits


class Params(RuleParams):
    type: Literal["boolean"]
    partial: Decimal = Field(default=Decimal(0), ge=0)


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    value = ctx.value
    if isinstance(value, Unavailable):
        return not_applicable(value)
    if isinstance(value, Decimal):
        return invalid("PE119", "value", value=f"{value}", spellings=YES_NO_SPELLINGS)
    if not isinstance(value, bool):
        return invalid("PE304", "value", field="value", allowed="true, false")
    if value:
        return Outcome(earned=ctx.weight)
    return Outcome(
        earned=params.partial, findings=(finding("boolean.no", ctx.weight - params.partial),)
    )


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 是, 完成值 是/否 (from the declared figure, else the entry)."""
    entry = given.entry
    value = given.figure if given.declared_input else (entry.value if entry else None)
    return yes_no(True, given.lang), yes_no(value, given.lang)


TRAITS: Traits[Params] = Traits(
    fields=("value",),
    example=("value: true",),
    cells=(Cell("actual", "value", "yes_no"),),
    on_sheet=on_sheet,
)
