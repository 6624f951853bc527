"""The workbook layout — the ONE definition shared by export, the empty form and import.

Three sheets make one submission (names in the locale's ``[excel.sheets]``):

* the score sheet (自评表): one row per scored indicator (leaf) in rubric order, the
  indicator tree in the first three columns (group names merged down over their rows), then
  分值 / 评分标准 / 指标值 / 完成值 / 得分 / 扣分原因 — the official columns — and after them
  the columns the department fills in and perfeval reads back (`SCORE_COLUMNS`). The
  `code` column (指标代码) carries the leaf id and anchors every row: rows whose code
  starts with ``#`` are results (合计, 评价等级) and are never read; a row without a code
  directly under a leaf whose rule lists items (`TRAITS.rows`: a `targets` leaf's
  performance targets) is one of those items. Which cells of a row a rule reads, and how,
  its module says (`TRAITS.cells`, `TRAITS.rows`).
* the info sheet (基本信息) and the budget sheet (预算与进度): one figure per row —
  label, code (the submission's dotted path, e.g. ``budget.adjusted``), value. A list
  (部门职能, 问题…) is one row per item with the same code. The budget sheet also shows the
  cumulative spending progress and the required share of each checkpoint (results only).

With several submissions, `export` adds a summary sheet first (one row per department)
and prefixes each submission's sheets with its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["tree", "output", "key", "input"]
Kind = Literal["text", "integer", "number", "figure", "text_list"]

SCORE, INFO, BUDGET, SUMMARY = "score", "info", "budget", "summary"
RESULT_MARK = "#"  # a code starting with it marks a result row: never read back
TOTAL_CODE, GRADE_CODE = "#total", "#grade"
HEADER_SEARCH_ROWS = 20  # the header row is looked for among the first rows


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the locale's [excel.columns] key
    role: Role
    width: int


SCORE_COLUMNS: tuple[Column, ...] = (
    Column("level1", "tree", 14),
    Column("level2", "tree", 16),
    Column("level3", "input", 22),  # the leaf's name, or a performance target's name
    Column("weight", "output", 7),
    Column("criteria", "output", 40),
    Column("target", "input", 10),
    Column("actual", "input", 14),
    Column("score", "output", 8),
    Column("reason", "output", 40),
    Column("code", "key", 20),
    Column("guide", "output", 30),
    Column("operator", "input", 8),
    Column("unit", "input", 8),
    Column("category", "input", 10),
    Column("fraction", "input", 9),
    Column("justification", "input", 30),
    Column("not_applicable", "input", 24),
    Column("note", "input", 24),
    Column("evidence", "input", 24),
    Column("target_weight", "input", 8),
)
SCORE_KEYS = tuple(c.key for c in SCORE_COLUMNS)
TREE_DEPTH = 3  # level1..level3; deeper groups are named inside the level3 cell
INPUT_KEYS = frozenset(c.key for c in SCORE_COLUMNS if c.role == "input")

COMMON_FIELDS = ("not_applicable", "note", "evidence")
"""What every leaf row reads besides its rule's own cells (`TRAITS.cells` of its rule)."""
LIST_SPLIT = re.compile(r"[\n、,，;；]+")


@dataclass(frozen=True, slots=True)
class Field:
    """One row kind of the info or budget sheet: a dotted code (``*`` = any key, ``**`` =
    any path below) and what its value cell holds."""

    code: str
    kind: Kind

    def matches(self, code: str) -> bool:
        parts, pattern = code.split("."), self.code.split(".")
        if pattern[-1] == "**":
            head = pattern[:-1]
            return len(parts) > len(head) and parts[: len(head)] == head
        if len(parts) != len(pattern):
            return False
        return all(p in ("*", part) for p, part in zip(pattern, parts, strict=True))

    @property
    def label_key(self) -> str:
        """The locale's [excel.fields] key: the code without wildcards, dots as `_`."""
        return "_".join(p for p in self.code.split(".") if p not in ("*", "**"))


PROJECT_FIELDS = ("name", "code", "category", "description")
INFO_FIELDS: tuple[Field, ...] = (
    Field("rubric", "text"),
    Field("department.name", "text"),
    Field("department.code", "text"),
    Field("department.year", "integer"),
    Field("department.region", "text"),
    Field("department.level", "text"),
    Field("department.goal", "text"),
    Field("department.functions", "text_list"),
    Field("department.tasks", "text_list"),
    *(Field(f"project.{name}", "text") for name in PROJECT_FIELDS),
    Field("claimed_score", "number"),
    Field("narrative.performance_management", "text"),
    Field("narrative.conclusion", "text"),
    Field("narrative.analysis.*", "text"),
    Field("narrative.problems", "text_list"),
    Field("narrative.measures", "text_list"),
)
BUDGET_AMOUNTS = ("initial", "adjusted", "executed", "carry_over", "balance")
BUDGET_FIELDS: tuple[Field, ...] = (
    Field("money_unit", "text"),
    *(Field(f"budget.{name}", "number") for name in BUDGET_AMOUNTS),
    Field("budget.income.*", "number"),
    Field("budget.expenditure.*", "number"),
    Field("budget.spending.*", "number"),
    Field("data.**", "figure"),
)
KEY_VALUE_COLUMNS: dict[str, tuple[str, ...]] = {
    INFO: ("item", "code", "value"),
    BUDGET: ("item", "code", "value", "progress", "required"),
}
SUMMARY_COLUMNS = (
    "number",
    "department",
    "project",
    "year",
    "rubric",
    "total",
    "grade",
    "claimed",
    "execution_rate",
    "sheet",
    "file",
)


def field_for(sheet: str, code: str) -> Field | None:
    """The field a code of the info or budget sheet names, or None."""
    fields = INFO_FIELDS if sheet == INFO else BUDGET_FIELDS
    return next((f for f in fields if f.matches(code)), None)


def is_result_code(code: str) -> bool:
    return code.startswith(RESULT_MARK)
