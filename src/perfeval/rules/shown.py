"""指标值 and 完成值 on the official 自评表: what each rule type's `TRAITS.on_sheet` is given,
and the wording they share.

Every output that shows the official form — the report's 附表 (md, html, docx) and the
Excel 自评表 — takes the two cells from the rule's `shown`, so they agree. The 完成值 of an
indicator computed from figures is the engine's own figure, shown as its rule compared it
(`rules.base.displayed`: at the rule's `precision`, never contradicting a threshold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfeval.i18n import Lang, text
from perfeval.metrics import Unavailable
from perfeval.models.result import Checkpoint
from perfeval.models.submission import Entry
from perfeval.render.wording import NA_MARK, format_percent, format_quantity
from perfeval.rules.base import at_precision, displayed
from perfeval.rules.traits import Named, named

OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "="}
"""A comparison as the form prints it; `qualitative` is the locale's word (定性)."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What one leaf's two cells are made from."""

    rule: Any  # the leaf's rule parameters (its type's `Params`)
    weight: Decimal
    declared_input: bool  # the leaf reads a metric or a data figure, not its entry's value
    entry: Entry | None
    figure: Decimal | bool | Unavailable | None  # the leaf's input, None if it reads none
    checkpoints: tuple[Checkpoint, ...]  # the budget summary's spending checkpoints
    lang: Lang


def rubric_percent(value: Decimal) -> str:
    """A ratio the rubric states (100%, 5%) as it would write it: no padding zeros."""
    return format_percent(value.normalize())


def measured(given: Shown, display: str, *thresholds: Decimal | None) -> str:
    """The leaf's numeric input as its reasons show it (`rules.base.displayed`: at the
    rubric's precision, never contradicting a threshold it was compared with)."""
    x = given.figure
    if not isinstance(x, Decimal) or isinstance(x, bool):
        return NA_MARK
    precision = getattr(given.rule, "precision", None)
    x = at_precision(x, precision)
    return format_quantity(displayed(x, display, precision, *thresholds), given.lang)


def yes_no(value: object, lang: Lang) -> str:
    if not isinstance(value, bool):
        return NA_MARK
    return text("excel", "yes" if value else "no", lang)


def label_of(options: Sequence[Named], key: str | None, lang: Lang) -> str:
    """The label of the option `key` names, `NA_MARK` when none."""
    found = named(options, key)
    return found.label.get(lang) if found is not None else NA_MARK


def nothing_shown(given: Shown) -> tuple[str, str]:
    """An indicator whose items each have a row of their own (targets, items)."""
    return "", ""
