"""Scoring files: load → engine → outcome, and the one place a verdict becomes an exit code.

Nothing here prints or exits; the CLI renders the outcomes and exits with `exit_code()`.
One bad file never stops the others: each file's problems stay with its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfeval.engine import ScoringInput, score
from perfeval.errors import Diagnostic, ExitCode, PerfevalError, Severity
from perfeval.models.result import Scorecard
from perfeval.sources import load_rubric, load_submission, resolve_rubric, rubric_for_cli


@dataclass(frozen=True, slots=True)
class Gates:
    """What makes a scored file fail besides its own errors."""

    fail_under: Decimal | None = None
    strict: bool = False


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One submission's result: a scorecard, or the problems that stopped it."""

    path: str
    scorecard: Scorecard | None
    problems: tuple[Diagnostic, ...]
    cannot_run: bool = False
    rubric_path: Path | None = None  # an input too: never overwritten by --output

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def score_file(path: Path, display: str, rubric: str | None = None) -> FileOutcome:
    """Load, check and score one submission; never raises for bad input."""
    rubric_path: Path | None = None
    try:
        loaded = load_submission(path, display)
        if rubric is not None:
            rubric_path, rubric_display = rubric_for_cli(rubric)
        else:
            rubric_path = resolve_rubric(loaded.submission.rubric, loaded.document)
            rubric_display = loaded.submission.rubric
        checked = load_rubric(rubric_path, rubric_display)
    except PerfevalError as exc:
        cannot_run = exc.exit_code is ExitCode.CANNOT_RUN
        return FileOutcome(display, None, tuple(exc.diagnostics), cannot_run, rubric_path)
    document = loaded.document
    scorecard = score(
        ScoringInput(
            rubric=checked.rubric,
            formulas=checked.formulas,
            rubric_sha256=checked.sha256,
            submission=loaded.submission,
            submission_path=display,
            submission_sha256=document.sha256,
            locate=document.source_map.locate,
        )
    )
    return FileOutcome(display, scorecard, scorecard.problems, rubric_path=rubric_path)


def score_files(
    paths: Iterable[tuple[Path, str]], rubric: str | None = None
) -> Iterator[FileOutcome]:
    for path, display in paths:
        yield score_file(path, display, rubric)


def file_exit_code(outcome: FileOutcome, gates: Gates) -> ExitCode:
    """The verdict for one file (DESIGN §6)."""
    if outcome.cannot_run:
        return ExitCode.CANNOT_RUN
    if outcome.errors or outcome.scorecard is None:
        return ExitCode.FAILED
    if gates.strict and outcome.warnings:
        return ExitCode.FAILED
    if gates.fail_under is not None and outcome.scorecard.total < gates.fail_under:
        return ExitCode.FAILED
    return ExitCode.OK


def exit_code(outcomes: Iterable[FileOutcome], gates: Gates) -> ExitCode:
    """The worst verdict over all files: 2 beats 1 beats 0."""
    return max((file_exit_code(o, gates) for o in outcomes), default=ExitCode.OK)
