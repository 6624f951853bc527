"""Writing the score sheet (自评表): the indicator tree, the official columns, the inputs.

The same code writes the scored sheet (`export`: scores, reasons and the submission's
entries filled in) and the empty form (`init --format xlsx`: inputs blank, shaded).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from perfeval.excel.cells import put_number
from perfeval.excel.form import (
    CENTER,
    HEADER_FONT,
    INPUT_FILL,
    TOP_WRAP,
    Form,
    header_row,
    print_ready,
    title_row,
)
from perfeval.excel.layout import (
    COMMON_FIELDS,
    GRADE_CODE,
    SCORE_COLUMNS,
    SCORE_KEYS,
    TOTAL_CODE,
    TREE_DEPTH,
)
from perfeval.i18n import text
from perfeval.models.result import NodeResult
from perfeval.models.rubric import Group, Leaf
from perfeval.models.submission import Entry
from perfeval.narrative.sheet_values import leaf_values
from perfeval.render.wording import (
    NA_MARK,
    adjustment_sentences,
    format_points,
    reasons,
    rescaling_sentence,
    subject,
)
from perfeval.rules import traits
from perfeval.rules.shown import OPERATOR_SIGNS
from perfeval.rules.traits import Cell, Rows

COL = {key: index for index, key in enumerate(SCORE_KEYS, start=1)}
HEADER_ROW, FIRST_ROW = 2, 3
BLANK_ITEM_ROWS = 3  # an empty form offers this many item rows under a leaf that lists items
Value = Decimal | str | bool | None


def is_computed(leaf: Leaf) -> bool:
    """The leaf's number comes from the budget sheet, not from its own row."""
    return leaf.input is not None or not leaf.rule.reads_entry()


def labelled(leaf: Leaf) -> list[tuple[str, str, str]]:
    """(key, zh label, en label) of what the leaf's submitter names (a choice's options, a
    checklist's items, a tier rule's tiers: the rule's `TRAITS.options`)."""
    options = traits(leaf.rule).options(leaf.rule)
    return [(o.key, o.label.zh, o.label.en or o.label.zh) for o in options]


OFFICIAL = 9  # the official form's columns (一级指标 … 扣分原因): the printed area


def write_score_sheet(sheet: Worksheet, form: Form) -> None:
    title = form.rubric.title.get(form.lang)
    if form.card is not None:
        named = subject(form.card)
        title = form.say("title", department=named, year=form.card.submission.year or "")
    title_row(sheet, title, OFFICIAL)
    words = [form.word("columns", c.key) for c in SCORE_COLUMNS]
    header_row(sheet, HEADER_ROW, words, [c.width for c in SCORE_COLUMNS])
    results = {n.id: n for n in _all_nodes(form)}
    row = FIRST_ROW
    for node in form.rubric.indicators:
        row = _node(sheet, form, node, (), row, results)
    _totals(sheet, form, row)
    print_ready(sheet, OFFICIAL, row + 1, form.lang)


def _all_nodes(form: Form) -> list[NodeResult]:
    stack = list(form.card.indicators) if form.card else []
    found: list[NodeResult] = []
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


