"""Scoring the indicator tree: each leaf's rule outcome becomes a clamped, rounded score
with its findings; N/A, blanks and input problems are reported, never silently zero."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from perfeval.engine.figures import Figures
from perfeval.engine.inputs import ScoringInput
from perfeval.engine.plan import GroupPlan, LeafPlan, RubricPlan
from perfeval.engine.totals import round_half_up
from perfeval.errors import Diagnostic, diagnostic, warning
from perfeval.metrics import Unavailable, Value
from perfeval.models.result import (
    Finding,
    NAPolicy,
    NodeResult,
    Status,
    finding_of,
    leaf_result,
    node_result,
)
from perfeval.models.rubric import Input, Leaf
from perfeval.models.submission import Entry
from perfeval.rules.base import Found, Outcome, RuleContext, finding, invalid, label, points

ZERO = Decimal(0)


_CAUSE = {  # how PE320 words an unavailable figure: a ratio of 0 ÷ 0, else absent
    True: {"what": "@unavailable.ratio", "state": "@unavailable.zero_over_zero"},
    False: {"what": "@unavailable.figure", "state": "@unavailable.missing"},
}


class TreeScorer:
    """Scores one submission's indicator tree; collects the problems it meets."""

    def __init__(self, given: ScoringInput, plan: RubricPlan) -> None:
        self.given = given
        self.places = given.plan.rubric.rounding.leaf
        self.entries = given.submission.indicators
        self.figures = Figures(
            given.submission,
            given.plan.formulas,
            plan.metric_order,
            plan.like_groups,
            plan.read_paths,
            plan.readers,
        )
        self.problems: list[Diagnostic] = []
        self.leaves: list[NodeResult] = []  # every leaf scored, in tree order
        self.from_total: list[Found] = []  # what scored leaves take from the total

    def warn(self, code: str, where: Sequence[str | int], /, **params: object) -> None:
        self.problems.append(warning(code, self.given.locate(where), **params))

    # -- leaves -------------------------------------------------------------------------

    def leaf_input(self, plan: LeafPlan, entry: Entry | None) -> Value | bool | None:
        given = plan.input
        if given is None:
            return entry.value if entry else None
        if given.metric is not None:
            return self.figures.number(given.metric)
        return self.figures.value(given.data or "")

    def out_of_range(self, leaf: Leaf, given: Input, value: Decimal) -> Outcome:
        """PE312, located at the figure read: the input lies outside the leaf's range."""
        source = self.figure_of(given.metric if given.metric is not None else given.data or "")
        where = self.given.locate(source.split(".") if source else ("indicators", leaf.id))
        shown = f"{value:f} ({value.scaleb(2):f}%)"
        self.problems.append(diagnostic("PE312", where, id=leaf.id, value=shown, range=given.range))
        return invalid("PE312")  # already reported, located at the figure

    def outcome(self, plan: LeafPlan, entry: Entry | None) -> Outcome:
        leaf = plan.leaf
        if entry is not None and entry.not_applicable:
            return Outcome(
                earned=None, findings=(finding("na.declared", reason=label(entry.not_applicable)),)
            )
        if plan.reads_entry and entry is None and leaf.id in self.entries:
            self.warn("PE321", ("indicators", leaf.id), id=leaf.id, name=leaf.name.zh)
            return Outcome(earned=None, findings=(finding("na.blank"),))
        if plan.reads_entry and entry is None:
            outcome = invalid("PE302", name=leaf.name.zh)
        else:
            value = self.leaf_input(plan, entry)
            if plan.input and isinstance(value, Decimal) and not plan.admits(value):
                return self.out_of_range(leaf, plan.input, value)
            ctx = RuleContext(leaf.weight, value, entry, self.figures.number, self.figures.raw)
            outcome = plan.evaluate(leaf.rule, ctx)
        for problem in outcome.problems:
            path = ("indicators", leaf.id, *problem.path)
            self.problems.append(
                diagnostic(problem.code, self.given.locate(path), id=leaf.id, **problem.params)
            )
        if outcome.unavailable is not None:
            return self.unavailable(leaf, outcome.unavailable)
        return outcome

    def figure_of(self, path: str) -> str | None:
        """The submitted figure `path` stands for: itself, or for a metric the one figure
        it reads (through metrics that each read one); None for a metric of several."""
        formulas = self.given.plan.formulas
        while path in formulas:
            refs = formulas[path].references()
            if len(refs) != 1:
                return None
            path = next(iter(refs))
        return path or None

    def error(self, why: Unavailable, where: Sequence[str | int], reader: str) -> None:
        """`why` (an error: `Unavailable.is_error`) at the figure it names, else at `where`;
        once per figure and code, however many metrics read the figure. `reader` is the
        indicator (or metric) that reads it, for the messages that name it (`{id}`)."""
        figure = self.figure_of(why.path)
        at = why.at or (figure.split(".") if figure else where)
        found = diagnostic(why.code, self.given.locate(at), id=reader, **dict(why.params))
        if not any(p.code == found.code and p.location == found.location for p in self.problems):
            self.problems.append(found)

    def check(self, metric: str) -> None:
        """A metric read outside the tree (the score ceiling's): an error in its figures
        is reported as a leaf's would be, at the figure (else at the top of the file)."""
        value = self.figures.number(metric)
        if isinstance(value, Unavailable) and value.is_error:
            self.error(value, (), metric)

    def unavailable(self, leaf: Leaf, why: Unavailable) -> Outcome:
        """A figure the leaf needs is absent (N/A, PE320 warning), or there but unreadable
        or no divisor (an error at the figure, in the reader's own words: never N/A)."""
        if why.is_error:
            self.error(why, ("indicators", leaf.id, "value"), leaf.id)  # no figure: its value
            return invalid(why.code)  # reported above, located at the figure
        figure = why.reason == "missing" and why.path
        where = why.at or (tuple(why.path.split(".")) if figure else ("indicators", leaf.id))
        cause = _CAUSE[why.reason == "division_by_zero"]
        self.warn("PE320", where, id=leaf.id, name=leaf.name.zh, path=why.path, **cause)
        na = finding(f"na.{why.reason}", path=label(why.path or "—"))
        return Outcome(earned=None, findings=(na,))

    def score_leaf(self, plan: LeafPlan) -> NodeResult:
        entry = self.entries.get(plan.leaf.id)
        outcome = self.outcome(plan, entry)
        score, status, findings, policy = self.settle(plan, outcome)
        if outcome.from_total and status == "scored":
            self.from_total += outcome.from_total
        note = entry.note if entry else None
        if score is plan.full_marks and status == "scored" and note is None:
            result = plan.full_result  # the weight, no findings, no note: made once
        else:
            result = leaf_result(plan.fields, score, status, findings, policy, note)
        self.leaves.append(result)
        return result

    def settle(
        self, plan: LeafPlan, outcome: Outcome
    ) -> tuple[Decimal, Status, tuple[Finding, ...], NAPolicy | None]:
        """The leaf's score, status, findings and (when N/A) policy, from the rule's outcome:
        clamped to [0, weight] and rounded half-up, or the N/A policy's score."""
        weight, earned = plan.leaf.weight, outcome.earned
        if outcome.problems:
            return ZERO, "error", (), None
        if earned is weight and not outcome.findings:
            return plan.full_marks, "scored", (), None  # the rule gave the weight (`is` tells)
        if earned is None:
            policy = plan.na_policy
            score = weight if policy == "full" else ZERO
            findings = tuple(finding_of(f.code, f.deducted, f.values) for f in outcome.findings)
            return score, "not_applicable", findings, policy
        places = self.places
        floored = earned < 0
        findings = rounded(outcome.findings, places, weight, floored)
        return round_half_up(min(max(earned, ZERO), weight), places), "scored", findings, None

    # -- tree ---------------------------------------------------------------------------

    def score_node(self, plan: LeafPlan | GroupPlan) -> NodeResult:
        if isinstance(plan, LeafPlan):
            return self.score_leaf(plan)
        if plan.group.one_of:
            return self.score_either(plan)
        children = tuple(self.score_node(child) for child in plan.children)
        statuses = {child.status for child in children}
        status: Status = (
            "error"
            if "error" in statuses
            else ("not_applicable" if statuses == {"not_applicable"} else "scored")
        )
        return group_result(plan, status, sum((c.score for c in children), ZERO), children)

    def score_either(self, plan: GroupPlan) -> NodeResult:
        """An either-or group (`one_of`): each child scored aside, then only the one
        assessed kept — its leaves, problems and deductions from the total — the one the
        submission names, else the first that applies, else the first."""
        tried = []
        for child in plan.children:
            marks = (len(self.leaves), len(self.problems), len(self.from_total))
            result = self.score_node(child)
            kept = (self.leaves[marks[0] :], self.problems[marks[1] :], self.from_total[marks[2] :])
            del self.leaves[marks[0] :], self.problems[marks[1] :], self.from_total[marks[2] :]
            tried.append((result, kept))
        result, kept = tried[self.assessed(plan, [result for result, _ in tried])]
        self.leaves += kept[0]
        self.problems += kept[1]
        self.from_total += kept[2]
        said = finding_of("one_of.assessed", ZERO, {"child": label(result.name)})
        return group_result(plan, result.status, result.score, (result,), (said,))

    def assessed(self, plan: GroupPlan, results: list[NodeResult]) -> int:
        """Which child of an either-or group is assessed (its index); PE319 when the
        submission names one the group does not have."""
        entry = self.entries.get(plan.group.id)
        named = entry.assessed if entry is not None else None
        ids = [result.id for result in results]
        if named is not None and named in ids:
            return ids.index(named)
        if named is not None:
            where = ("indicators", plan.group.id, "assessed")
            self.problems.append(
                diagnostic("PE319", self.given.locate(where), id=plan.group.id, child=named)
            )
        statuses = [result.status for result in results]
        return statuses.index("scored") if "scored" in statuses else 0


def group_result(
    plan: GroupPlan,
    status: Status,
    score: Decimal,
    children: tuple[NodeResult, ...],
    findings: tuple[Finding, ...] = (),
) -> NodeResult:
    group = plan.group
    return node_result(
        id=group.id,
        name=group.name,
        weight=group.weight,
        depth=plan.depth,
        status=status,
        score=score,
        findings=findings,
        children=children,
    )


def rounded(
    found: tuple[Found, ...], places: int, weight: Decimal, floored: bool
) -> tuple[Finding, ...]:
    """The rule's findings, their points rounded like the leaf score they explain.

    The points lost are `weight − round(weight − deducted)`, so a single deduction and the
    half-up rounded score add up to the weight (1.235 earned → 1.24, −8.76); earned points
    shown in a finding round like that score too. A deduction that rounds to nothing is
    none (no reason for a point not lost). When the rule's points went below zero,
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
        if not deducted and each.deducted > 0:
            continue
        cut = False
        if floored:
            take = min(deducted, available)
            cut = take != deducted
            deducted, available = take, available - take
        findings.append(finding_of(each.code, deducted, values, cut))
    return tuple(findings)
