"""What `perfeval score|validate -f json` prints, and each line of `-f jsonl`: the models exist
for the result's JSON Schema (`perfeval schema result`), which tests/test_schema_output.py
holds to the output of every example.

One shape for any number of files: `{"schema_version", "perfeval_version", "files": [...]}`,
one `FileResult` per submission in input order. A jsonl line is one `FileResult` without its
`scorecard` (the batch formats show headlines, never the tree). Decimals are strings, so
nothing is lost; words (the grade, messages, each finding's sentence) are in the language
the run chose; parameters and codes are language-neutral.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from perfeval.models.common import Text
from perfeval.models.result import (
    BudgetSummary,
    Finding,
    Frozen,
    NodeResult,
    RubricRef,
    SubmissionRef,
)

OUTPUT_SCHEMA_VERSION: Literal["2"] = "2"
Verdict = Literal["passed", "failed", "cannot_run"]


class Problem(Frozen):
    """A problem with a file, or a gate it failed: where, what, in words and as parameters."""

    code: str
    severity: Literal["error", "warning"]
    file: str
    line: int = Field(description="1-based; 0 when the problem is about the whole file")
    col: int
    message: str
    hint: str
    params: dict[str, str]


class ShownFinding(Finding):
    """What a rule found, with its sentence."""

    text: str = Field(description="the finding as a sentence, in the chosen language")


class ShownNode(NodeResult):
    """One indicator of the tree, scored; its findings with their sentences (the reason
    template they were worded from is left out)."""

    reason_template: Text | None = Field(default=None, exclude=True)
    findings: tuple[ShownFinding, ...] = ()
    children: tuple[ShownNode, ...] = ()


class ShownScorecard(Frozen):
    """The scorecard (`perfeval.models.result.Scorecard`); its problems are the file's."""

    rubric: RubricRef
    submission: SubmissionRef
    total: Decimal
    total_weight: Decimal
    grade: str = Field(description="the grade's name in the chosen language")
    claimed: Decimal | None
    completeness: Decimal
    leaf_places: int
    total_places: int
    budget: BudgetSummary
    indicators: tuple[ShownNode, ...]


class LargestDeduction(Frozen):
    indicator: str
    points: Decimal


class ShownHeadline(Frozen):
    """A scored file in the few values a batch view shows."""

    department: str
    year: int | None
    rubric: str
    rubric_sha256: str = Field(description="SHA-256 of the rubric file scored against")
    total: Decimal = Field(description="the total as printed, the number the gates compare")
    grade: str
    claimed: Decimal | None
    largest_deduction: LargestDeduction | None


class FileResult(Frozen):
    """One submission: its verdict under the run's gates, its headline and (in `json`) its
    scorecard when it was scored, its problems, and the gates it failed."""

    path: str
    verdict: Verdict
    headline: ShownHeadline | None
    scorecard: ShownScorecard | None = Field(default=None, description="absent from jsonl")
    problems: tuple[Problem, ...]
    gates: tuple[Problem, ...] = Field(
        description="each gate the file failed (PE501–PE503, or PE022), at the file"
    )


class ResultDocument(Frozen):
    """The whole output of `-f json`, for one file or many."""

    schema_version: Literal["2"]
    perfeval_version: str
    files: tuple[FileResult, ...]
