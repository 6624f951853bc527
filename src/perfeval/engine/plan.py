"""What the engine reads from a rubric for every file, worked out once per rubric.

A batch scores thousands of files against the same loaded rubric object, so its leaf ids,
each leaf's full marks as rounded, its `spending_progress` rule, its grades in order and
its metrics' evaluation order are computed the first time that object is scored and reused
after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from perfeval.engine.totals import round_half_up
from perfeval.metrics import Formula, evaluation_order
from perfeval.models.rubric import Grade, Rubric
from perfeval.rules import spending_progress


@dataclass(frozen=True, slots=True)
class RubricPlan:
    rubric: Rubric
    formulas: Mapping[str, Formula]
    leaf_ids: tuple[str, ...]  # in tree order
    known_ids: frozenset[str]
    full_marks: Mapping[str, Decimal]  # by leaf id: its weight rounded as its score is
    spending_rule: spending_progress.Params | None  # the first leaf's of that type
    grades: tuple[Grade, ...]  # best first
    metric_order: tuple[str, ...]  # each metric after the metrics it reads


def _plan(rubric: Rubric, formulas: Mapping[str, Formula]) -> RubricPlan:
    leaves = rubric.leaves()
    spending = (leaf.rule for leaf in leaves if isinstance(leaf.rule, spending_progress.Params))
    return RubricPlan(
        rubric=rubric,
        formulas=formulas,
        leaf_ids=tuple(leaf.id for leaf in leaves),
        known_ids=frozenset(leaf.id for leaf in leaves),
        full_marks={leaf.id: round_half_up(leaf.weight, rubric.rounding.leaf) for leaf in leaves},
        spending_rule=next(spending, None),
        grades=tuple(sorted(rubric.grades, key=lambda g: g.min, reverse=True)),
        metric_order=tuple(evaluation_order(formulas)),
    )


_PLANS: dict[tuple[int, int], RubricPlan] = {}
"""Plans by the identity of the rubric and formulas objects (pydantic models with lists are
not hashable). A plan holds both objects, so their ids are not reused while it is kept."""


def plan_for(rubric: Rubric, formulas: Mapping[str, Formula]) -> RubricPlan:
    key = (id(rubric), id(formulas))
    plan = _PLANS.get(key)
    if plan is not None and plan.rubric is rubric and plan.formulas is formulas:
        return plan
    plan = _plan(rubric, formulas)
    if len(_PLANS) >= 64:  # a long-lived process loading many rubrics: start over
        _PLANS.clear()
    _PLANS[key] = plan
    return plan
