"""Writing the info sheet (基本信息) and the budget sheet (预算与进度): one figure per row.

Each row is label / code / value; the code is the submission's dotted path and is what
import reads. The budget sheet adds each spending checkpoint's cumulative progress and the
required share (results, never read back).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Location, diagnostic
from perfeval.excel.cells import percent_text, put_number, put_percent
from perfeval.excel.form import INPUT_FILL, TOP_WRAP, Form, header_row, title_row
from perfeval.excel.layout import (
    BUDGET,
    BUDGET_AMOUNTS,
    INFO,
    KEY_VALUE_COLUMNS,
    PROJECT_FIELDS,
    field_for,
)
from perfeval.i18n import catalogue
from perfeval.models.result import Checkpoint
from perfeval.narrative.words import item_word
from perfeval.rules import traits

Row = tuple[str, Any]  # (code, value); None = an empty, shaded input cell
WIDTHS = {"item": 28, "code": 34, "value": 60, "progress": 14, "required": 14}
VALUE_COLUMN = 3


def _info_rows(form: Form) -> Iterator[Row]:
    sub = form.submission
    yield "rubric", sub.rubric if sub else form.rubric.id
    department = sub.department if sub else None
    for key in ("name", "code", "year", "region", "level", "goal"):
        value = getattr(department, key) if department else None
        if department is None and key == "year":
            value = form.rubric.year
        yield f"department.{key}", Decimal(value) if isinstance(value, int) else value
    for key in ("functions", "tasks"):
        items = getattr(department, key) if department else []
        yield from ((f"department.{key}", item) for item in items or [None])
    project = sub.project if sub else None
    if project is not None or (sub is None and form.rubric.level == "project"):
        for key in PROJECT_FIELDS:
            yield f"project.{key}", getattr(project, key) if project else None
    yield "claimed_score", sub.claimed_score if sub else None
    narrative = sub.narrative if sub else None
    for key in ("performance_management", "conclusion"):
        yield f"narrative.{key}", getattr(narrative, key) if narrative else None
    analysis: dict[str, str | None] = dict(narrative.analysis) if narrative else {}
    analysis = analysis or {node.id: None for node in form.rubric.indicators}
    yield from ((f"narrative.analysis.{key}", value) for key, value in analysis.items())
    for key in ("problems", "measures"):
        items = getattr(narrative, key) if narrative else []
        yield from ((f"narrative.{key}", item) for item in items or [None])


def _spending_codes(form: Form) -> list[str]:
    """The figures the rubric's rules read themselves (each spending checkpoint's)."""
    codes: list[str] = []
    for leaf in form.rubric.leaves():
        codes += traits(leaf.rule).figures(leaf.rule)
    return codes


def _data_paths(form: Form) -> list[str]:
    """The `data.*` paths the rubric reads, for an empty form."""
    from perfeval.metrics import parse_formula

    paths = {
        ref
        for formula in form.rubric.metrics.values()
        for ref in parse_formula(formula).references()
        if ref.startswith("data.")
    }
    paths |= {leaf.input.data for leaf in form.rubric.leaves() if leaf.input and leaf.input.data}
    return sorted(p for p in paths if p.startswith("data."))


def _flatten(prefix: str, value: Any, form: Form) -> Iterator[Row]:
    if not isinstance(value, Mapping):
        if isinstance(value, list):
            form.problems.append(diagnostic("PE917", Location(form.source), path=prefix))
            return
        yield prefix, value
        return
    for key, item in value.items():
        if "." in key or not key.strip():
            form.problems.append(diagnostic("PE917", Location(form.source), path=f"{prefix}.{key}"))
            continue
        yield from _flatten(f"{prefix}.{key}", item, form)


def _budget_rows(form: Form) -> Iterator[Row]:
    sub = form.submission
    yield "money_unit", sub.money_unit if sub else "万元"
    budget = sub.budget if sub else None
    for key in BUDGET_AMOUNTS:
        yield f"budget.{key}", getattr(budget, key) if budget else None
    for key in ("income", "expenditure"):
        parts = getattr(budget, key) if budget else {}
        yield from ((f"budget.{key}.{k}", v) for k, v in (parts or {"total": None}).items())
    if sub is None:
        yield from ((code, None) for code in _spending_codes(form))
        yield from ((path, None) for path in _data_paths(form))
        return
    yield from ((f"budget.spending.{k}", v) for k, v in sub.budget.spending.items())
    yield from _flatten("data", sub.data, form)


def _word(form: Form, part: str) -> str:
    """A data key in words (`[excel.data_words]`); a key without one is shown as written."""
    words = catalogue(form.lang)["excel"]["data_words"]
    found = words.get(part)
    return found if isinstance(found, str) else part


def _rest(form: Form, code: str, fixed: int) -> str:
    """The part of a code past its field, in words: a breakdown item, a first-level
    indicator's name, or each data key (never the dotted path: that is the 代码 column)."""
    parts = code.split(".")
    rest = parts[fixed:]
    if parts[0] == "budget" and parts[1] in ("income", "expenditure"):
        return item_word(form.lang, parts[1], rest[0])
    if parts[0] == "narrative" and parts[1] == "analysis":
        names = {node.id: node.name.get(form.lang) for node in form.rubric.indicators}
        return names.get(rest[0], rest[0])
    return " / ".join(_word(form, part) for part in rest)


def _label(form: Form, sheet_key: str, code: str) -> str:
    found = field_for(sheet_key, code)
    if found is None:
        return code
    label = form.word("fields", found.label_key)
    fixed = len([p for p in found.code.split(".") if p not in ("*", "**")])
    rest = _rest(form, code, fixed) if len(code.split(".")) > fixed else ""
    return f"{label}：{rest}" if rest else label


def _value(sheet: Worksheet, form: Form, row: int, code: str, value: Any) -> None:
    cell = sheet.cell(row, VALUE_COLUMN)
    cell.fill, cell.alignment = INPUT_FILL, TOP_WRAP
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        put_number(cell, value)
        if code == "department.year":
            cell.number_format = "0"  # a year, not a quantity: 2023, never 2,023
    elif isinstance(value, str) and code.startswith("data.") and percent_text(value) is not None:
        put_percent(cell, (percent_text(value) or Decimal(0)).scaleb(-2))
    elif value is not None:
        form.put(sheet, row, VALUE_COLUMN, str(value), code)


def _progress(sheet: Worksheet, row: int, checkpoint: Checkpoint | None) -> None:
    if checkpoint is None:
        return
    if checkpoint.progress is not None:
        put_percent(sheet.cell(row, 4), checkpoint.progress)
    put_percent(sheet.cell(row, 5), checkpoint.required)


def write_key_value_sheet(sheet: Worksheet, form: Form, sheet_key: str) -> None:
    columns = KEY_VALUE_COLUMNS[sheet_key]
    title_row(sheet, form.word("sheets", sheet_key), len(columns))
    words = [form.word("kv_columns", key) for key in columns]
    header_row(sheet, 2, words, [WIDTHS[key] for key in columns])
    checkpoints = {c.key: c for c in form.card.budget.checkpoints} if form.card else {}
    rows = _info_rows(form) if sheet_key == INFO else _budget_rows(form)
    for row, (code, value) in enumerate(rows, start=3):
        form.put(sheet, row, 1, _label(form, sheet_key, code), code)
        form.put(sheet, row, 2, code, code)
        _value(sheet, form, row, code, value)
        if sheet_key == BUDGET and code.startswith("budget.spending."):
            _progress(sheet, row, checkpoints.get(code.rsplit(".", 1)[1]))
