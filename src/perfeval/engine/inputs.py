"""What the engine is given: a validated rubric and submission, and a way to locate paths."""

from __future__ import annotations

from dataclasses import dataclass

from perfeval.errors import Diagnostic, Locate
from perfeval.metrics import Formula
from perfeval.models.rubric import Rubric
from perfeval.models.submission import Submission


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
    notes: tuple[Diagnostic, ...] = ()  # the loader's warnings about how values were read
