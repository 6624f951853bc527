"""JSON Lines: one compact JSON object per submission, in input order, streamed.

Keys are stable English identifiers (this is data, not words); Decimals are strings, as in
the `json` format; the grade and the first error's message are in the chosen language.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from perfeval.i18n import message
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import problem_data
from perfeval.render.summary import Record, record
from perfeval.run.outcome import HeadlineOutcome


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def data(row: Record, options: RenderOptions) -> dict[str, Any]:
    first = None
    if row.first_error is not None:
        body, _ = message(row.first_error.code, options.lang, row.first_error.params)
        first = {"code": row.first_error.code, "location": str(row.first_error.location),
                 "message": body}  # fmt: skip
    largest = None
    if row.largest_points is not None:
        largest = {"indicator": row.largest_name, "points": _number(row.largest_points)}
    return {
        "path": row.path,
        "status": row.status,
        "department": row.department or None,
        "year": int(row.year) if row.year else None,
        "rubric": row.rubric or None,
        "total": _number(row.total),
        "grade": row.grade or None,
        "claimed": _number(row.claimed),
        "errors": row.errors,
        "warnings": row.warnings,
        "largest_deduction": largest,
        "first_error": first,
        "gates": [problem_data(f, options.lang) for f in row.gate_findings],
    }


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    for outcome in outcomes:
        line = json.dumps(data(record(outcome, options), options), ensure_ascii=False)
        write(line + "\n")


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
