"""The summary sheet's points-lost table (失分分析): below the rows of the departments, one
table per rubric — an indicator a row, most points lost first: its weight, the departments
scored on it, how many lost points there, the points lost in all and the average. The
figures are `perfeval.run.losses`' (the same as the batch page's); this only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.excel.cells import put_number, put_text
from perfeval.excel.form import BOX, CENTER, HEADER_FILL, HEADER_FONT, word
from perfeval.i18n import Lang, fill
from perfeval.models.result import Scorecard
from perfeval.run.losses import IndicatorLoss, LossTally, RubricLosses

COLUMNS = ("rank", "indicator", "weight", "scored", "losing", "lost", "average")


def _boxed_row(sheet: Worksheet, row: int) -> None:
    for column in range(1, len(COLUMNS) + 1):
        sheet.cell(row, column).border = BOX


def _header(sheet: Worksheet, row: int, lang: Lang) -> None:
    for column, key in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row, column)
        put_text(cell, word("losses", key, lang))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER
    _boxed_row(sheet, row)


def _item(sheet: Worksheet, row: int, rank: int, item: IndicatorLoss, lang: Lang) -> None:
    put_number(sheet.cell(row, 1), Decimal(rank))
    put_text(sheet.cell(row, 2), item.name.get(lang))
    put_number(sheet.cell(row, 3), item.weight)
    put_number(sheet.cell(row, 4), Decimal(item.scored))
    put_number(sheet.cell(row, 5), Decimal(item.losing))
    put_number(sheet.cell(row, 6), item.lost, item.places)
    if item.average is not None:
        put_number(sheet.cell(row, 7), item.average, item.places)
    _boxed_row(sheet, row)


def _table(sheet: Worksheet, row: int, table: RubricLosses, lang: Lang) -> int:
    values = {"rubric": table.rubric, "files": table.files, "sha256": table.sha256[:12]}
    put_text(sheet.cell(row, 2), fill(word("losses", "rubric", lang), values))
    sheet.cell(row, 2).font = HEADER_FONT
    _header(sheet, row + 1, lang)
    row += 2
    for rank, item in enumerate(table.worst_first(), start=1):
        _item(sheet, row, rank, item, lang)
        row += 1
    return row


def write_losses(
    sheet: Worksheet, cards: Iterable[Scorecard], row: int, lang: Lang, columns: int
) -> int:
    """The title and a table per rubric from `row` on; the last row written. The sheet's
    print area (its first `columns` columns) is extended to it."""
    tally = LossTally()
    for card in cards:
        tally.add(card)
    put_text(sheet.cell(row, 1), word("losses", "title", lang))
    sheet.cell(row, 1).font = HEADER_FONT
    put_text(sheet.cell(row + 1, 1), word("losses", "note", lang))
    row += 2
    for table in tally.tables():
        row = _table(sheet, row, table, lang) + 1
    last = row - 2
    sheet.print_area = f"A1:{get_column_letter(columns)}{last}"
    return last
