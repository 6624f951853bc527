"""The verdict: the one place a file's outcome and the run's gates become an exit code.

Nothing here prints or exits; the run loop folds `file_exit_code` over the files and the CLI
exits with the result (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from perfeval.errors import Diagnostic, ExitCode, Location, diagnostic
from perfeval.run.headline import Headline
from perfeval.run.outcome import HeadlineOutcome


@dataclass(frozen=True, slots=True)
class Gates:
    """What makes a scored file fail besides its own errors."""

    fail_under: Decimal | None = None
    strict: bool = False
    fail_on_grade: str | None = None  # this grade (zh or en name) or a lower one fails
    exit_zero: bool = False  # failed submissions still exit 0; cannot-run stays 2


def _grade_rank(headline: Headline, name: str) -> int | None:
    """Where a grade (zh or en name, any case) stands among the rubric's, 0 = best."""
    wanted = name.casefold()
    for rank, grade in enumerate(headline.grades):
        if wanted in (grade.zh.casefold(), (grade.en or "").casefold()):
            return rank
    return None


def gate_problems(outcome: HeadlineOutcome, gates: Gates) -> list[Diagnostic]:
    """A gate that cannot apply to this file: --fail-on-grade names no grade of its rubric."""
    wanted, headline = gates.fail_on_grade, outcome.headline
    if wanted is None or headline is None or _grade_rank(headline, wanted) is not None:
        return []
    names = "、".join(g.zh for g in headline.grades)
    return [diagnostic("PE022", Location(outcome.path), grade=wanted, grades=names)]


def _below_grade(outcome: HeadlineOutcome, gates: Gates) -> bool:
    headline, wanted = outcome.headline, gates.fail_on_grade
    if headline is None or wanted is None:
        return False
    limit, rank = _grade_rank(headline, wanted), _grade_rank(headline, headline.grade.zh)
    return limit is not None and rank is not None and rank >= limit


def file_exit_code(outcome: HeadlineOutcome, gates: Gates) -> ExitCode:
    """The verdict for one file (DESIGN §6)."""
    if outcome.cannot_run or gate_problems(outcome, gates):
        return ExitCode.CANNOT_RUN
    if outcome.errors or outcome.headline is None:
        return ExitCode.FAILED
    if gates.strict and outcome.warnings:
        return ExitCode.FAILED
    if gates.fail_under is not None and outcome.headline.total < gates.fail_under:
        return ExitCode.FAILED
    if _below_grade(outcome, gates):
        return ExitCode.FAILED
    return ExitCode.OK


def exit_code(outcomes: Iterable[HeadlineOutcome], gates: Gates) -> ExitCode:
    """The worst verdict over all files: 2 beats 1 beats 0; --exit-zero turns 1 into 0."""
    worst = max((file_exit_code(o, gates) for o in outcomes), default=ExitCode.OK)
    return ExitCode.OK if gates.exit_zero and worst is ExitCode.FAILED else worst
