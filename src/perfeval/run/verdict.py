"""The verdict: the one place a file's outcome and the run's gates become findings and an
exit code.

`judged` adds to an outcome the gates it fails, each as a finding that names the gate, its
threshold and the file's value (PE501 --fail-under, PE502 --fail-on-grade, PE503 --strict;
PE022 when --fail-on-grade names no grade of the file's rubric). `file_exit_code` reads a
judged outcome; `Tally` folds it over a run. Nothing here prints or exits (DESIGN §6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from perfeval.errors import Diagnostic, ExitCode, Location, Severity, diagnostic
from perfeval.render.wording import format_points
from perfeval.run.headline import Headline
from perfeval.run.outcome import HeadlineOutcome, Outcome

VERDICTS = {ExitCode.OK: "passed", ExitCode.FAILED: "failed", ExitCode.CANNOT_RUN: "cannot_run"}
"""A file's verdict by name (the JSON formats' `verdict`, the locale's words for it)."""

NO_SUCH_GRADE = "PE022"
"""The one gate finding that means the run was asked something it cannot answer (exit 2)."""


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


def _grade_finding(headline: Headline, wanted: str, where: Location) -> Diagnostic | None:
    limit = _grade_rank(headline, wanted)
    if limit is None:
        names = "、".join(g.zh for g in headline.grades)
        return diagnostic(NO_SUCH_GRADE, where, grade=wanted, grades=names)
    rank = _grade_rank(headline, headline.grade.zh)
    if rank is None or rank < limit:
        return None
    grade = headline.grade  # named in the language the threshold was written in
    typed_en = wanted.casefold() not in {g.zh.casefold() for g in headline.grades}
    shown = grade.en if typed_en and grade.en else grade.zh
    return diagnostic("PE502", where, grade=shown, threshold=wanted)


def gate_findings(outcome: HeadlineOutcome, gates: Gates) -> tuple[Diagnostic, ...]:
    """Each gate this scored file fails, located at the file itself (a gate is about the
    whole submission, not a line of it). An unscored file fails on its own errors."""
    headline = outcome.headline
    if headline is None:
        return ()
    where = Location(outcome.path)
    found: list[Diagnostic] = []
    if gates.fail_under is not None and headline.total < gates.fail_under:
        found.append(diagnostic("PE501", where, total=format_points(headline.total),
                                threshold=format_points(gates.fail_under)))  # fmt: skip
    if gates.fail_on_grade is not None:
        graded = _grade_finding(headline, gates.fail_on_grade, where)
        found += [graded] if graded is not None else []
    if gates.strict and outcome.warnings:
        found.append(diagnostic("PE503", where, count=len(outcome.warnings)))
    return tuple(found)


def judged(outcome: Outcome, gates: Gates) -> Outcome:
    """The outcome with the gates it fails attached (the run loop calls this once a file)."""
    found = gate_findings(outcome, gates)
    return replace(outcome, gate_findings=found) if found else outcome


def file_exit_code(outcome: HeadlineOutcome) -> ExitCode:
    """The verdict for one judged file (DESIGN §6)."""
    if outcome.cannot_run or any(f.code == NO_SUCH_GRADE for f in outcome.gate_findings):
        return ExitCode.CANNOT_RUN
    if outcome.headline is None or outcome.gate_findings:
        return ExitCode.FAILED
    if any(p.severity is Severity.ERROR for p in outcome.problems):
        return ExitCode.FAILED
    return ExitCode.OK


@dataclass(slots=True)
class Tally:
    """A run's verdict folded one judged file at a time — the worst file wins: 2 beats 1
    beats 0, and --exit-zero turns 1 into 0 — with the counts `validate`'s totals show."""

    exit_zero: bool = False
    worst: ExitCode = ExitCode.OK
    files: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, outcome: HeadlineOutcome) -> None:
        verdict = file_exit_code(outcome)
        self.worst = max(self.worst, verdict)
        self.files += 1
        self.failed += verdict is not ExitCode.OK
        errors = sum(p.severity is Severity.ERROR for p in outcome.problems)
        self.errors += errors
        self.warnings += len(outcome.problems) - errors

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.exit_zero and self.worst is ExitCode.FAILED else self.worst


def exit_code(outcomes: Iterable[HeadlineOutcome], gates: Gates) -> ExitCode:
    """The run's exit code over `outcomes` judged under `gates`."""
    tally = Tally(gates.exit_zero)
    for outcome in outcomes:
        tally.add(judged(outcome, gates))
    return tally.exit_code
