"""The 自评表 (附表) as a Word table: nine columns sized to their content, the header row
repeated on every page, rows never split across pages, the 一级/二级 cells merged down
over their indicators and targets, numbers centred.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row

from perfeval.narrative.charts import text_width
from perfeval.narrative.docx_parts import xml_text
from perfeval.narrative.model import Report, SheetRow

TABLE_FONT = 10.5  # 五号
NUMERIC = (3, 7)  # 分值, 得分: centred
MIN_MM = (14, 16, 16, 12, 24, 16, 16, 14, 30)
MAX_MM = (24, 30, 34, 12, 60, 30, 30, 14, 90)


def _flag(row: _Row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def column_widths(report: Report, room_mm: float) -> list[float]:
    """Each column's width in mm: its longest line (in characters of 10.5 pt, ~3.7 mm a
    CJK character) between the column's bounds, then all scaled to fill `room_mm`."""
    per_char = 3.7
    wanted = []
    for index, header in enumerate(report.sheet_columns):
        cells = [header, *(row.cells[index] for row in report.sheet_rows)]
        longest = max(float(text_width(c, 1)) for c in cells) * per_char + 3
        wanted.append(min(max(longest, MIN_MM[index]), MAX_MM[index]))
    fixed = sum(wanted[i] for i in NUMERIC)  # numbers keep their width, text shares the rest
    scale = (room_mm - fixed) / (sum(wanted) - fixed)
    return [w if i in NUMERIC else w * scale for i, w in enumerate(wanted)]


def _fixed_layout(table: Table, widths: list[float]) -> None:
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _put(cell: _Cell, value: str, centred: bool, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(xml_text(value))
    run.font.size = Pt(TABLE_FONT)
    run.bold = bold
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _covered(row: SheetRow, column: int) -> bool:
    """Whether the cell is inside a merge whose text sits in another cell."""
    if row.kind == "total":
        return column in (1, 2)
    return column < 2 and row.spans[column] == 0


def _merge(table: Table, rows: tuple[SheetRow, ...]) -> None:
    """Merge each 一级/二级 cell down over the rows it spans, and 合计 across the tree."""
    for index, row in enumerate(rows, start=1):
        if row.kind == "total":
            table.cell(index, 0).merge(table.cell(index, 2))
            continue
        for column in (0, 1):
            if row.spans[column] > 1:
                table.cell(index, column).merge(table.cell(index + row.spans[column] - 1, column))


def sheet_table(document: DocumentObject, report: Report, room_mm: float) -> Table:
    rows = report.sheet_rows
    table: Table = document.add_table(rows=1 + len(rows), cols=len(report.sheet_columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table, column_widths(report, room_mm))
    _merge(table, rows)  # before any text goes in: merged cells keep no empty paragraphs
    for column, header in enumerate(report.sheet_columns):
        _put(table.cell(0, column), header, centred=True, bold=True)
    _flag(table.rows[0], "w:tblHeader")
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row.cells):
            if not _covered(row, column):
                total = row.kind == "total"
                _put(table.cell(index, column), value, total or column in NUMERIC, total)
    for row in table.rows:
        _flag(row, "w:cantSplit")
    return table
