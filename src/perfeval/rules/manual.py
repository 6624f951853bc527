"""`manual` — a self-assessed score in [0, weight] with a mandatory justification.

For indicators no figure can decide. A score outside [0, weight] or a missing justification
is an input error, never clamped silently.

Passing::

    entry: {score: 4, justification: 按期完成年度重点任务}

Failing::

    entry: {score: 6}   # weight 5 → error PE306; no justification → error PE310
"""

from __future__ import annotations

from typing import Literal

from perfeval.models.result import text_of
from perfeval.render.wording import NA_MARK, format_points
from perfeval.rules.base import Outcome, RuleContext, RuleParams, finding, invalid, label, points
from perfeval.rules.shown import Shown
from perfeval.rules.traits import Cell, Traits


class Params(RuleParams):
    type: Literal["manual"]


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    entry = ctx.entry
    if entry is None or entry.score is None:
        return invalid("PE304", "score", field="score", allowed=f"0–{ctx.weight}")
    if not 0 <= entry.score <= ctx.weight:
        return invalid("PE311", "score", value=entry.score, weight=ctx.weight)
    if not (entry.justification or "").strip():
        return invalid("PE310", "justification")
    if entry.score >= ctx.weight:
        return Outcome(earned=entry.score)
    why = label(text_of((entry.justification or "").strip().rstrip("。.")))
    found = finding(
        "manual.score", ctx.weight - entry.score, earned=points(entry.score), justification=why
    )
    return Outcome(earned=entry.score, findings=(found,))


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the weight, 完成值 the self-assessed score."""
    score = given.entry.score if given.entry else None
    return format_points(given.weight), NA_MARK if score is None else format_points(score)


TRAITS: Traits[Params] = Traits(
    fields=("score", "justification"),
    example=("score: 0", "justification: …"),
    cells=(Cell("actual", "score", "number"), Cell("justification", "justification", "text")),
    on_sheet=on_sheet,
)
