"""Aggregation and summaries: the rescaled total, the grade, the budget summary, and the
checks that span the tree (unknown indicator ids, claimed vs computed score)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, getcontext
from typing import TYPE_CHECKING, NamedTuple

from perfeval.engine.figures import Figures
from perfeval.engine.inputs import ScoringInput
from perfeval.errors import Diagnostic, diagnostic
from perfeval.models.common import Text
from perfeval.models.result import BudgetSummary, Checkpoint, NodeResult
from perfeval.models.rubric import Rubric
from perfeval.render.wording import format_points
from perfeval.rules.base import RuleContext, quantize

if TYPE_CHECKING:  # the plan reads round_half_up
    from perfeval.engine.plan import RubricPlan

ZERO = Decimal(0)


_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(8))
"""The rounding step for 0…7 decimal places, made once (quantize knows them by identity)."""


def round_half_up(value: Decimal, places: int) -> Decimal:
    """`quantize(value, 10**-places)`; for the usual places, a result within the context's
    precision is rounded at once (the step's exponent is `-places`, no need to look it up)."""
    if 0 <= places < len(_STEPS):
        if value.adjusted() + places < getcontext().prec:  # what `quantize` checks first
            return value.quantize(_STEPS[places], ROUND_HALF_UP)
        return quantize(value, _STEPS[places])
    return quantize(value, Decimal(1).scaleb(-places))


class LeafSums(NamedTuple):
    """What the totals add up over the scored leaves, in one pass."""

    earned: Decimal  # every leaf's score
    rescaled: Decimal  # the weight of the N/A leaves whose policy is `rescale`
    scored: Decimal  # the weight of the leaves scored (not N/A, no error)


def leaf_sums(leaves: list[NodeResult]) -> LeafSums:
    earned = rescaled = scored = ZERO
    for leaf in leaves:
        earned += leaf.score
        if leaf.not_applicable == "rescale":
            rescaled += leaf.weight
        if leaf.status == "scored":
            scored += leaf.weight
    return LeafSums(earned, rescaled, scored)


def total_score(rubric: Rubric, sums: LeafSums) -> Decimal:
    """Sum of leaf scores, rescaled to the full mark when N/A leaves were dropped."""
    raw = sums.earned
    applicable = rubric.total - sums.rescaled
    if applicable <= 0:
        return ZERO
    if applicable < rubric.total:
        raw = raw * rubric.total / applicable
    return round_half_up(raw, rubric.rounding.total)


def grade(plan: RubricPlan, total: Decimal) -> Text:
    bands = plan.grades
    return next((g.name for g in bands if total >= g.min), bands[-1].name)


def budget_summary(given: ScoringInput, plan: RubricPlan, figures: Figures) -> BudgetSummary:
    budget = given.submission.budget
    rate = None
    if budget.adjusted and budget.executed is not None:
        rate = round_half_up(budget.executed / budget.adjusted, 4)
    checkpoints: tuple[Checkpoint, ...] = ()
    if plan.progress is not None:
        checkpoints = plan.progress.checkpoints(RuleContext(ZERO, None, None, figures.number))
    return BudgetSummary(
        money_unit=given.submission.money_unit,
        adjusted=budget.adjusted,
        executed=budget.executed,
        execution_rate=rate,
        checkpoints=checkpoints,
    )


def unknown_entries(given: ScoringInput, plan: RubricPlan) -> list[Diagnostic]:
    found = []
    for key in given.submission.indicators:
        if key not in plan.known_ids:
            close = difflib.get_close_matches(key, plan.leaf_ids, n=1)
            where = given.locate(("indicators", key))
            if close:
                found.append(diagnostic("PE303", where, id=key, suggestion=close[0]))
            else:  # nothing close: no name proposed (never a dash to type)
                found.append(diagnostic("PE332", where, id=key))
    return found


def claimed_mismatch(given: ScoringInput, total: Decimal) -> Iterator[Diagnostic]:
    """PE301 when the claimed score, rounded like the total, differs from it."""
    claimed = given.submission.claimed_score
    if claimed is not None and round_half_up(claimed, given.plan.rubric.rounding.total) != total:
        yield diagnostic(
            "PE301",
            given.locate(("claimed_score",)),
            claimed=format_points(claimed),
            computed=format_points(total),
        )
