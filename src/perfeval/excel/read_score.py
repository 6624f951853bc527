"""Reading the score sheet: each leaf row's entry, and the target rows under `targets` leaves.

Rows are anchored by the 指标代码 column: a leaf id starts a leaf row; a group id or a code
starting with ``#`` (合计, 评价等级) is a result row and is skipped; a row without a code
whose input cells hold something is an item of the leaf above it when that leaf's rule
lists items (`TRAITS.rows`: a `targets` leaf's performance targets; PE922 anywhere else).
Only the cells a rule reads (`TRAITS.cells`) are read, each as its kind says; anything in
another input column of that row is reported (PE913) and ignored — in a cell the form fills
in (指标值, a computed 完成值), only when it is not what perfeval computes
(`filled_outputs`). A merged cell with
content over several input cells cannot be attributed and is an error (PE910).
"""

from __future__ import annotations

import difflib
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import warning
from perfeval.excel.filled_outputs import FILLED, Written, as_text
from perfeval.excel.layout import (
    COMMON_FIELDS,
    INPUT_KEYS,
    LIST_SPLIT,
    SCORE_KEYS,
    is_result_code,
)
from perfeval.excel.read_sheets import Cells, find_header, unknown
from perfeval.excel.reader import Reader
from perfeval.excel.score_sheet import is_computed, labelled
from perfeval.i18n import LANGS, text
from perfeval.load.scalars import nearest
from perfeval.models.rubric import Group, Leaf, Rubric
from perfeval.rules import traits
from perfeval.rules.shown import OPERATOR_SIGNS
from perfeval.rules.traits import Cell, Rows

_OPERATORS = {sign: op for op, sign in OPERATOR_SIGNS.items()} | {op: op for op in OPERATOR_SIGNS}
_OPERATORS |= {text("excel", "qualitative", lang).casefold(): "qualitative" for lang in LANGS}
_OPERATORS["qualitative"] = "qualitative"
_NONE = {text("excel", "none", lang).casefold() for lang in LANGS}
_OPTIONAL = ("actual", "fraction", "justification", "target", "operator", "unit", "category")


def _group_ids(rubric: Rubric) -> set[str]:
    found: set[str] = set()
    stack: list[Group | Leaf] = list(rubric.indicators)
    while stack:
        node = stack.pop()
        if isinstance(node, Group):
            found.add(node.id)
            stack.extend(node.children)
    return found


def _ambiguous_merges(
    reader: Reader, sheet: Worksheet, columns: dict[str, int], header: int
) -> set[str]:
    """Merged ranges with content over several input cells: reported; their cells skipped."""
    inputs = {columns[k] for k in INPUT_KEYS if k in columns and k != "level3"}
    level3 = columns.get("level3")
    skipped: set[str] = set()
    for merged in sheet.merged_cells.ranges:
        spans = set(range(merged.min_col, merged.max_col + 1))
        several = merged.max_row > merged.min_row or merged.max_col > merged.min_col
        rows = merged.max_row > merged.min_row
        reads = spans & inputs or (level3 in spans and rows)
        if not several or not reads or merged.max_row <= header:
            continue
        top = sheet.cell(merged.min_row, merged.min_col)
        if top.value is None or (isinstance(top.value, str) and not top.value.strip()):
            continue
        reader.fail(sheet, top, "PE910", range=merged.coord)
        skipped.add(top.coordinate)
    return skipped


