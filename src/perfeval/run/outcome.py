"""Scoring files: load → engine → outcome, and the one place a verdict becomes an exit code.

Nothing here prints or exits; the CLI renders the outcomes and exits with `exit_code()`.
One bad file never stops the others: each file's problems stay with its outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval.errors import (
    Diagnostic,
    ExitCode,
    Location,
    PerfevalError,
    Severity,
    diagnostic,
    with_severity,
)
from perfeval.run.headline import Headline, Name

if TYPE_CHECKING:  # the engine, loader and models are imported when a file is scored, so a
    # run answered from the result cache never loads them (perfeval.run.cache)
    from perfeval.errors import Locate
    from perfeval.models.result import Scorecard
    from perfeval.models.submission import Submission


@dataclass(frozen=True, slots=True)
class Gates:
    """What makes a scored file fail besides its own errors."""

    fail_under: Decimal | None = None
    strict: bool = False
    fail_on_grade: str | None = None  # this grade (zh or en name) or a lower one fails
    exit_zero: bool = False  # failed submissions still exit 0; cannot-run stays 2


class Card:
    """A scorecard and its JSON, each made from the other the first time it is asked for: a
    run that shows only headlines never validates a cached scorecard, and a scorecard that
    is both cached and sent from a worker is serialised once. A card `left_behind` in a
    headline-only run (in the worker that scored it, or in the cache entry) has neither;
    asking it is a bug."""

    __slots__ = ("_json", "_value")

    def __init__(self, value: Scorecard | None = None, json: bytes | None = None) -> None:
        self._value, self._json = value, json

    @classmethod
    def left_behind(cls) -> Card:
        return cls()

    def get(self) -> Scorecard:
        """The scorecard; pydantic's ValidationError (a ValueError) if the JSON is not one."""
        if self._value is None:
            from perfeval.models.result import Scorecard

            self._value = Scorecard.model_validate_json(self._carried())
        return self._value

    def json(self) -> bytes:
        """The scorecard as JSON, exactly as it was read or first written."""
        if self._json is None:
            self._json = self.get().model_dump_json().encode()
        return self._json

    def _carried(self) -> bytes:
        if self._json is None:
            raise RuntimeError("a headline-only run left this scorecard behind")
        return self._json

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Card) and self.get() == other.get()

    __hash__ = None  # type: ignore[assignment]  # equal cards need not hash alike


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One submission's result: a scorecard and its headline, or the problems that stopped it."""

    path: str
    card: Card | None
    problems: tuple[Diagnostic, ...]
    cannot_run: bool = False
    rubric_path: Path | None = None  # an input too: never overwritten by --output
    headline: Headline | None = None  # set exactly when `card` is

    @property
    def scorecard(self) -> Scorecard | None:
        return None if self.card is None else self.card.get()

    @property
    def errors(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.ERROR)

    @property
    def warnings(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.WARNING)


def score_file(path: Path, display: str, rubric: str | None = None) -> FileOutcome:
    """Load, check and score one submission; never raises for bad input."""
    from perfeval.engine import ScoringInput, score
    from perfeval.load.sources import load_rubric, load_submission, resolve_rubric, rubric_for_cli

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
            plan=checked.plan,
            rubric_sha256=checked.sha256,
            submission=loaded.submission,
            submission_path=display,
            submission_sha256=document.sha256,
            locate=document.source_map.locate,
            notes=loaded.notes,
        )
    )
    card = with_checks(scorecard, loaded.submission, document.source_map.locate)
    bands = sorted(checked.rubric.grades, key=lambda g: g.min, reverse=True)
    headline = Headline.of(card, tuple(Name.of(g.name) for g in bands))
    return FileOutcome(
        display, Card(card), card.problems, rubric_path=rubric_path, headline=headline
    )


def with_checks(card: Scorecard, submission: Submission, locate: Locate) -> Scorecard:
    """The scorecard with the consistency checks' findings added, in file order."""
    from perfeval.checks import run_checks
    from perfeval.load.limits import first_problems

    found = [*card.problems, *run_checks(submission, card, locate)]
    found.sort(key=lambda d: (d.location.line, d.location.col, d.code))
    problems = first_problems(found, card.submission.path)
    if problems == card.problems:
        return card  # nothing added, the usual case: the card as it is, not a copy
    return card.model_copy(update={"problems": problems})


def score_files(
    paths: Iterable[tuple[Path, str]], rubric: str | None = None
) -> Iterator[FileOutcome]:
    for path, display in paths:
        yield score_file(path, display, rubric)


def _grade_rank(headline: Headline, name: str) -> int | None:
    """Where a grade (zh or en name, any case) stands among the rubric's, 0 = best."""
    wanted = name.casefold()
    for rank, grade in enumerate(headline.grades):
        if wanted in (grade.zh.casefold(), (grade.en or "").casefold()):
            return rank
    return None


def gate_problems(outcome: FileOutcome, gates: Gates) -> list[Diagnostic]:
    """A gate that cannot apply to this file: --fail-on-grade names no grade of its rubric."""
    wanted, headline = gates.fail_on_grade, outcome.headline
    if wanted is None or headline is None or _grade_rank(headline, wanted) is not None:
        return []
    names = "、".join(g.zh for g in headline.grades)
    return [diagnostic("PE022", Location(outcome.path), grade=wanted, grades=names)]


def _below_grade(outcome: FileOutcome, gates: Gates) -> bool:
    headline, wanted = outcome.headline, gates.fail_on_grade
    if headline is None or wanted is None:
        return False
    limit, rank = _grade_rank(headline, wanted), _grade_rank(headline, headline.grade.zh)
    return limit is not None and rank is not None and rank >= limit


def file_exit_code(outcome: FileOutcome, gates: Gates) -> ExitCode:
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


def exit_code(outcomes: Iterable[FileOutcome], gates: Gates) -> ExitCode:
    """The worst verdict over all files: 2 beats 1 beats 0; --exit-zero turns 1 into 0."""
    worst = max((file_exit_code(o, gates) for o in outcomes), default=ExitCode.OK)
    return ExitCode.OK if gates.exit_zero and worst is ExitCode.FAILED else worst
