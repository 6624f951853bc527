"""Scoring one file: load → engine → checks → its outcome. Nothing here prints or exits.

One bad file never stops the others: its problems stay with its outcome.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval.errors import ExitCode, PerfevalError
from perfeval.run.headline import Headline, Name
from perfeval.run.outcome import Card, FileOutcome

if TYPE_CHECKING:  # the engine, loader and models are imported when a file is scored, so a
    # run answered from the result cache never loads them (perfeval.run.cache)
    from perfeval.errors import Locate
    from perfeval.models.result import Scorecard
    from perfeval.models.submission import Submission


@dataclass(frozen=True, slots=True)
class Read:
    """A submission's bytes as read once (`read_input`: a regular file within the size cap)
    and their sha256 (hex): what is scored, and what its cache entry is keyed by."""

    raw: bytes
    sha256: str

    @classmethod
    def of(cls, raw: bytes) -> Read:
        return cls(raw, hashlib.sha256(raw).hexdigest())


def read_once(path: Path, display: str) -> Read | FileOutcome:
    """The file's bytes, or its outcome when it cannot be read (PE012, PE016, PE004)."""
    from perfeval.load.files import read_input

    try:
        return Read.of(read_input(path, display))
    except PerfevalError as exc:
        return failed(display, exc)


def failed(display: str, exc: PerfevalError, rubric_path: Path | None = None) -> FileOutcome:
    """The outcome of a file that could not be loaded (exit 2 for what stops perfeval)."""
    cannot_run = exc.exit_code is ExitCode.CANNOT_RUN
    return FileOutcome(display, tuple(exc.diagnostics), cannot_run, rubric_path)


def score_file(
    path: Path, display: str, rubric: str | None = None, read: Read | None = None
) -> FileOutcome:
    """Load, check and score one submission — `read`, its bytes as already read, else the
    file is read here; never raises for bad input."""
    from perfeval.engine import ScoringInput, score
    from perfeval.load.sources import load_rubric, load_submission, resolve_rubric, rubric_for_cli

    rubric_path: Path | None = None
    try:
        if read is None:
            loaded = load_submission(path, display)
        else:
            loaded = load_submission(path, display, raw=read.raw, sha256=read.sha256)
        if rubric is not None:
            rubric_path, rubric_display = rubric_for_cli(rubric)
        else:
            rubric_path = resolve_rubric(loaded.submission.rubric, loaded.document)
            rubric_display = loaded.submission.rubric
        checked = load_rubric(rubric_path, rubric_display)
    except PerfevalError as exc:
        return failed(display, exc, rubric_path)
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
        display, card.problems, rubric_path=rubric_path, headline=headline, card=Card(card)
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
