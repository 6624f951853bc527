"""The scoring engine (pure): metrics → rules → tree totals → grade → Scorecard.

Only the engine turns rule outcomes into scores: it clamps to [0, weight], applies the N/A
policy, rounds half-up at the rubric's precision and checks the claimed score. It reads no
files and prints nothing; problems come back located, inside the Scorecard.

`leaves` scores the indicator tree leaf by leaf; `totals` aggregates, grades and summarises;
`adjust` takes from the total what the rubric takes from the whole score.
"""

from __future__ import annotations

from perfeval import __version__
from perfeval.engine.adjust import adjust
from perfeval.engine.inputs import ScoringInput
from perfeval.engine.leaves import TreeScorer
from perfeval.engine.plan import RubricPlan, plan_of
from perfeval.engine.sanity import unit_warnings
from perfeval.engine.totals import (
    budget_summary,
    claimed_mismatch,
    grade,
    leaf_sums,
    round_half_up,
    total_score,
    unknown_entries,
)
from perfeval.errors import Severity
from perfeval.models.result import RubricRef, Scorecard, SubmissionRef

__all__ = ["RubricPlan", "ScoringInput", "plan_of", "round_half_up", "score"]


def score(given: ScoringInput) -> Scorecard:
    """Score one validated submission against one validated rubric."""
    plan = given.plan
    scorer = TreeScorer(given, plan)
    rubric, submission = plan.rubric, given.submission
    indicators = tuple(scorer.score_node(node) for node in plan.tree)
    leaves = scorer.leaves
    sums = leaf_sums(leaves)
    if rubric.score_ceiling is not None and rubric.score_ceiling.enabled:
        scorer.check(rubric.score_ceiling.metric)  # an error there is never a lifted ceiling
    total, adjustments = adjust(
        rubric.score_ceiling,
        scorer.figures,
        total_score(rubric, sums),
        scorer.from_total,
        rubric.rounding.total,
    )
    # A total that stands on a figure in error is provisional: comparing the claimed score
    # with it (PE301) would propose a claim built on the wrong figure; it is made once the
    # errors are fixed.
    provisional = any(p.severity is Severity.ERROR for p in scorer.problems)
    problems = [
        *given.notes,
        *scorer.problems,
        *unknown_entries(given, plan),
        *([] if provisional else claimed_mismatch(given, total)),
        *unit_warnings(given, scorer.figures.read),
    ]
    claimed = submission.claimed_score
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
        grade=grade(plan, total),
        claimed=claimed,
        completeness=round_half_up(sums.scored / rubric.total, 4),
        leaf_places=rubric.rounding.leaf,
        total_places=rubric.rounding.total,
        budget=budget_summary(given, plan, scorer.figures),
        indicators=indicators,
        adjustments=adjustments,
        problems=tuple(problems),
    )
