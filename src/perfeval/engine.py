"""The scoring engine (pure): metrics → rules → tree totals → grade → Scorecard.

Only the engine turns rule outcomes into scores: it clamps to [0, weight], applies the N/A
policy, rounds half-up at the rubric's precision and checks the claimed score. It reads no
files and prints nothing; problems come back located, inside the Scorecard.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfeval import __version__
from perfeval.errors import Diagnostic, Location, diagnostic, warning
from perfeval.figures import Figures
from perfeval.metrics import Formula, Unavailable
from perfeval.models.common import Text
from perfeval.models.result import (
    BudgetSummary,
    Checkpoint,
    Finding,
    NodeResult,
    RubricRef,
    Scorecard,
    SubmissionRef,
)
from perfeval.models.rubric import Group, Leaf, Rubric
from perfeval.models.submission import Submission
from perfeval.rules import apply, spending_progress
from perfeval.rules.base import Outcome, RuleContext, finding, invalid, label, quantize
from perfeval.wording import format_points

ZERO = Decimal(0)
Locate = Callable[[Sequence[str | int]], Location]


@dataclass(frozen=True, slots=True)
class ScoringInput:
    """Everything the engine needs, already loaded and validated."""

    rubric: Rubric
    formulas: dict[str, Formula]
    rubric_sha256: str
    submission: Submission
    submission_path: str
    submission_sha256: str
    locate: Locate


def round_half_up(value: Decimal, places: int) -> Decimal:
    return quantize(value, Decimal(1).scaleb(-places))


class _Scorer:
    def __init__(self, given: ScoringInput) -> None:
        self.given = given
        self.rubric = given.rubric
        self.figures = Figures(given.submission, given.formulas)
        self.problems: list[Diagnostic] = []

    def warn(self, code: str, where: Sequence[str | int], /, **params: object) -> None:
        self.problems.append(warning(code, self.given.locate(where), **params))

    # -- leaves -------------------------------------------------------------------------

    def leaf_input(self, leaf: Leaf) -> Decimal | bool | Unavailable | None:
        entry = self.given.submission.indicators.get(leaf.id)
        if leaf.input is None:
            return entry.value if entry else None
        if leaf.input.metric is not None:
            return self.figures.number(leaf.input.metric)
        return self.figures.value(leaf.input.data or "")

    def out_of_range(self, leaf: Leaf) -> Outcome | None:
        """PE312, located at the figure read, when the input lies outside the leaf's range."""
        value = self.leaf_input(leaf)
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

    def outcome(self, leaf: Leaf) -> Outcome:
        indicators = self.given.submission.indicators
        entry = indicators.get(leaf.id)
        if entry is not None and entry.not_applicable:
            return Outcome(
                earned=None, findings=(finding("na.declared", reason=label(entry.not_applicable)),)
            )
        needs_entry = leaf.input is None and leaf.rule.reads_entry()
        if needs_entry and leaf.id in indicators and entry is None:
            self.warn("PE321", ("indicators", leaf.id), id=leaf.id, name=leaf.name.zh)
            return Outcome(earned=None, findings=(finding("na.blank"),))
        if needs_entry and leaf.id not in indicators:
            outcome = invalid("PE302", name=leaf.name.zh)
        elif (stray := self.out_of_range(leaf)) is not None:
            return stray
        else:
            ctx = RuleContext(leaf.weight, self.leaf_input(leaf), entry, self.figures.number)
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
        outcome = self.outcome(leaf)
        places = self.rubric.rounding.leaf
        policy = leaf.not_applicable or self.rubric.not_applicable
        base = {
            "id": leaf.id,
            "name": leaf.name,
            "weight": leaf.weight,
            "depth": depth,
            "rule": leaf.rule.type,
            "criteria": leaf.criteria,
            "reason_template": leaf.reason,
            "note": self._note(leaf.id),
        }
        if outcome.problems:
            return NodeResult(**base, score=ZERO, status="error")
        if outcome.earned is None:
            score = leaf.weight if policy == "full" else ZERO
            return NodeResult(
                **base,
                score=score,
                status="not_applicable",
                not_applicable=policy,
                findings=outcome.findings,
            )
        earned = min(max(outcome.earned, ZERO), leaf.weight)
        findings = tuple(self._rounded(f, places, leaf.weight) for f in outcome.findings)
        if outcome.earned < 0:
            findings = floor_at_zero(findings, leaf.weight)
        return NodeResult(
            **base, score=round_half_up(earned, places), status="scored", findings=findings
        )

    def _note(self, leaf_id: str) -> str | None:
        entry = self.given.submission.indicators.get(leaf_id)
        return entry.note if entry else None

    @staticmethod
    def _rounded(found: Finding, places: int, weight: Decimal) -> Finding:
        """Deducted and earned points round like the leaf score they explain.

        The points lost are `weight − round(weight − deducted)`, so a single deduction and
        the half-up rounded score add up to the weight (1.235 earned → 1.24, −8.76).
        """
        values = dict(found.values)
        earned = values.get("earned")
        if earned is not None and earned.kind == "points" and earned.value is not None:
            values["earned"] = earned.model_copy(
                update={"value": round_half_up(earned.value, places)}
            )
        deducted = weight - round_half_up(weight - found.deducted, places)
        return found.model_copy(update={"deducted": deducted, "values": values})

    # -- tree ---------------------------------------------------------------------------

    def score_node(self, node: Group | Leaf, depth: int) -> NodeResult:
        if isinstance(node, Leaf):
            return self.score_leaf(node, depth)
        children = tuple(self.score_node(child, depth + 1) for child in node.children)
        statuses = {child.status for child in children}
        status = (
            "error"
            if "error" in statuses
            else ("not_applicable" if statuses == {"not_applicable"} else "scored")
        )
        return NodeResult(
            id=node.id,
            name=node.name,
            weight=node.weight,
            depth=depth,
            status=status,
            score=sum((c.score for c in children), ZERO),
            children=children,
        )


