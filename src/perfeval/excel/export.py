"""`perfeval export FILE… -o out.xlsx`: the scored 自评表 workbook.

One submission: its score sheet, budget sheet and info sheet. Several: a summary sheet
first (one row per department, then where points are lost: `excel.losses_table`), then
each submission's three sheets prefixed with its number. A file that cannot be scored is
reported and left out; the others are written. Nothing here prints or writes: the CLI
shows the problems and writes the bytes atomically.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Diagnostic, ExitCode, Severity
from perfeval.excel.cells import put_number, put_percent
from perfeval.excel.form import Form, header_row, print_ready, title_row
from perfeval.excel.kv_sheets import write_key_value_sheet
from perfeval.excel.layout import BUDGET, INFO, SCORE, SUMMARY, SUMMARY_COLUMNS
from perfeval.excel.losses_table import write_losses
from perfeval.excel.score_sheet import write_score_sheet
from perfeval.i18n import Lang
from perfeval.load.sources import load_rubric, load_submission
from perfeval.narrative.sheet_values import leaf_inputs
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


SUMMARY_WIDTHS = {"number": 6, "department": 36, "project": 28, "year": 7, "rubric": 18}


def shown_path(display: str) -> str:
    """A file as the summary names it: relative to the working directory when it lies
    below it, else its name alone (an absolute local path says nothing to the bureau)."""
    path = Path(display)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.name


def _summary_row(sheet: Worksheet, form: Form, row: int, number: int) -> None:
    card, submission = form.card, form.submission
    if card is None or submission is None:
        return
    at = {key: index for index, key in enumerate(SUMMARY_COLUMNS, start=1)}
    put_number(sheet.cell(row, at["number"]), Decimal(number))
    form.put(sheet, row, at["department"], card.submission.department, "department")
    form.put(sheet, row, at["project"], card.submission.project or "", "project")
    put_number(sheet.cell(row, at["year"]), Decimal(submission.department.year))
    sheet.cell(row, at["year"]).number_format = "0"  # a year: 2023, never 2,023
    form.put(sheet, row, at["rubric"], card.rubric.id, "rubric")
    put_number(sheet.cell(row, at["total"]), card.total, card.total_places)
    form.put(sheet, row, at["grade"], card.grade.get(form.lang), "grade")
    if card.claimed is not None:
        put_number(sheet.cell(row, at["claimed"]), card.claimed)
    if card.budget.execution_rate is not None:
        put_percent(sheet.cell(row, at["execution_rate"]), card.budget.execution_rate)
    form.put(sheet, row, at["sheet"], sheet_name(form, SCORE, number), "sheet")
    form.put(sheet, row, at["file"], shown_path(form.source), "file")


def _summary(book: Workbook, forms: Sequence[Form], lang: Lang) -> None:
    sheet = book.create_sheet(forms[0].word("sheets", SUMMARY))
    title_row(sheet, forms[0].word("sheets", SUMMARY), len(SUMMARY_COLUMNS))
    words = [forms[0].word("summary_columns", key) for key in SUMMARY_COLUMNS]
    widths = [SUMMARY_WIDTHS.get(key, 10) for key in SUMMARY_COLUMNS]
    header_row(sheet, 2, words, widths)
    for number, form in enumerate(forms, start=1):
        _summary_row(sheet, form, number + 2, number)
    print_ready(sheet, len(SUMMARY_COLUMNS), len(forms) + 2, lang)
    cards = (form.card for form in forms if form.card is not None)
    write_losses(sheet, cards, len(forms) + 4, lang, len(SUMMARY_COLUMNS))


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
    card = outcome.scorecard
    if card is None or outcome.rubric_path is None:
        return None
    submission = load_submission(path, outcome.path).submission
    loaded = load_rubric(outcome.rubric_path)
    inputs = leaf_inputs(card, submission, loaded, lang)
    return Form(loaded.rubric, lang, outcome.path, card, submission, inputs=inputs)


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
