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
from perfeval.rules.base import Outcome, RuleContext, RuleParams, finding, invalid, label, points


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
