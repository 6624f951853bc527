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
from perfeval.narrative.words import item_word, level_word, share, word
from perfeval.render.wording import describe, format_money, format_points


def leaf_details(leaf: NodeResult, lang: Lang) -> str:
    """The leaf's deduction findings, each with its arithmetic, as one phrase."""
    found = [describe(f, lang, leaf.reason_template) for f in leaf.findings if f.deducted > 0]
    return word(lang, "sentences", "detail_separator").join(found)


def deducted_leaves(nodes: list[NodeResult]) -> list[NodeResult]:
    return [leaf for leaf in nodes if leaf.status == "scored" and leaf.deducted > 0]


def deduction_items(leaves: list[NodeResult], lang: Lang) -> str:
    items = [
        word(
            lang,
            "sentences",
            "deduction_item",
            indicator=leaf.name.get(lang),
            deducted=format_points(leaf.deducted),
            details=leaf_details(leaf, lang),
        )
        for leaf in leaves
    ]
    return word(lang, "sentences", "list_separator").join(items)


def policy_words(leaf: NodeResult, lang: Lang) -> str:
    return text("na_policy", leaf.not_applicable or "rescale", lang)


def conclusion(card: Scorecard, lang: Lang) -> str:
    """自评结论: total, grade, every deduction with its arithmetic, N/A indicators."""
    leaves = card.leaves()
    parts = [
        word(
            lang,
            "sentences",
            "conclusion",
            year=card.submission.year or "",
            department=card.submission.department,
            kind=level_word(card.rubric.level, lang),
            total=format_points(card.total),
            weight=format_points(card.total_weight),
            grade=card.grade.get(lang),
        )
    ]
    deducted = deducted_leaves(leaves)
    if deducted:
        items = deduction_items(deducted, lang)
        parts.append(word(lang, "sentences", "conclusion_deductions", items=items))
    else:
        parts.append(word(lang, "sentences", "conclusion_clean"))
    na = [leaf for leaf in leaves if leaf.status == "not_applicable"]
    if na:
        names = [
            word(
                lang,
                "sentences",
                "na_item",
                indicator=n.name.get(lang),
                policy=policy_words(n, lang),
            )
            for n in na
        ]
        separator = word(lang, "sentences", "list_separator")
        parts.append(word(lang, "sentences", "conclusion_na", items=separator.join(names)))
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
        department=card.submission.department,
        year=card.submission.year or "",
        adjusted=format_money(budget.adjusted),
        executed=format_money(budget.executed),
        unit=budget.money_unit,
        rate=share(budget.execution_rate),
    )


def _side(figures: Mapping[str, Decimal], side: str, unit: str, lang: Lang) -> str | None:
    if "total" not in figures:
        return None
    parts = [word(lang, "sentences", side, amount=format_money(figures["total"]), unit=unit)]
    parts += [
        word(
            lang,
            "sentences",
            "breakdown",
            item=item_word(lang, side, key),
            amount=format_money(amount),
            unit=unit,
        )
        for key, amount in figures.items()
        if key != "total"
    ]
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
        department=card.submission.department,
        year=card.submission.year or "",
        parts=word(lang, "sentences", "side_separator").join(present),
    )


def progress(card: Scorecard, lang: Lang) -> str | None:
    """Cumulative spending at each checkpoint against the required share."""
    budget = card.budget
    items = []
    for point in budget.checkpoints:
        label, required = point.label.get(lang), share(point.required)
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
                share=share(point.progress),
                required=required,
                status=word(lang, "sentences", met),
            )
        )
    if not items:
        return None
    separator = word(lang, "sentences", "list_separator")
    return word(lang, "sentences", "progress", items=separator.join(items))


def analysis(node: NodeResult, lang: Lang) -> str:
    """One first-level indicator: weight, score, share, and the deductions inside it."""
    leaves = node.leaves()
    if node.status == "not_applicable":
        return word(lang, "sentences", "analysis_na", policy=policy_words(leaves[0], lang))
    first = word(
        lang,
        "sentences",
        "analysis",
        name=node.name.get(lang),
        weight=format_points(node.weight),
        score=format_points(node.score),
    )
    deducted = deducted_leaves(leaves)
    if deducted:
        items = deduction_items(deducted, lang)
        second = word(lang, "sentences", "analysis_deductions", items=items)
    else:
        second = word(lang, "sentences", "analysis_clean")
    return first + second if lang == "zh" else f"{first} {second}"
