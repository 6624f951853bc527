"""指标值 and 完成值 of a scored indicator, as the official 自评表 shows them.

Every output that shows the official form — the report's 附表 (md, html, docx) and the
Excel 自评表 — takes the two cells from `leaf_values`, so they agree. The 完成值 of an
indicator computed from figures (预算执行率, 结转结余率…) is the engine's own figure
(`engine.figures.Figures`), rounded like its rule rounds it before comparing (half-up at the
rule's `precision`): the number shown is the number compared. What each rule type shows is
stated here, one entry per rule type (`VALUES`; a test checks every rule has one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfeval.i18n import Lang, text
from perfeval.load.sources import LoadedRubric
from perfeval.metrics import Unavailable
from perfeval.models.result import Checkpoint, Scorecard
from perfeval.models.rubric import Leaf
from perfeval.models.submission import Entry, Submission, TargetRow
from perfeval.narrative.words import share
from perfeval.render.wording import (
    NA_MARK,
    format_number,
    format_percent,
    format_points,
    format_quantity,
    interval_words,
)
from perfeval.rules.base import at_precision, displayed

OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "="}


@dataclass(frozen=True, slots=True)
class LeafInput:
    """What one leaf's two cells are made from."""

    leaf: Leaf
    entry: Entry | None
    figure: Decimal | bool | Unavailable | None  # the leaf's input, None if it reads none
    checkpoints: tuple[Checkpoint, ...]
    lang: Lang


def _percent(value: Decimal) -> str:
    return format_percent(value)


def _rubric_percent(value: Decimal) -> str:
    """A ratio the rubric states (100%, 5%) as it would write it: no padding zeros."""
    return format_percent(value.normalize())


def _measured(given: LeafInput, display: str, *thresholds: Decimal | None) -> str:
    """The leaf's numeric input as its reasons show it (`rules.base.displayed`: at the
    rubric's precision, never contradicting a threshold it was compared with)."""
    x = given.figure
    if not isinstance(x, Decimal) or isinstance(x, bool):
        return NA_MARK
    rule: Any = given.leaf.rule
    precision = getattr(rule, "precision", None)
    x = at_precision(x, precision)
    return format_quantity(displayed(x, display, precision, *thresholds), given.lang)


def _yes_no(value: object, lang: Lang) -> str:
    if not isinstance(value, bool):
        return NA_MARK
    return text("excel", "yes" if value else "no", lang)


def _ratio(given: LeafInput) -> tuple[str, str]:
    target: Decimal = given.leaf.rule.target  # type: ignore[attr-defined]
    return _rubric_percent(target), _measured(given, "percent", target)


def _inverse_ratio(given: LeafInput) -> tuple[str, str]:
    target, actual = _ratio(given)
    return "≤" + target, actual


def _deduct(given: LeafInput) -> tuple[str, str]:
    rule: Any = given.leaf.rule
    sign = "≤" if rule.direction == "above" else "≥"
    limit = _rubric_percent(rule.limit) if rule.display == "percent" else format_number(rule.limit)
    return sign + limit, _measured(given, rule.display, rule.limit)


def _bands(given: LeafInput) -> tuple[str, str]:
    rule: Any = given.leaf.rule
    best = max(rule.bands, key=lambda band: band.points)
    ends = [end for band in rule.bands for end in (band.interval.low, band.interval.high)]
    return interval_words(best.range, given.lang), _measured(given, rule.display, *ends)


def _boolean(given: LeafInput) -> tuple[str, str]:
    value = given.figure if given.leaf.input else (given.entry.value if given.entry else None)
    return _yes_no(True, given.lang), _yes_no(value, given.lang)


def _violations(given: LeafInput) -> tuple[str, str]:
    count = given.entry.count if given.entry else None
    if count is None and isinstance(given.figure, Decimal):
        count = int(given.figure)
    cases = "cases" if given.lang == "en" and count != 1 else "case"
    shown = NA_MARK if count is None else text("labels", cases, given.lang, {"n": count})
    return text("labels", "cases", given.lang, {"n": 0}), shown


def _labelled(options: list[Any], key: str | None, lang: Lang) -> str:
    found = next((o for o in options if o.key == key), None)
    return found.label.get(lang) if found is not None else NA_MARK


def _choice(given: LeafInput) -> tuple[str, str]:
    options = given.leaf.rule.options  # type: ignore[attr-defined]
    best = max(options, key=lambda option: option.points)
    chosen = given.entry.choice if given.entry else None
    return best.label.get(given.lang), _labelled(options, chosen, given.lang)


def _checklist(given: LeafInput) -> tuple[str, str]:
    items = given.leaf.rule.items  # type: ignore[attr-defined]
    done = given.entry.checked if given.entry and given.entry.checked is not None else None
    count = NA_MARK if done is None else str(len([i for i in items if i.key in done]))
    words = {"n": len(items), "done": count}
    return text("labels", "items_all", given.lang, words), text(
        "labels", "items_done", given.lang, words
    )


def _tiered(given: LeafInput) -> tuple[str, str]:
    tiers = given.leaf.rule.tiers  # type: ignore[attr-defined]
    best = max(tiers, key=lambda tier: tier.max)
    entry = given.entry
    if entry is None or entry.tier is None:
        return best.label.get(given.lang), NA_MARK
    chosen = _labelled(tiers, entry.tier, given.lang)
    fraction = f"（{_percent(entry.fraction)}）" if entry.fraction is not None else ""
    return best.label.get(given.lang), chosen + fraction


def _manual(given: LeafInput) -> tuple[str, str]:
    score = given.entry.score if given.entry else None
    weight = format_points(given.leaf.weight)
    shown = NA_MARK if score is None else format_points(score)
    return weight, shown


def _spending(given: LeafInput) -> tuple[str, str]:
    points = given.checkpoints
    required = " / ".join(share(c.required, c.progress) for c in points)
    reached = " / ".join(NA_MARK if c.progress is None else _percent(c.progress) for c in points)
    return required, reached


def _targets(given: LeafInput) -> tuple[str, str]:
    return "", ""  # each target has its own row (`target_values`)


VALUES: dict[str, Callable[[LeafInput], tuple[str, str]]] = {
    "ratio": _ratio,
    "inverse_ratio": _inverse_ratio,
    "deduct": _deduct,
    "bands": _bands,
    "boolean": _boolean,
    "violations": _violations,
    "choice": _choice,
    "checklist": _checklist,
    "tiered": _tiered,
    "manual": _manual,
    "spending_progress": _spending,
    "targets": _targets,
}


def leaf_values(given: LeafInput) -> tuple[str, str]:
    """(指标值, 完成值) of one leaf."""
    return VALUES[given.leaf.rule.type](given)


def target_values(row: TargetRow, lang: Lang) -> tuple[str, str]:
    """(指标值, 完成值) of one performance target: `≥100次`, `113次`; 是/否 for a
    qualitative one."""
    unit = row.unit or ""
    if row.operator == "qualitative":
        return text("excel", "qualitative", lang), _yes_no(row.achieved, lang)
    target = "" if row.target is None else f"{format_number(row.target)}{unit}"
    actual = NA_MARK if row.actual is None else f"{format_number(row.actual)}{unit}"
    return OPERATOR_SIGNS[row.operator] + target, actual


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
        found[leaf.id] = LeafInput(leaf, entry, figure, card.budget.checkpoints, lang)
    return found
