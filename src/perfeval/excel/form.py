"""What a workbook is built from, and the words and styles every sheet shares."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from perfeval.errors import Diagnostic, Location, diagnostic
from perfeval.excel.cells import TEXT_LIMIT, put_text
from perfeval.i18n import Lang, catalogue, text
from perfeval.models.result import Scorecard
from perfeval.models.rubric import Rubric
from perfeval.models.submission import Submission
from perfeval.narrative.sheet_values import LeafInput

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
    inputs: dict[str, LeafInput] = field(default_factory=dict)  # 指标值/完成值 of each leaf

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


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_POINTS = 15.0  # one wrapped line of 11 pt text
FILL_SHARE = 0.85  # of a column's nominal characters a wrapped line really holds


def _spans(sheet: Worksheet) -> dict[str, int]:
    """The top-left cell of each merged range → the rows it spans."""
    return {r.start_cell.coordinate: r.max_row - r.min_row + 1 for r in sheet.merged_cells.ranges}


def _lines(value: object, width: float) -> int:
    room = max((width - 1) * FILL_SHARE, 1)
    return sum(max(1, math.ceil(cell_len(line) / room)) for line in str(value).split("\n"))


def fit_rows(sheet: Worksheet, columns: int, first: int, last: int) -> None:
    """Row heights for wrapped text (Excel does not grow a row under merged or wrapped
    cells by itself when it opens a file): the most lines any cell of the row needs."""
    spans = _spans(sheet)
    widths = [
        sheet.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, columns + 1)
    ]
    for row in range(first, last + 1):
        lines = 1.0
        for column in range(1, columns + 1):
            cell = sheet.cell(row, column)
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            needed = _lines(cell.value, widths[column - 1]) / spans.get(cell.coordinate, 1)
            lines = max(lines, needed)
        if lines > 1:
            sheet.row_dimensions[row].height = round(math.ceil(lines) * LINE_POINTS + 2, 1)


def print_ready(sheet: Worksheet, columns: int, last: int, lang: Lang, header: int = 2) -> None:
    """A4 landscape, one page wide, the title and header repeated on every page, the
    first `columns` columns the printed area, every cell of the table ruled, rows sized."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{header}"
    end = get_column_letter(columns)
    sheet.print_area = f"A1:{end}{last}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.print_options.horizontalCentered = True
    footer = sheet.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = text("excel", "page_footer", lang)
    for row in sheet.iter_rows(min_row=header, max_row=last, max_col=columns):
        for cell in row:
            cell.border = BOX
    fit_rows(sheet, columns, header + 1, last)
