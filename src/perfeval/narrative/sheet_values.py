"""指标值 and 完成值 of a scored indicator, as the official 自评表 shows them.

Every output that shows the official form — the report's 附表 (md, html, docx) and the
Excel 自评表 — takes the two cells from `leaf_values`, so they agree. What each rule type
shows is the rule's own (`TRAITS.on_sheet`, `TRAITS.row_on_sheet` in its module); this module
gives it the engine's figure for the leaf's input (`engine.figures.Figures`), so the number
shown is the number compared.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfeval.i18n import Lang
from perfeval.load.sources import LoadedRubric
from perfeval.metrics import Unavailable
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.rules import traits
from perfeval.rules.base import RuleParams
from perfeval.rules.shown import Shown

LeafInput = Shown
"""What one leaf's two cells are made from (`rules.shown.Shown`)."""


def leaf_values(given: LeafInput) -> tuple[str, str]:
    """(指标值, 完成值) of one leaf."""
    return traits(given.rule).on_sheet(given)


def row_values(rule: RuleParams, row: Any, lang: Lang) -> tuple[str, str]:
    """(指标值, 完成值) of one item of a leaf's list (a performance target: `≥100次`, `113次`)."""
    on_sheet = traits(rule).row_on_sheet
    return on_sheet(row, lang) if on_sheet is not None else ("", "")


def leaf_inputs(
    card: Scorecard, submission: Submission, loaded: LoadedRubric, lang: Lang
) -> dict[str, LeafInput]:
    """Each leaf's `LeafInput`, by id: its entry and the engine's figure for its input."""
    from perfeval.engine.figures import Figures

    figures = Figures(submission, loaded.formulas)
    found = {}
    for leaf in loaded.rubric.leaves():
        entry = submission.indicators.get(leaf.id)
        figure: Decimal | bool | Unavailable | None = None
        if leaf.input is not None and leaf.input.metric:
            figure = figures.number(leaf.input.metric)
        elif leaf.input is not None:
            figure = figures.value(leaf.input.data or "")
        elif entry is not None and isinstance(entry.value, Decimal):
            figure = entry.value
        checkpoints = card.budget.checkpoints
        found[leaf.id] = Shown(
            leaf.rule, leaf.weight, leaf.input is not None, entry, figure, checkpoints, lang
        )
    return found