def _node(
    sheet: Worksheet,
    form: Form,
    node: Group | Leaf,
    ancestors: tuple[str, ...],
    row: int,
    results: dict[str, NodeResult],
) -> int:
    if isinstance(node, Leaf):
        return _leaf(sheet, form, node, ancestors, row, results.get(node.id))
    start = row
    for child in node.children:
        row = _node(sheet, form, child, (*ancestors, node.name.get(form.lang)), row, results)
    depth = len(ancestors)
    if depth < TREE_DEPTH - 1:
        result = results.get(node.id)
        label = form.say("group", name=node.name.get(form.lang), weight=format_points(node.weight))
        if result is not None:
            label += "\n" + form.say("group_score", score=format_points(result.score))
        form.put(sheet, start, depth + 1, label, node.id)
        _merge(sheet, start, depth + 1, row - 1, depth + 1)
    return row


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    sheet.cell(top, left).alignment = CENTER
    if bottom > top or right > left:
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _leaf(
    sheet: Worksheet,
    form: Form,
    leaf: Leaf,
    ancestors: tuple[str, ...],
    row: int,
    result: NodeResult | None,
) -> int:
    entry = form.submission.indicators.get(leaf.id) if form.submission else None
    listed = traits(leaf.rule).rows
    items = list(getattr(entry, listed.field) or []) if entry and listed else []
    extra = len(items)
    if listed is not None and form.submission is None:
        extra = BLANK_ITEM_ROWS
    last = row + extra
    _leaf_name(sheet, form, leaf, ancestors, row, last)
    _leaf_outputs(sheet, form, leaf, row, result)
    for key in ("weight", "criteria", "score", "reason", "guide"):
        _merge(sheet, row, COL[key], last, COL[key])
    form.put(sheet, row, COL["code"], leaf.id, leaf.id)
    for key, value in _leaf_inputs(form, leaf, entry).items():
        _input(sheet, form, row, key, value, leaf.id)
    for offset in range(extra):
        item = items[offset] if offset < len(items) else None
        for key, value in _item_cells(form, listed, item).items() if listed else ():
            where = f"{leaf.id}.{listed.field}.{offset}" if listed else leaf.id
            _input(sheet, form, row + 1 + offset, key, value, where)
    return last + 1


def _leaf_name(
    sheet: Worksheet, form: Form, leaf: Leaf, ancestors: tuple[str, ...], row: int, last: int
) -> None:
    depth = len(ancestors)
    name = leaf.name.get(form.lang)
    if depth >= TREE_DEPTH - 1:
        form.put(sheet, row, TREE_DEPTH, " / ".join([*ancestors[TREE_DEPTH - 1 :], name]), leaf.id)
        sheet.cell(row, TREE_DEPTH).alignment = TOP_WRAP
        return
    form.put(sheet, row, depth + 1, name, leaf.id)
    if last > row:  # a leaf that lists items: its name spans their rows, their names beside
        _merge(sheet, row, depth + 1, last, depth + 1)
    else:
        _merge(sheet, row, depth + 1, row, TREE_DEPTH)


def _leaf_outputs(
    sheet: Worksheet, form: Form, leaf: Leaf, row: int, result: NodeResult | None
) -> None:
    put_number(sheet.cell(row, COL["weight"]), leaf.weight)
    form.put(sheet, row, COL["criteria"], leaf.criteria.get(form.lang), leaf.id)
    form.put(sheet, row, COL["guide"], _guide(form, leaf), leaf.id)
    for key in ("criteria", "reason", "guide"):
        sheet.cell(row, COL[key]).alignment = TOP_WRAP
    given = form.inputs.get(leaf.id)
    if given is not None:
        target, actual = leaf_values(given)
        form.put(sheet, row, COL["target"], target, leaf.id)
        sheet.cell(row, COL["target"]).alignment = TOP_WRAP
        if is_computed(leaf):
            form.put(sheet, row, COL["actual"], actual, leaf.id)
            sheet.cell(row, COL["actual"]).alignment = TOP_WRAP
    if result is None or form.card is None:
        return
    if result.status == "not_applicable" and result.not_applicable == "rescale":
        form.put(sheet, row, COL["score"], NA_MARK, leaf.id)  # as every output shows it
    else:
        put_number(sheet.cell(row, COL["score"]), result.score, form.card.leaf_places)
    lines = reasons(result, form.lang)
    form.put(sheet, row, COL["reason"], "\n".join(lines), leaf.id)


