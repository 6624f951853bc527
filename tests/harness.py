"""Building tiny rubrics and submissions in memory and scoring them through the real engine.

Rule cases (tests/cases/rules/*.yaml) and the Hypothesis properties share these helpers.
Rubrics and submissions go through the same validation the loader uses (`validate`, then
`check_rubric`), so a broken case is reported with its diagnostic code, as a user would see it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfeval.engine import ScoringInput, plan_of, score
from perfeval.errors import Diagnostic, Location, RubricError
from perfeval.load.document import Document, SourceMap, validate
from perfeval.load.rubric_check import check_rubric
from perfeval.load.validation import figure_notes
from perfeval.metrics import Formula
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.rubric import Rubric
from perfeval.models.submission import Submission

LEAF_ID = "leaf"
RUBRIC_FILE = "case-rubric.yaml"
SUBMISSION_FILE = "case-submission.yaml"


def locate_nowhere(_path: Sequence[str | int], /, file: str = SUBMISSION_FILE) -> Location:
    """A trivial locate function: every problem is at the top of the (virtual) file."""
    return Location(file, 1, 1)


def in_memory(data: Any, name: str) -> Document:
    return Document(Path(name), name, data, SourceMap(name, {}), "0" * 64)


def leaf_data(rule: Mapping[str, Any], weight: Decimal, **extra: Any) -> dict[str, Any]:
    """One rubric leaf; `extra` may give `input`, `reason`, `not_applicable`."""
    leaf = {
        "id": extra.pop("id", LEAF_ID),
        "name": extra.pop("name", {"zh": "测试指标", "en": "Test indicator"}),
        "weight": weight,
        "rule": dict(rule),
        "criteria": "测试用评分标准",
    }
    leaf.update({key: value for key, value in extra.items() if value is not None})
    return leaf


def rubric_data(
    indicators: list[dict[str, Any]],
    *,
    metrics: Mapping[str, str] | None = None,
    rounding: Mapping[str, int] | None = None,
    not_applicable: str = "rescale",
) -> dict[str, Any]:
    """A rubric whose total is the sum of its top-level weights."""
    return {
        "id": "case",
        "title": {"zh": "测试评分体系", "en": "Test rubric"},
        "level": "department",
        "source": "tests",
        "total": sum((node["weight"] for node in indicators), Decimal(0)),
        "rounding": dict(rounding or {}),
        "not_applicable": not_applicable,
        "metrics": dict(metrics or {}),
        "indicators": indicators,
    }


def build_rubric(data: Mapping[str, Any]) -> tuple[Rubric, dict[str, Formula]]:
    """Validate and check a rubric like `sources.load_rubric` does; RubricError if broken."""
    document = in_memory(dict(data), RUBRIC_FILE)
    rubric = validate(Rubric, document, error=RubricError)
    formulas, problems = check_rubric(rubric, document.source_map.locate)
    if problems:
        raise RubricError(problems)
    return rubric, formulas


def submission_data(
    entries: Mapping[str, Any],
    *,
    budget: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
    claimed: Decimal | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "rubric": "case",
        "department": {"name": "测试部门", "year": 2023},
        "budget": dict(budget or {}),
        "data": dict(data or {}),
        "indicators": dict(entries),
    }
    if claimed is not None:
        found["claimed_score"] = claimed
    return found


def read_submission(data: Mapping[str, Any]) -> tuple[Submission, tuple[Diagnostic, ...]]:
    """Validate a submission like `sources.load_submission` does, with the warnings about
    how its values were read (PE110); InputError if invalid."""
    notes: list[Diagnostic] = []
    document = in_memory(dict(data), SUBMISSION_FILE)
    submission = validate(Submission, document, notes=notes)
    notes += figure_notes(submission.data, document.source_map)
    return submission, tuple(notes)


def build_submission(data: Mapping[str, Any]) -> Submission:
    """Validate a submission like `sources.load_submission` does; InputError if invalid."""
    return read_submission(data)[0]


def score_card(
    rubric: Rubric,
    formulas: dict[str, Formula],
    submission: Submission,
    notes: tuple[Diagnostic, ...] = (),
) -> Scorecard:
    return score(
        ScoringInput(
            plan=plan_of(rubric, formulas),
            rubric_sha256="0" * 64,
            submission=submission,
            submission_path=SUBMISSION_FILE,
            submission_sha256="0" * 64,
            locate=locate_nowhere,
            notes=notes,
        )
    )


def score_data(rubric: Mapping[str, Any], submission: Mapping[str, Any]) -> Scorecard:
    """Score plain rubric and submission data (raises RubricError / InputError if invalid)."""
    built, formulas = build_rubric(rubric)
    return score_card(built, formulas, *read_submission(submission))


def leaf_result(card: Scorecard, leaf_id: str = LEAF_ID) -> NodeResult:
    return next(leaf for leaf in card.leaves() if leaf.id == leaf_id)


def single_leaf_score(
    rule: Mapping[str, Any],
    weight: Decimal,
    entry: Mapping[str, Any] | None = None,
    **submission: Any,
) -> NodeResult:
    """Score one leaf holding `rule`, with `entry` as its submission entry."""
    rubric = rubric_data([leaf_data(rule, weight)])
    entries = {} if entry is None else {LEAF_ID: dict(entry)}
    return leaf_result(score_data(rubric, submission_data(entries, **submission)))
