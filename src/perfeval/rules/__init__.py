"""Rule types: one module each, listed explicitly in `RULES`.

Each module declares `Params` (a pydantic model whose `type` literal is the rule's name),
`evaluate(params, ctx) -> Outcome` and `TRAITS` (`rules.traits.Traits`: everything else
perfeval asks of a rule by its type — its submission entry and `init` example, its Excel
form cells, its rubric checks and maximum points, its 指标值/完成值 on the 自评表, the
spending checkpoints it follows). The rubric's `rule` field is a discriminated union built
from this registry, so an unknown rule type or parameter is a located validation error.

Adding a rule type: a module here, its line in `RULES`, its case file
(tests/cases/rules/<type>.yaml) and its words in both locale files (`[findings]`,
`[excel.guide]`, `[report.problem_verdicts]`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Union

from pydantic import Field

from perfeval.rules import (
    bands,
    boolean,
    checklist,
    choice,
    deduct,
    inverse_ratio,
    manual,
    milestones,
    ratio,
    spending_progress,
    targets,
    tiered,
    violations,
)
from perfeval.rules.base import Outcome, RuleContext, RuleParams
from perfeval.rules.traits import Traits


class Rule(NamedTuple):
    params: type[RuleParams]
    evaluate: Callable[[Any, RuleContext], Outcome]
    traits: Traits[Any]
    doc: str


def _rule(module: Any) -> Rule:
    return Rule(module.Params, module.evaluate, module.TRAITS, module.__doc__ or "")


RULES: dict[str, Rule] = {
    "ratio": _rule(ratio),
    "inverse_ratio": _rule(inverse_ratio),
    "deduct": _rule(deduct),
    "bands": _rule(bands),
    "choice": _rule(choice),
    "checklist": _rule(checklist),
    "violations": _rule(violations),
    "spending_progress": _rule(spending_progress),
    "targets": _rule(targets),
    "tiered": _rule(tiered),
    "manual": _rule(manual),
    "boolean": _rule(boolean),
    "milestones": _rule(milestones),
}

if TYPE_CHECKING:
    AnyRuleParams = RuleParams
else:
    AnyRuleParams = Annotated[
        Union[tuple(rule.params for rule in RULES.values())],  # noqa: UP007 — built at runtime
        Field(discriminator="type"),
    ]


def apply(params: RuleParams, ctx: RuleContext) -> Outcome:
    """Evaluate `params` with the rule its `type` names."""
    return RULES[params.type].evaluate(params, ctx)


def traits(params: RuleParams) -> Traits[Any]:
    """What the rule type of `params` declares beside its parameters (`rules.traits`)."""
    return RULES[params.type].traits