def _guide(form: Form, leaf: Leaf) -> str:
    if is_computed(leaf):
        return form.word("guide", "computed")
    words = form.word("guide", leaf.rule.type)
    options = labelled(leaf)
    if options:
        names = " / ".join(zh if form.lang == "zh" else en for _, zh, en in options)
        words += "\n" + form.say("options", options=names)
    return words


def _leaf_inputs(form: Form, leaf: Leaf, entry: Entry | None) -> dict[str, Value]:
    """The input cells of a leaf row: column key → value (None = blank, shaded)."""
    cells = [Cell(key, key, "text") for key in COMMON_FIELDS]
    if not is_computed(leaf):
        cells = [*traits(leaf.rule).cells, *cells]
    found: dict[str, Value] = {}
    for cell in cells:
        found[cell.column] = _entry_value(form, leaf, entry, cell) if entry is not None else None
    return found


def _entry_value(form: Form, leaf: Leaf, entry: Entry, cell: Cell) -> Value:
    value: Any = getattr(entry, cell.field)
    if cell.field == "evidence":
        return "\n".join(value) or None
    names = {k: zh if form.lang == "zh" else en for k, zh, en in labelled(leaf)}
    if cell.kind == "options" and isinstance(value, list):
        return "\n".join(names.get(str(k), str(k)) for k in value) or form.say("none")
    if cell.kind == "option" and isinstance(value, str):
        return names.get(value, value)
    return _plain(value)


def _plain(value: object) -> Value:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value if isinstance(value, Decimal | bool | str) or value is None else str(value)


def _item_cells(form: Form, listed: Rows, item: Any) -> dict[str, Value]:
    """The cells of one listed item's row (a performance target): column key → value."""
    cells: dict[str, Value] = {cell.column: None for cell in listed.cells}
    if item is None:
        return cells
    switch = listed.switch
    for cell in listed.cells:
        switched = switch and cell.column == switch.cell.column
        if switch and switched and getattr(item, switch.when[0]) == switch.when[1]:
            cell = switch.cell
        value = getattr(item, cell.field)
        if cell.kind == "operator" and isinstance(value, str):
            value = OPERATOR_SIGNS.get(value) or form.say("qualitative")
        cells[cell.column] = _plain(value)
    return cells


def _input(sheet: Worksheet, form: Form, row: int, key: str, value: Value, where: str) -> None:
    cell = sheet.cell(row, COL[key])
    cell.fill, cell.alignment = INPUT_FILL, TOP_WRAP
    if isinstance(value, bool):
        form.put(sheet, row, COL[key], form.say("yes" if value else "no"), where)
    elif isinstance(value, Decimal):
        put_number(cell, value)
    elif value is not None:
        form.put(sheet, row, COL[key], value, where)


def _totals(sheet: Worksheet, form: Form, row: int) -> None:
    card = form.card
    for offset, (code, word) in enumerate(((TOTAL_CODE, "total"), (GRADE_CODE, "grade"))):
        at = row + offset
        form.put(sheet, at, 1, form.say(word), code)
        _merge(sheet, at, 1, at, TREE_DEPTH)
        form.put(sheet, at, COL["code"], code, code)
        sheet.cell(at, 1).font = HEADER_FONT
    weight = card.total_weight if card else form.rubric.total
    put_number(sheet.cell(row, COL["weight"]), weight)
    if card is not None:
        put_number(sheet.cell(row, COL["score"]), card.total, card.total_places)
        rescaled = rescaling_sentence(card, form.lang)  # the same arithmetic as every output
        said = [*([rescaled] if rescaled else []), *adjustment_sentences(card, form.lang)]
        if said:
            why = text("labels", "separator", form.lang).join(said)
            form.put(sheet, row, COL["reason"], why, TOTAL_CODE)
            sheet.cell(row, COL["reason"]).alignment = TOP_WRAP
        form.put(sheet, row + 1, COL["score"], card.grade.get(form.lang), GRADE_CODE)
        _merge(sheet, row + 1, COL["score"], row + 1, COL["reason"])
