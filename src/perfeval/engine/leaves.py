"""Scoring the indicator tree: each leaf's rule outcome becomes a clamped, rounded score
with its findings; N/A, blanks and input problems are reported, never silently zero."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from perfeval.engine.inputs import ScoringInput
from perfeval.engine.plan import RubricPlan
from perfeval.engine.totals import round_half_up
from perfeval.errors import Diagnostic, diagnostic, warning
from perfeval.figures import Figures
from perfeval.metrics import Unavailable
from perfeval.models.result import (
    Finding,
    NAPolicy,
    NodeResult,
    Status,
    finding_of,
    node_result,
)
from perfeval.models.rubric import Group, Leaf
from perfeval.models.submission import Entry
from perfeval.rules import apply
from perfeval.rules.base import Found, Outcome, RuleContext, finding, invalid, label, points

ZERO = Decimal(0)


class TreeScorer:
    """Scores one submission's indicator tree; collects the problems it meets."""

    def __init__(self, given: ScoringInput, plan: RubricPlan) -> None:
        self.given = given
        self.rubric = given.rubric
        self.places = given.rubric.rounding.leaf
        self.full_marks = plan.full_marks
        self.entries = given.submission.indicators
        self.figures = Figures(given.submission, given.formulas, plan.metric_order)
        self.problems: list[Diagnostic] = []
        self.leaves: list[NodeResult] = []  # every leaf scored, in tree order

    def warn(self, code: str, where: Sequence[str | int], /, **params: object) -> None:
        self.problems.append(warning(code, self.given.locate(where), **params))

    # -- leaves -------------------------------------------------------------------------

    def leaf_input(self, leaf: Leaf, entry: Entry | None) -> Decimal | bool | Unavailable | None:
        if leaf.input is None:
            return entry.value if entry else None
        if leaf.input.metric is not None:
            return self.figures.number(leaf.input.metric)
        return self.figures.value(leaf.input.data or "")

    def out_of_range(self, leaf: Leaf, value: object) -> Outcome | None:
        """PE312, located at the figure read, when the input lies outside the leaf's range."""
        if leaf.input is None or not isinstance(value, Decimal) or leaf.input.admits(value):
            return None
        source = leaf.input.data
        if leaf.input.metric is not None:
            refs = self.given.formulas[leaf.input.metric].references()
            source = next(iter(refs)) if len(refs) == 1 else None
        where = self.given.locate(source.split(".") if source else ("indicators", leaf.id))
        shown = f"{value:f} ({value.scaleb(2):f}%)"
        self.problems.append(
            diagnostic("PE312", where, id=leaf.id, value=shown, range=leaf.input.range)
        )
        return invalid("PE312")  # already reported, located at the figure

    def outcome(self, leaf: Leaf, entry: Entry | None) -> Outcome:
        if entry is not None and entry.not_applicable:
            return Outcome(
                earned=None, findings=(finding("na.declared", reason=label(entry.not_applicable)),)
            )
        needs_entry = leaf.input is None and leaf.rule.reads_entry()
        if needs_entry and entry is None and leaf.id in self.entries:
            self.warn("PE321", ("indicators", leaf.id), id=leaf.id, name=leaf.name.zh)
            return Outcome(earned=None, findings=(finding("na.blank"),))
        if needs_entry and entry is None:
            outcome = invalid("PE302", name=leaf.name.zh)
        else:
            value = self.leaf_input(leaf, entry)
            if (stray := self.out_of_range(leaf, value)) is not None:
                return stray
            ctx = RuleContext(leaf.weight, value, entry, self.figures.number)
            outcome = apply(leaf.rule, ctx)
        for problem in outcome.problems:
            path = ("indicators", leaf.id, *problem.path)
            self.problems.append(
                diagnostic(problem.code, self.given.locate(path), id=leaf.id, **problem.params)
            )
        if outcome.unavailable is not None:
            why = outcome.unavailable
            figure = why.reason in ("missing", "not_a_number") and why.path
            where = tuple(why.path.split(".")) if figure else ("indicators", leaf.id)
            self.warn("PE320", where, id=leaf.id, path=why.path)
            na = finding(f"na.{why.reason}", path=label(why.path or "—"))
            return Outcome(earned=None, findings=(na,))
        return outcome

    def score_leaf(self, leaf: Leaf, depth: int) -> NodeResult:
        entry = self.entries.get(leaf.id)
        score, status, findings, policy = self.settle(leaf, self.outcome(leaf, entry))
        result = node_result(
            id=leaf.id,
            name=leaf.name,
            weight=leaf.weight,
            score=score,
            status=status,
            depth=depth,
            rule=leaf.rule.type,
            criteria=leaf.criteria,
            reason_template=leaf.reason,
            findings=findings,
            not_applicable=policy,
            note=entry.note if entry else None,
        )
        self.leaves.append(result)
        return result

    def settle(
        self, leaf: Leaf, outcome: Outcome
    ) -> tuple[Decimal, Status, tuple[Finding, ...], NAPolicy | None]:
        """The leaf's score, status, findings and (when N/A) policy, from the rule's outcome:
        clamped to [0, weight] and rounded half-up, or the N/A policy's score."""
        if outcome.problems:
            return ZERO, "error", (), None
        if outcome.earned is leaf.weight and not outcome.findings:
            return self.full_marks[leaf.id], "scored", (), None  # the rule gave the weight
        if outcome.earned is None:
            policy = leaf.not_applicable or self.rubric.not_applicable
            score = leaf.weight if policy == "full" else ZERO
            findings = tuple(finding_of(f.code, f.deducted, f.values) for f in outcome.findings)
            return score, "not_applicable", findings, policy
        places = self.places
        earned = min(max(outcome.earned, ZERO), leaf.weight)
        floored = outcome.earned < 0
        findings = rounded(outcome.findings, places, leaf.weight, floored)
        return round_half_up(earned, places), "scored", findings, None

    # -- tree ---------------------------------------------------------------------------

    def score_node(self, node: Group | Leaf, depth: int) -> NodeResult:
        if isinstance(node, Leaf):
            return self.score_leaf(node, depth)
        children = tuple(self.score_node(child, depth + 1) for child in node.children)
        statuses = {child.status for child in children}
        status: Status = (
            "error"
            if "error" in statuses
            else ("not_applicable" if statuses == {"not_applicable"} else "scored")
        )
        return node_result(
            id=node.id,
            name=node.name,
            weight=node.weight,
            depth=depth,
            status=status,
            score=sum((c.score for c in children), ZERO),
            children=children,
        )


def rounded(
    found: tuple[Found, ...], places: int, weight: Decimal, floored: bool
) -> tuple[Finding, ...]:
    """The rule's findings, their points rounded like the leaf score they explain.

    The points lost are `weight − round(weight − deducted)`, so a single deduction and the
    half-up rounded score add up to the weight (1.235 earned → 1.24, −8.76); earned points
    shown in a finding round like that score too. When the rule's points went below zero,
    deductions stop when the points run out (扣完为止): a finding cut short is marked
    `floored`.
    """
    findings = []
    available = weight
    for each in found:
        values = each.values
        earned = values.get("earned")
        if earned is not None and earned.kind == "points" and earned.value is not None:
            values = {**values, "earned": points(round_half_up(earned.value, places))}
        deducted = weight - round_half_up(weight - each.deducted, places)
        cut = False
        if floored:
            take = min(deducted, available)
            cut = take != deducted
            deducted, available = take, available - take
        findings.append(finding_of(each.code, deducted, values, floored=cut))
    return tuple(findings)