class ScoreSheet:
    """One pass over the score sheet's rows."""

    def __init__(self, reader: Reader, sheet: Worksheet, rubric: Rubric) -> None:
        self.reader, self.sheet = reader, sheet
        self.leaves = {leaf.id: leaf for leaf in rubric.leaves()}
        self.groups = _group_ids(rubric)
        self.indicators: dict[str, dict[str, Any]] = {}
        self.cells: Cells = {}
        self.columns: dict[str, int] = {}
        self.skipped: set[str] = set()
        self.written: list[Written] = []  # cells the form fills in, found holding something
        self.header = 0

    def cell(self, row: int, key: str) -> Any:
        column = self.columns.get(key)
        if column is None:
            return None
        found = self.sheet.cell(row, column)
        return None if found.coordinate in self.skipped else found

    def filled(self, row: int, key: str) -> bool:
        found = self.cell(row, key)
        value = None if found is None else found.value
        return value is not None and not (isinstance(value, str) and not value.strip())

    def read(self) -> None:
        header = find_header(self.reader, self.sheet, "columns", SCORE_KEYS, "code")
        if header is None:
            return
        first, self.columns = header
        self.header = first
        self.skipped = _ambiguous_merges(self.reader, self.sheet, self.columns, first)
        items_of: str | None = None
        for row in range(first + 1, self.sheet.max_row + 1):
            code_cell = self.cell(row, "code")
            code = self.reader.text(self.sheet, code_cell) if code_cell is not None else None
            if code is None:
                self.loose_row(row, items_of)
                continue
            code, items_of = code.strip(), None
            if is_result_code(code) or code in self.groups:
                continue
            if self.leaf_row(row, code, code_cell) and traits(self.leaves[code].rule).rows:
                items_of = code

    def loose_row(self, row: int, items_of: str | None) -> None:
        keys = [k for k in SCORE_KEYS if k in INPUT_KEYS and self.filled(row, k)]
        if not keys:
            return
        listed = traits(self.leaves[items_of].rule).rows if items_of is not None else None
        if items_of is None or listed is None:
            self.reader.fail(self.sheet, self.cell(row, keys[0]), "PE922")
            return
        entry = self.indicators.setdefault(items_of, {})
        rows = entry.setdefault(listed.field, [])
        at = ("indicators", items_of, listed.field)
        self.cells.setdefault(at, self.where(row, keys[0]))
        self.cells[(*at, len(rows))] = self.where(row, keys[0])
        rows.append(self.item_row(row, listed, (*at, len(rows))))

    def where(self, row: int, key: str) -> Any:
        return self.reader.where(self.sheet, self.sheet.cell(row, self.columns[key]))

    def leaf_row(self, row: int, code: str, code_cell: Any) -> bool:
        if code not in self.leaves:
            close = difflib.get_close_matches(code, list(self.leaves), n=1)
            unknown(self.reader, self.sheet, code_cell, code, close)
            return False
        if code in self.indicators or ("indicators", code) in self.cells:
            first = self.cells.get(("indicators", code))
            shown = first.file if first else code
            self.reader.fail(self.sheet, code_cell, "PE912", code=code, first=shown)
            return False
        self.cells[("indicators", code)] = self.reader.where(self.sheet, code_cell)
        entry = self.leaf_entry(row, self.leaves[code])
        if entry:
            self.indicators[code] = entry
        return True

    def leaf_entry(self, row: int, leaf: Leaf) -> dict[str, Any]:
        reads = [Cell(key, key, "text") for key in COMMON_FIELDS]
        if not is_computed(leaf):
            reads = [*traits(leaf.rule).cells, *reads]
        columns = {cell.column for cell in reads}
        filled = FILLED if is_computed(leaf) else FILLED[:1]  # what export writes for them
        for key in _OPTIONAL:
            if key in columns or not self.filled(row, key):
                continue
            if key in filled:  # said only if it is not what perfeval computes (PE928)
                self.written.append(self.written_cell(row, leaf.id, key))
            else:
                self.ignored(self.reader.where(self.sheet, self.cell(row, key)), key)
        entry: dict[str, Any] = {}
        for cell in sorted(reads, key=lambda c: SCORE_KEYS.index(c.column)):
            if not self.filled(row, cell.column):
                continue
            value = self.leaf_value(row, cell, leaf)
            if value is not None:
                entry[cell.field] = value
                self.cells[("indicators", leaf.id, cell.field)] = self.where(row, cell.column)
        return entry

    def header_of(self, key: str) -> str:
        return str(self.sheet.cell(self.header, self.columns[key]).value)

    def ignored(self, where: Any, key: str) -> None:
        """A value in a column this leaf does not read: named by the sheet's own header."""
        self.reader.problems.append(warning("PE913", where, column=self.header_of(key)[:60]))

    def written_cell(self, row: int, leaf: str, key: str) -> Written:
        cell = self.sheet.cell(row, self.columns[key])
        text = as_text(cell.value, cell.number_format)
        return Written(leaf, key, self.header_of(key), self.where(row, key), text)

    def leaf_value(self, row: int, cell: Cell, leaf: Leaf) -> Any:
        if cell.field == "evidence":
            found = self.reader.text(self.sheet, self.cell(row, cell.column))
            return [line for line in (found or "").splitlines() if line.strip()] or None
        if cell.kind in ("option", "options"):
            return self.options(row, cell.column, leaf, many=cell.kind == "options")
        return self.value(row, cell)

    def value(self, row: int, cell: Cell) -> Any:
        """A cell read as its kind says (the options of a leaf aside)."""
        reader, sheet, found = self.reader, self.sheet, self.cell(row, cell.column)
        if cell.kind == "ratio":
            return reader.ratio(sheet, found)
        if cell.kind == "yes_no":
            return reader.boolean(sheet, found)
        if cell.kind == "count":
            return reader.integer(sheet, found)
        if cell.kind in ("number", "money"):
            return reader.number(sheet, found)
        return reader.text(sheet, found)

    def options(self, row: int, key: str, leaf: Leaf, many: bool) -> Any:
        found = self.reader.text(self.sheet, self.cell(row, key))
        if found is None:
            return None
        names: dict[str, str] = {}
        for option_key, zh, en in labelled(leaf):
            names |= {option_key.casefold(): option_key, zh.casefold(): option_key}
            names[en.casefold()] = option_key
        pieces = [found.strip()] if not many else self.pieces(found, names)
        if many and found.strip().casefold() in _NONE:
            return []
        keys = [names.get(piece.casefold()) for piece in pieces]
        if any(k is None for k in keys):
            bad = next(p for p, k in zip(pieces, keys, strict=True) if k is None)
            # one name at most, never the list: a hint must not invite claiming what was not done
            meant = nearest(bad, [name for key, zh, en in labelled(leaf) for name in (key, zh)])
            where, value = self.cell(row, key), bad[:60]
            if meant is None:
                self.reader.fail(self.sheet, where, "PE926", value=value)
            else:
                self.reader.fail(self.sheet, where, "PE914", value=value, suggestion=meant)
            return None
        return keys if many else keys[0]

    @staticmethod
    def pieces(found: str, names: dict[str, str]) -> list[str]:
        """Checklist items: one per line, or split further at 、,，;； if a line is no item."""
        pieces: list[str] = []
        for line in (ln.strip() for ln in found.splitlines() if ln.strip()):
            if line.casefold() in names:
                pieces.append(line)
            else:
                pieces += [p.strip() for p in LIST_SPLIT.split(line) if p.strip()]
        return pieces

    def item_row(self, row: int, listed: Rows, at: tuple[str | int, ...]) -> dict[str, Any]:
        """One listed item (a performance target) from its row, cell by cell in the rule's
        order (so a qualitative target's 完成值 is read as 是/否: the rule's `switch`)."""
        item: dict[str, Any] = {}
        switch = listed.switch
        for cell in listed.cells:
            if not self.filled(row, cell.column):
                continue
            if switch and cell.column == switch.cell.column:
                cell = switch.cell if item.get(switch.when[0]) == switch.when[1] else cell
            value = self.operator(row, cell) if cell.kind == "operator" else self.value(row, cell)
            if value is not None:
                item[cell.field] = value
                self.cells[(*at, cell.field)] = self.where(row, cell.column)
        return item

    def operator(self, row: int, cell: Cell) -> str | None:
        found = self.cell(row, cell.column)
        sign = self.reader.text(self.sheet, found)
        operator = _OPERATORS.get(sign.strip().casefold()) if sign else None
        if sign and operator is None:
            expected = "≥ / ≤ / = / 定性"
            self.reader.fail(self.sheet, found, "PE907", found=sign[:60], expected=expected)
        return operator
