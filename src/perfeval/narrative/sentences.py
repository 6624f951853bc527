"""Sentences worded from the Scorecard: conclusion, budget, spending progress, analyses.

Every number here comes from the Scorecard (or, for the income/expenditure breakdown, from
the figures the submission states) and is formatted by `perfeval.render.wording`; the wording
itself lives in the locale files (`[report.sentences]`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from perfeval.i18n import Lang, text
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.submission import Submission
from perfeval.narrative.words import item_word, level_word, word
from perfeval.render.wording import (
    adjustment_sentences,
    describe,
    fact,
    format_money,
    format_points,
    format_share,
    points_phrase,
    rescaling_sentence,
    subject,
)


def leaf_details(leaf: NodeResult, lang: Lang) -> str:
    """What a deducted leaf lost points for: a single finding without its points (they are
    stated beside the indicator), several each with its own."""
    found = [f for f in leaf.findings if f.deducted > 0]
    separator = word(lang, "sentences", "list_separator")
    if len(found) == 1:
        return fact(found[0], lang, leaf.reason_template)
    return separator.join(describe(f, lang, leaf.reason_template) for f in found)


def deducted_leaves(nodes: list[NodeResult]) -> list[NodeResult]:
    return [leaf for leaf in nodes if leaf.status == "scored" and leaf.deducted > 0]


def _item(leaf: NodeResult, lang: Lang, key: str) -> str:
    points = points_phrase(leaf.deducted, lang)
    details = leaf_details(leaf, lang) if key != "deduction_item" else ""
    return word(
        lang, "sentences", key, indicator=leaf.name.get(lang), points=points, details=details
    )


def policy_words(leaf: NodeResult, lang: Lang) -> str:
    return text("na_policy", leaf.not_applicable or "rescale", lang)


FEW = 2
"""Up to this many deductions, the conclusion states each one's cause; past it, it names
them and leaves the causes to the analysis and the annex (one readable paragraph)."""


def conclusion(card: Scorecard, lang: Lang) -> str:
    """自评结论: total and grade; the rescaling, if any; the deductions, briefly."""
    parts = [
        word(
            lang,
            "sentences",
            "conclusion",
            year=card.submission.year or "",
            department=subject(card),
            kind=level_word(card.rubric.level, lang),
            total=format_points(card.total),
            weight=format_points(card.total_weight),
            grade=card.grade.get(lang),
        )
    ]
    rescaled = rescaling_sentence(card, lang)
    end = word(lang, "sentences", "sentence_end")
    if rescaled is not None:
        parts.append(rescaled + end)
    parts += [sentence + end for sentence in adjustment_sentences(card, lang)]
    deducted = deducted_leaves(card.leaves())
    separator = word(lang, "sentences", "list_separator")
    if not deducted:
        parts.append(word(lang, "sentences", "conclusion_clean"))
    elif len(deducted) <= FEW:
        items = separator.join(_item(leaf, lang, "deduction_detailed") for leaf in deducted)
        parts.append(word(lang, "sentences", "conclusion_one", items=items))
    else:
        names = word(lang, "sentences", "name_separator")
        items = names.join(_item(leaf, lang, "deduction_item") for leaf in deducted)
        parts.append(word(lang, "sentences", "conclusion_many", count=len(deducted), items=items))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def execution(card: Scorecard, lang: Lang) -> str | None:
    """全年预算数 …，执行数 …，完成预算的 …%."""
    budget = card.budget
    if budget.adjusted is None or budget.executed is None or budget.execution_rate is None:
        return None
    return word(
        lang,
        "sentences",
        "execution",
        department=subject(card),
        year=card.submission.year or "",
        adjusted=format_money(budget.adjusted),
        executed=format_money(budget.executed),
        unit=budget.money_unit,
        rate=format_share(budget.execution_rate),
    )


def _side(figures: Mapping[str, Decimal], side: str, unit: str, lang: Lang) -> str | None:
    if "total" not in figures:
        return None
    parts = [word(lang, "sentences", side, amount=format_money(figures["total"]), unit=unit)]
    items = [
        word(
            lang,
            "sentences",
            "breakdown_item",
            item=item_word(lang, side, key),
            amount=format_money(amount),
            unit=unit,
        )
        for key, amount in figures.items()
        if key != "total"
    ]
    if items:
        joined = word(lang, "sentences", "breakdown_separator").join(items)
        parts.append(word(lang, "sentences", "breakdown", items=joined))
    return word(lang, "sentences", "part_separator").join(parts)


def overview(card: Scorecard, submission: Submission, lang: Lang) -> str | None:
    """收支总体情况: total income and expenditure with the breakdown the submission gives."""
    budget, unit = submission.budget, card.budget.money_unit
    sides = [_side(budget.income, "income", unit, lang)]
    sides.append(_side(budget.expenditure, "expenditure", unit, lang))
    present = [s for s in sides if s is not None]
    if not present:
        return None
    return word(
        lang,
        "sentences",
        "overview",
        department=subject(card),
        year=card.submission.year or "",
        parts=word(lang, "sentences", "side_separator").join(present),
    )


def progress(card: Scorecard, lang: Lang) -> str | None:
    """Cumulative spending at each checkpoint against the required share."""
    budget = card.budget
    items = []
    for point in budget.checkpoints:
        label, required = point.label.get(lang), format_share(point.required, point.progress)
        if point.spent is None or point.progress is None:
            items.append(
                word(lang, "sentences", "checkpoint_missing", checkpoint=label, required=required)
            )
            continue
        met = "checkpoint_met" if point.progress >= point.required else "checkpoint_missed"
        items.append(
            word(
                lang,
                "sentences",
                "checkpoint",
                checkpoint=label,
                spent=format_money(point.spent),
                unit=budget.money_unit,
                share=format_share(point.progress),
                required=required,
                status=word(lang, "sentences", met),
            )
        )
    if not items:
        return None
    separator = word(lang, "sentences", "list_separator")
    return word(lang, "sentences", "progress", items=separator.join(items))


def analysis(node: NodeResult, lang: Lang) -> str:
    """One first-level indicator: weight and score, the indicators left out, then each
    deduction as a sentence of its own."""
    leaves = node.leaves()
    if node.status == "not_applicable":
        return word(lang, "sentences", "analysis_na", policy=policy_words(leaves[0], lang))
    parts = [
        word(
            lang,
            "sentences",
            "analysis",
            name=node.name.get(lang),
            weight=format_points(node.weight),
            score=format_points(node.score),
        )
    ]
    dropped = [leaf for leaf in leaves if leaf.status == "not_applicable"]
    if dropped:
        names = word(lang, "sentences", "name_separator").join(n.name.get(lang) for n in dropped)
        policy = policy_words(dropped[0], lang)
        parts.append(word(lang, "sentences", "na_part", items=names, policy=policy))
    deducted = deducted_leaves(leaves)
    parts += [_item(leaf, lang, "leaf_deduction") for leaf in deducted]
    if not deducted:
        parts.append(word(lang, "sentences", "analysis_clean"))
    return "".join(parts) if lang == "zh" else " ".join(parts)