def floor_at_zero(findings: tuple[Finding, ...], available: Decimal) -> tuple[Finding, ...]:
    """扣完为止: deductions stop when the points run out; a finding cut short is marked."""
    kept = []
    for found in findings:
        take = min(found.deducted, available)
        if take != found.deducted:
            found = found.model_copy(update={"deducted": take, "floored": True})
        kept.append(found)
        available -= take
    return tuple(kept)


def _rescaled_weight(leaves: list[NodeResult]) -> Decimal:
    return sum((leaf.weight for leaf in leaves if leaf.not_applicable == "rescale"), ZERO)


def total_score(rubric: Rubric, leaves: list[NodeResult]) -> Decimal:
    """Sum of leaf scores, rescaled to the full mark when N/A leaves were dropped."""
    raw = sum((leaf.score for leaf in leaves), ZERO)
    applicable = rubric.total - _rescaled_weight(leaves)
    if applicable <= 0:
        return ZERO
    if applicable < rubric.total:
        raw = raw * rubric.total / applicable
    return round_half_up(raw, rubric.rounding.total)


def grade(rubric: Rubric, total: Decimal) -> Text:
    bands = sorted(rubric.grades, key=lambda g: g.min, reverse=True)
    return next((g.name for g in bands if total >= g.min), bands[-1].name)


def budget_summary(given: ScoringInput, figures: Figures) -> BudgetSummary:
    budget = given.submission.budget
    rate = None
    if budget.adjusted and budget.executed is not None:
        rate = round_half_up(budget.executed / budget.adjusted, 4)
    checkpoints: tuple[Checkpoint, ...] = ()
    rule = next(
        (
            leaf.rule
            for leaf in given.rubric.leaves()
            if isinstance(leaf.rule, spending_progress.Params)
        ),
        None,
    )
    if rule is not None:
        ctx = RuleContext(ZERO, None, None, figures.number)
        shares = spending_progress.progress(rule, ctx)
        checkpoints = tuple(
            Checkpoint(
                key=c.key,
                label=c.label,
                required=c.required,
                spent=budget.spending.get(c.key),
                progress=None if isinstance(shares, Unavailable) else shares[i],
            )
            for i, c in enumerate(rule.checkpoints)
        )
    return BudgetSummary(
        money_unit=given.submission.money_unit,
        adjusted=budget.adjusted,
        executed=budget.executed,
        execution_rate=rate,
        checkpoints=checkpoints,
    )


def _unknown_entries(given: ScoringInput) -> list[Diagnostic]:
    known = [leaf.id for leaf in given.rubric.leaves()]
    found = []
    for key in given.submission.indicators:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            found.append(
                diagnostic(
                    "PE303",
                    given.locate(("indicators", key)),
                    id=key,
                    suggestion=close[0] if close else "—",
                )
            )
    return found


def score(given: ScoringInput) -> Scorecard:
    """Score one validated submission against one validated rubric."""
    scorer = _Scorer(given)
    rubric, submission = given.rubric, given.submission
    indicators = tuple(scorer.score_node(node, 0) for node in rubric.indicators)
    leaves = [leaf for node in indicators for leaf in node.leaves()]
    total = total_score(rubric, leaves)
    problems = scorer.problems + _unknown_entries(given)
    claimed = submission.claimed_score
    if claimed is not None and round_half_up(claimed, rubric.rounding.total) != total:
        problems.append(
            diagnostic(
                "PE301",
                given.locate(("claimed_score",)),
                claimed=format_points(claimed),
                computed=format_points(total),
            )
        )
    scored = sum((leaf.weight for leaf in leaves if leaf.status == "scored"), ZERO)
    problems.sort(key=lambda d: (d.location.line, d.location.col, d.code))
    return Scorecard(
        perfeval_version=__version__,
        rubric=RubricRef(
            id=rubric.id,
            version=rubric.version,
            title=rubric.title,
            level=rubric.level,
            sha256=given.rubric_sha256,
        ),
        submission=SubmissionRef(
            path=given.submission_path,
            sha256=given.submission_sha256,
            department=submission.department.name,
            project=submission.project.name if submission.project else None,
            year=submission.department.year,
        ),
        total=total,
        total_weight=rubric.total,
        grade=grade(rubric, total),
        claimed=claimed,
        completeness=round_half_up(scored / rubric.total, 4),
        leaf_places=rubric.rounding.leaf,
        total_places=rubric.rounding.total,
        budget=budget_summary(given, scorer.figures),
        indicators=indicators,
        problems=tuple(problems),
    )
