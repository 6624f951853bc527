"""What a workbook is built from, and the words and styles every sheet shares."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Diagnostic, Location, diagnostic
from perfeval.excel.cells import TEXT_LIMIT, put_text
from perfeval.i18n import Lang, catalogue, text
from perfeval.models.result import Scorecard
from perfeval.models.rubric import Rubric
from perfeval.models.submission import Submission

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells the department fills in
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(slots=True)
class Form:
    """One submission's sheets: the rubric, and for an export its scorecard and entries."""

    rubric: Rubric
    lang: Lang
    source: str  # the submission's display path (or the rubric's, for an empty form)
    card: Scorecard | None = None
    submission: Submission | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    def say(self, key: str, **values: object) -> str:
        return text("excel", key, self.lang, values)

    def word(self, section: str, key: str) -> str:
        return word(section, key, self.lang)

    def put(self, sheet: Worksheet, row: int, column: int, value: str, where: str) -> None:
        """Text into a cell; text longer than a cell holds is a problem, not truncated."""
        if len(value) > TEXT_LIMIT:
            self.problems.append(
                diagnostic("PE916", Location(self.source), path=where, limit=TEXT_LIMIT)
            )
            return
        put_text(sheet.cell(row, column), value)


def word(section: str, key: str, lang: Lang) -> str:
    """A word of the locale's ``[excel.<section>]`` table (sheet names, column headers…)."""
    entry = catalogue(lang)["excel"][section][key]
    return str(entry)


def header_row(sheet: Worksheet, row: int, words: list[str], widths: list[int]) -> None:
    """Bold headers on a filled row, column widths set, panes frozen below."""
    for column, (word, width) in enumerate(zip(words, widths, strict=True), start=1):
        cell = sheet.cell(row, column)
        put_text(cell, word)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{row + 1}"


def title_row(sheet: Worksheet, title: str, columns: int) -> None:
    put_text(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
