"""What the engine is given: a validated rubric and submission, and a way to locate paths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from perfeval.errors import Diagnostic, Locate
from perfeval.models.submission import Submission

if TYPE_CHECKING:  # the plan reads the engine's rounding, which reads this module
    from perfeval.engine.plan import RubricPlan


@dataclass(frozen=True, slots=True)
class ScoringInput:
    """Everything the engine needs, already loaded and validated."""

    plan: RubricPlan  # the rubric, its metrics and what scoring needs of them
    rubric_sha256: str
    submission: Submission
    submission_path: str
    submission_sha256: str
    locate: Locate
    notes: tuple[Diagnostic, ...] = ()  # the loader's warnings about how values were read
