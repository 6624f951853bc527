"""JSON Lines: one compact JSON object per submission, in input order, streamed.

Each line is the per-file shape of the `json` format (`perfeval.models.output.FileResult`)
without the scorecard: path, verdict, headline, problems and the gates the file failed.
Keys are stable English identifiers (this is data, not words); Decimals are strings; the
grade and the messages are in the chosen language. No model is built, so a run answered
from the result cache stays quick.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from perfeval.i18n import Lang
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import problem_data
from perfeval.render.neutral import json_text
from perfeval.run.headline import Headline
from perfeval.run.outcome import HeadlineOutcome
from perfeval.run.verdict import VERDICTS, file_exit_code


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def headline_data(headline: Headline | None, lang: Lang) -> dict[str, Any] | None:
    """A scored file's headline as `ShownHeadline`."""
    if headline is None:
        return None
    largest = None
    if headline.largest is not None:
        largest = {"indicator": headline.largest.get(lang),
                   "points": _number(headline.largest_points)}  # fmt: skip
    return {
        "department": headline.department,
        "year": int(headline.year) if headline.year else None,
        "rubric": headline.rubric,
        "rubric_sha256": headline.rubric_sha256,
        "total": str(headline.total),
        "grade": headline.grade.get(lang),
        "claimed": _number(headline.claimed),
        "largest_deduction": largest,
    }


def file_record(outcome: HeadlineOutcome, lang: Lang) -> dict[str, Any]:
    """One file as `FileResult`, without its scorecard."""
    return {
        "path": outcome.path,
        "verdict": VERDICTS[file_exit_code(outcome)],
        "headline": headline_data(outcome.headline, lang),
        "problems": [problem_data(p, lang) for p in outcome.problems],
        "gates": [problem_data(p, lang) for p in outcome.gate_findings],
    }


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    for outcome in outcomes:
        write(json_text(file_record(outcome, options.lang)) + "\n")


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
