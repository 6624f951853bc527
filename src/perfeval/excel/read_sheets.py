"""Reading the header row of any sheet, and the info and budget sheets (one figure a row).

Columns are found by their header, in either language and in any order. A header that is
not part of the layout is a warning (PE906) and its column is ignored; a missing required
header is an error (PE905).
"""

from __future__ import annotations

import difflib
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Location, diagnostic, warning
from perfeval.excel.layout import (
    BUDGET_FIELDS,
    HEADER_SEARCH_ROWS,
    INFO,
    INFO_FIELDS,
    KEY_VALUE_COLUMNS,
    field_for,
    is_result_code,
)
from perfeval.excel.reader import Reader, header_words

Cells = dict[tuple[str | int, ...], Location]


def find_header(
    reader: Reader, sheet: Worksheet, section: str, keys: tuple[str, ...], anchor: str
) -> tuple[int, dict[str, int]] | None:
    """The header row and each known column's index; unknown headers warned about."""
    known = header_words(section, keys)
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        cells = [c for c in sheet[row] if isinstance(c.value, str) and c.value.strip()]
        found = {c.column: known.get(str(c.value).strip().casefold()) for c in cells}
        if anchor not in found.values():
            continue
        columns: dict[str, int] = {}
        for cell in cells:
            key = found[cell.column]
            if key is None:
                where = reader.where(sheet, cell)
                reader.problems.append(warning("PE906", where, header=str(cell.value)[:60]))
            elif key in columns:
                first = reader.where(sheet, sheet.cell(row, columns[key])).file
                reader.fail(sheet, cell, "PE912", code=str(cell.value)[:60], first=first)
            else:
                columns[key] = cell.column
        return row, columns
    column = header_words(section, keys)
    anchor_word = next(w for w, k in column.items() if k == anchor)
    reader.problems.append(
        diagnostic("PE905", reader.where(sheet), column=anchor_word, rows=HEADER_SEARCH_ROWS)
    )
    return None


def _codes(sheet_key: str) -> list[str]:
    fields = INFO_FIELDS if sheet_key == INFO else BUDGET_FIELDS
    return [f.code for f in fields]


def _value(reader: Reader, sheet: Worksheet, cell: Any, kind: str) -> object:
    if kind == "integer":
        return reader.integer(sheet, cell)
    if kind == "number":
        return reader.number(sheet, cell)
    if kind == "figure":
        return reader.figure(sheet, cell)
    return reader.text(sheet, cell)  # text, or one item of a text list


def read_key_values(
    reader: Reader, sheet: Worksheet, sheet_key: str
) -> tuple[dict[str, Any], Cells]:
    """The nested submission data the sheet's rows state, and where each value came from."""
    data: dict[str, Any] = {}
    cells: Cells = {}
    header = find_header(reader, sheet, "kv_columns", KEY_VALUE_COLUMNS[sheet_key], "code")
    if header is None:
        return data, cells
    row, columns = header
    if "value" not in columns:
        column = header_words("kv_columns", ("value",))
        shown = next(iter(column))
        reader.problems.append(diagnostic("PE905", reader.where(sheet), column=shown, rows=row))
        return data, cells
    for at in range(row + 1, sheet.max_row + 1):
        code_cell = sheet.cell(at, columns["code"])
        code = reader.text(sheet, code_cell)
        if code is None or is_result_code(code.strip()):
            continue
        code = code.strip()
        found = field_for(sheet_key, code)
        if found is None:
            unknown(
                reader,
                sheet,
                code_cell,
                code,
                difflib.get_close_matches(code, _codes(sheet_key), n=1),
            )
            continue
        cell = sheet.cell(at, columns["value"])
        value = _value(reader, sheet, cell, found.kind)
        parts = tuple(code.split("."))
        for depth in range(1, len(parts) + 1):  # where a missing value is reported
            cells.setdefault(parts[:depth], reader.where(sheet, cell))
        if value is not None:
            _place(reader, sheet, data, cells, code, value, found.kind == "text_list", cell)
    return data, cells


def _place(
    reader: Reader,
    sheet: Worksheet,
    data: dict[str, Any],
    cells: Cells,
    code: str,
    value: object,
    is_list: bool,
    cell: Any,
) -> None:
    parts = code.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            reader.fail(sheet, cell, "PE912", code=code, first=".".join(parts))
            return
        node = child
    last = parts[-1]
    where = reader.where(sheet, cell)
    if is_list:
        items = node.setdefault(last, [])
        cells[(*parts, len(items))] = where
        items.append(value)
        return
    if last in node:
        first = cells[tuple(parts)].file
        reader.fail(sheet, cell, "PE912", code=code, first=first)
        return
    node[last] = value
    cells[tuple(parts)] = where


def unknown(reader: Reader, sheet: Worksheet, cell: Any, code: str, close: list[str]) -> None:
    """An unknown code: PE911 with the one close code, PE927 when none is (never a dash)."""
    if close:
        reader.fail(sheet, cell, "PE911", code=code[:60], suggestion=close[0])
    else:
        reader.fail(sheet, cell, "PE927", code=code[:60])
