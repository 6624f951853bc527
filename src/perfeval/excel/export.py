"""`perfeval export FILE… -o out.xlsx`: the scored 自评表 workbook.

One submission: its score sheet, budget sheet and info sheet. Several: a summary sheet
first (one row per department), then each submission's three sheets prefixed with its
number. A file that cannot be scored is reported and left out; the others are written.
Nothing here prints or writes: the CLI shows the problems and writes the bytes atomically.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from perfeval.errors import Diagnostic, ExitCode, Severity
from perfeval.excel.cells import put_number, put_percent
from perfeval.excel.form import Form, header_row, title_row
from perfeval.excel.kv_sheets import write_key_value_sheet
from perfeval.excel.layout import BUDGET, INFO, SCORE, SUMMARY, SUMMARY_COLUMNS
from perfeval.excel.score_sheet import write_score_sheet
from perfeval.i18n import Lang
from perfeval.load.sources import load_rubric, load_submission
from perfeval.run.discover import discover
from perfeval.run.outcome import FileOutcome
from perfeval.run.parallel import score_all
from perfeval.run.verdict import Gates, exit_code

SHEET_NAME_LIMIT = 31  # Excel's limit for a sheet name


@dataclass(frozen=True, slots=True)
class WorkbookResult:
    """The workbook's bytes (None when nothing can be written), problems, the exit code."""

    content: bytes | None
    problems: tuple[Diagnostic, ...]
    exit_code: ExitCode
    inputs: tuple[Path, ...] = ()


def sheet_name(form: Form, key: str, number: int | None) -> str:
    name = form.word("sheets", key)
    return (name if number is None else f"{number} {name}")[:SHEET_NAME_LIMIT]


def add_sheets(book: Workbook, form: Form, number: int | None = None) -> None:
    """One submission's three sheets (score, budget, info), appended to `book`."""
    write_score_sheet(book.create_sheet(sheet_name(form, SCORE, number)), form)
    write_key_value_sheet(book.create_sheet(sheet_name(form, BUDGET, number)), form, BUDGET)
    write_key_value_sheet(book.create_sheet(sheet_name(form, INFO, number)), form, INFO)


def _summary(book: Workbook, forms: Sequence[Form], lang: Lang) -> None:
    sheet = book.create_sheet(forms[0].word("sheets", SUMMARY))
    title_row(sheet, forms[0].word("sheets", SUMMARY), len(SUMMARY_COLUMNS))
    words = [forms[0].word("summary_columns", key) for key in SUMMARY_COLUMNS]
    header_row(sheet, 2, words, [6, 36, 7, 18, 8, 8, 10, 12, 14, 40])
    for number, form in enumerate(forms, start=1):
        row, card = number + 2, form.card
        if card is None or form.submission is None:
            continue
        put_number(sheet.cell(row, 1), Decimal(number))
        form.put(sheet, row, 2, card.submission.department, "department")
        put_number(sheet.cell(row, 3), Decimal(form.submission.department.year))
        form.put(sheet, row, 4, card.rubric.id, "rubric")
        put_number(sheet.cell(row, 5), card.total, card.total_places)
        form.put(sheet, row, 6, card.grade.get(lang), "grade")
        if card.claimed is not None:
            put_number(sheet.cell(row, 7), card.claimed)
        if card.budget.execution_rate is not None:
            put_percent(sheet.cell(row, 8), card.budget.execution_rate)
        form.put(sheet, row, 9, sheet_name(form, SCORE, number), "sheet")
        form.put(sheet, row, 10, form.source, "file")


def build_workbook(forms: Sequence[Form]) -> bytes:
    """The workbook for one or several forms, as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    if len(forms) == 1:
        add_sheets(book, forms[0])
    else:
        _summary(book, forms, forms[0].lang)
        for number, form in enumerate(forms, start=1):
            add_sheets(book, form, number)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _form(outcome: FileOutcome, path: Path, lang: Lang) -> Form | None:
    if outcome.scorecard is None or outcome.rubric_path is None:
        return None
    submission = load_submission(path, outcome.path).submission
    rubric = load_rubric(outcome.rubric_path).rubric
    return Form(rubric, lang, outcome.path, outcome.scorecard, submission)


def export_workbook(files: Iterable[str], rubric: str | None, lang: Lang) -> WorkbookResult:
    """Score every file and lay the scored ones out in one workbook."""
    outcomes: list[FileOutcome] = []
    forms: list[Form] = []
    found = discover(files)
    for item, outcome in zip(found, score_all(found, rubric, 1, None, FileOutcome), strict=True):
        outcomes.append(outcome)
        form = _form(outcome, item.path, lang)
        if form is not None:
            forms.append(form)
    code = exit_code(outcomes, Gates())
    inputs = tuple(item.path for item in found) + tuple(
        o.rubric_path for o in outcomes if o.rubric_path is not None
    )
    problems = [p for o in outcomes for p in o.problems]
    if not forms:
        return WorkbookResult(None, tuple(problems), max(code, ExitCode.FAILED), inputs)
    content = build_workbook(forms)
    unwritable = [p for f in forms for p in f.problems]
    if any(p.severity is Severity.ERROR for p in unwritable):
        return WorkbookResult(None, (*problems, *unwritable), ExitCode.FAILED, inputs)
    return WorkbookResult(content, tuple(problems), code, inputs)
