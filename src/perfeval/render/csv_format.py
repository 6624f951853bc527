"""CSV: one record per submission, in input order, streamed as each file is scored.

Headers are in the chosen language (bureaus open this in spreadsheets). A cell that starts
with `= + - @`, a tab or a carriage return is neutralised with a leading single quote, so a
spreadsheet never reads a department's text as a formula (DESIGN §8).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import words
from perfeval.render.summary import Record, record
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome

COLUMNS = ("path", "department", "year", "rubric", "rubric_sha256", "total", "grade", "claimed",
           "status", "errors", "warnings", "largest", "largest_points", "gates")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _points(value: Decimal | None) -> str:
    return "" if value is None else format_points(value)


def _gates(row: Record, lang: Lang) -> str:
    """Each gate the file failed, `[PE501] 总分 84.7 低于 --fail-under 85`; `；` between."""
    return "；".join(f"[{f.code}] {words(f, lang)[0]}" for f in row.gate_findings)


def cells(row: Record, options: RenderOptions) -> list[str]:
    status = text("batch", f"status_{row.status}", options.lang)
    values = [row.path, row.department, row.year, row.rubric, row.rubric_sha256,
              _points(row.total), row.grade,
              _points(row.claimed), status, str(row.errors), str(row.warnings),
              row.largest_name, _points(row.largest_points), _gates(row, options.lang)]  # fmt: skip
    return [neutralise(v) for v in values]


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> None:
        write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    header = [text("gates", "csv_column", options.lang) if c == "gates" else
              text("batch", f"csv_{c}", options.lang) for c in COLUMNS]  # fmt: skip
    writer.writerow([neutralise(word) for word in header])
    flush()
    for outcome in outcomes:
        writer.writerow(cells(record(outcome, options), options))
        flush()


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
