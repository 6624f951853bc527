"""Helpers for the Excel tests: export an example, import a workbook, compare scorecards."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Diagnostic
from perfeval.excel.export import export_workbook
from perfeval.excel.import_form import ImportResult, import_form
from perfeval.i18n import Lang
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def exported(example: Path, lang: Lang = "zh") -> Workbook:
    """The scored workbook of one example, in `lang` (sheet names and headers included)."""
    result = export_workbook([str(example)], None, lang)
    assert result.content is not None, result.problems
    return openpyxl.load_workbook(io.BytesIO(result.content))


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def imported(book: Workbook, tmp_path: Path, rubric: str | None = None) -> ImportResult:
    path = save(book, tmp_path / "form.xlsx")
    return import_form(path, str(path), rubric, "zh")


def codes(problems: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[tuple[str, str]]:
    return [(p.code, str(p.location)) for p in problems]


def comparable(path: Path) -> dict[str, Any]:
    """The scorecard JSON without what names the file: its path and hash, and problem
    positions (the same problems at other lines of another file)."""
    card = score_file(path, "submission").scorecard
    assert card is not None
    data = card.model_dump(mode="json")
    data["submission"].pop("sha256")
    data["problems"] = [
        (p["code"], p["severity"], sorted(p["params"].items())) for p in data["problems"]
    ]
    return data


def row_of(sheet: Worksheet, code: str, column: int) -> int:
    """The row whose `column` holds `code`."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == code:
            return row
    raise AssertionError(f"{code} not found in {sheet.title}")
