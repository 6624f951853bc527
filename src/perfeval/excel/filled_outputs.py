"""Cells of the score sheet that the form fills in for the user, read back only to say when
they hold something else: the 指标值 of every indicator, and the 完成值 of one computed from
the budget sheet (`score_sheet.is_computed`: 预算执行率 takes its figure from 预算与进度).

`export` writes there what perfeval computes; `import` never reads them as input. A value
typed there (95% in 预算执行率's 完成值) would be dropped without a word: unless it is what
perfeval computes from the form's own figures — the same text in either language, or the
same number (`1` in a 100% cell) — it is PE928 at its cell, quoting what was typed and
what perfeval computes there, and pointing to the figures it is computed from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfeval.errors import Diagnostic, Locate, Location, warning
from perfeval.excel.cells import read_number
from perfeval.i18n import LANGS
from perfeval.load import scalars
from perfeval.load.sources import LoadedRubric
from perfeval.models.submission import Submission

FILLED = ("target", "actual")
"""The columns of a leaf row the form fills in: 指标值 always, 完成值 when computed."""


@dataclass(frozen=True, slots=True)
class Written:
    """Something found in a cell the form fills in, as the score sheet read it."""

    leaf: str  # the indicator's id
    key: str  # "target" | "actual"
    column: str  # the sheet's own header for the column (完成值)
    where: Location
    text: str  # the cell as text (a number cell in its percent format: "95%")


def as_text(value: object, number_format: str) -> str:
    """A cell's value as text; a number as the cell shows it (0.95 in a % cell: "95%")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number, percent = read_number(value, number_format)
        return f"{number:f}%" if percent else f"{number:f}"
    return str(value)


def _number(text: str) -> Decimal | None:
    try:
        read = scalars.read(scalars.Kind.RATIO, text).value
    except scalars.Unreadable:
        return None
    return read if isinstance(read, Decimal) else None


def _same(written: str, shown: set[str]) -> bool:
    if written.strip() in shown:
        return True
    number = _number(written)
    return number is not None and any(_number(text) == number for text in shown)


def computed(
    submission: Submission, loaded: LoadedRubric, display: str, locate: Locate
) -> dict[tuple[str, str], set[str]]:
    """What `export` would write in each filled-in cell, by (leaf id, key), in every
    language: the submission scored as `perfeval score` scores it."""
    from perfeval.engine import ScoringInput, score
    from perfeval.narrative.sheet_values import leaf_inputs, leaf_values

    given = ScoringInput(loaded.plan, loaded.sha256, submission, display, "", locate)
    card = score(given)
    found: dict[tuple[str, str], set[str]] = {}
    for lang in LANGS:
        for leaf, shown in leaf_inputs(card, submission, loaded, lang).items():
            for key, text in zip(FILLED, leaf_values(shown), strict=True):
                found.setdefault((leaf, key), set()).add(text.strip())
    return found


def unread(written: Sequence[Written], shown: dict[tuple[str, str], set[str]]) -> list[Diagnostic]:
    """PE928 at each filled-in cell holding something other than what perfeval computes,
    quoting both (what it computes in each language, `/` between them when they differ)."""
    found = []
    for cell in written:
        texts = shown.get((cell.leaf, cell.key), set())
        if not _same(cell.text, texts):
            value, computed = scalars.clip(cell.text.strip()), " / ".join(sorted(texts)) or "—"
            where, column = cell.where, cell.column[:60]
            found.append(warning("PE928", where, column=column, value=value, computed=computed))
    return found
