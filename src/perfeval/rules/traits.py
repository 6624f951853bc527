"""What a rule type declares beside its `Params` and `evaluate`: everything the rest of
perfeval asks of a rule by its type, kept in the rule's own module as `TRAITS`.

- the submission's entry for it: the fields it reads and the example `perfeval init` writes;
- its Excel form: the input cells of its indicator's row, and the rows of an entry's list
  (performance targets, items) below it — what `excel/layout`, the form and the form
  reader need;
- the named choices a submitter picks among (options, items, tiers);
- the most its own table can award, and its further rubric checks (`load.rubric_check`);
- its 指标值 and 完成值 on the 自评表 (the report's 附表 and the Excel sheet);
- the spending checkpoints it follows (the engine's budget summary) and the figures it
  reads itself (the budget sheet's rows).

Nothing outside `rules/` tests a rule's type: it asks `RULES[type].traits`. A test checks
every rule declares all of them (tests/test_rule_traits.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, Protocol, TypeVar

if TYPE_CHECKING:
    from perfeval.models.common import Text
    from perfeval.models.result import Checkpoint
    from perfeval.rules.base import RuleContext
    from perfeval.rules.shown import Shown

CellKind = Literal[
    "ratio", "number", "count", "yes_no", "option", "options", "text", "operator", "nature",
    "date", "money",
]  # fmt: skip
"""How a form cell is written and read: a number or a percentage kept as written (`ratio`),
a plain number, a whole count, 是/否, an option's name or code (`options`: one per line),
free text, a comparison sign, a target's nature (核心/一般), a date, an amount of money."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One input cell of the Excel form: the column it sits in and the field it holds."""

    column: str  # a key of `excel.layout.SCORE_COLUMNS`
    field: str  # the entry's field (or a listed item's field) it holds
    kind: CellKind


@dataclass(frozen=True, slots=True)
class Switch:
    """A cell that holds another field when another field has a given value: a target's
    完成值 is `achieved` (是/否) when its comparison is qualitative."""

    when: tuple[str, str]  # (field, value); that field's cell comes first in `Rows.cells`
    cell: Cell  # the cell as read instead


@dataclass(frozen=True, slots=True)
class Rows:
    """A list in the entry, one score-sheet row per item below the indicator's row (code
    left empty), its name in 三级指标."""

    field: str  # the entry's list field
    cells: tuple[Cell, ...]  # an item's cells
    named_by: str  # the finding value that names the item a finding is about
    switch: Switch | None = None
    nested: Rows | None = None  # a list in each item: a row without a name continues the item


class Named(Protocol):
    """Something a submitter names by key: an option, a checklist item, a tier."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> Text: ...


class RubricProblem(NamedTuple):
    """A rule's own rubric check failed: a code, the path inside the rule, message values."""

    code: str
    path: tuple[str | int, ...]
    params: dict[str, str]
    warning: bool = False  # a warning (`rubric check` reports it) rather than an error


class Site(NamedTuple):
    """Where a rule sits, for its rubric checks: the leaf's weight and the interval its
    declared input lies in (`input.range`; None: the whole line)."""

    weight: Decimal
    range: str | None


_Params = TypeVar("_Params")


def no_options(params: object) -> Sequence[Named]:
    """A rule whose submitter names nothing from a list."""
    return ()


def no_table(params: object) -> Decimal | None:
    """A rule with no table of points: its weight bounds it."""
    return None


def no_checks(params: object, site: Site) -> Iterator[RubricProblem]:
    """A rule the shape of its parameters fully checks."""
    return iter(())


def no_figures(params: object) -> tuple[str, ...]:
    """A rule that reads its entry or its leaf's declared input, no figure of its own."""
    return ()


@dataclass(frozen=True, slots=True)
class Traits(Generic[_Params]):
    """Everything a rule type declares beside `Params` and `evaluate` (see the module)."""

    # What every rule states:
    fields: tuple[str, ...]  # the entry fields it reads (all also take not_applicable, note…)
    example: tuple[str, ...]  # what `init` writes for its entry; {first}, {all}: option keys
    cells: tuple[Cell, ...]  # its indicator row's input cells on the form (完成值 first)
    on_sheet: Callable[[Shown], tuple[str, str]]  # its (指标值, 完成值) on the 自评表
    # What a rule states only when it has one (the default says it has none):
    rows: Rows | None = None  # its entry's list, one row per item below the indicator's row
    row_on_sheet: Callable[[Any, Any], tuple[str, str]] | None = None  # (item, lang) → row's
    options: Callable[[_Params], Sequence[Named]] = no_options
    most: Callable[[_Params], Decimal | None] = no_table  # the most its table awards
    checks: Callable[[_Params, Site], Iterator[RubricProblem]] = no_checks
    progress: Callable[[_Params, RuleContext], tuple[Checkpoint, ...]] | None = None
    figures: Callable[[_Params], tuple[str, ...]] = no_figures  # figures it reads itself


def named(options: Sequence[Named], key: str | None) -> Named | None:
    """The option `key` names, or None."""
    return next((option for option in options if option.key == key), None)
