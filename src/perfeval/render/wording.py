"""Turning numbers and findings into words — the one place a score is formatted.

Points print without trailing zeros (99, 7.6, 0.5); percentages print with the digits the
engine kept when it rounded for comparison (0.420 → 42.0%), so the printed number is the
compared number; money prints with thousands separators (3,089.8).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from perfeval.i18n import Lang, fill, text

if TYPE_CHECKING:  # only annotations: the number formats serve runs that build no models
    from perfeval.models.common import Text
    from perfeval.models.result import Finding, NodeResult, Quantity, Scorecard


def format_points(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}" if normal != 0 else "0"


def format_percent(value: Decimal) -> str:
    return f"{value.scaleb(2):f}%"


def format_money(value: Decimal) -> str:
    return f"{value:,f}"


def format_number(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:,f}" if normal != 0 else "0"


_FORMATTERS = {
    "points": format_points,
    "percent": format_percent,
    "money": format_money,
    "number": format_number,
}


def format_quantity(quantity: Quantity, lang: Lang) -> str:
    if quantity.kind == "text":
        return quantity.text.get(lang) if quantity.text else ""
    if quantity.value is None:
        return "—"
    return _FORMATTERS[quantity.kind](quantity.value)


def describe(found: Finding, lang: Lang, template: Text | None = None) -> str:
    """The sentence for one finding: the leaf's own reason template, or the rule's default."""
    values = {name: format_quantity(q, lang) for name, q in found.values.items()}
    values["deducted"] = format_points(found.deducted)
    if template is not None and found.deducted > 0:
        sentence = fill(template.get(lang), values)
    else:
        sentence = text("findings", found.code, lang, values)
    return sentence + text("labels", "floored", lang) if found.floored else sentence


def reasons(node: NodeResult, lang: Lang) -> list[str]:
    """Every finding of a leaf as sentences, after its status when it was not scored."""
    found = [describe(f, lang, node.reason_template) for f in node.findings]
    if node.status == "not_applicable":
        policy = text("na_policy", node.not_applicable or "rescale", lang)
        found.insert(0, text("status", "na_with_policy", lang, {"policy": policy}))
    elif node.status == "error" and not node.children:
        found.insert(0, text("status", "error", lang))
    return found


def shown_score(node: NodeResult) -> str:
    """The score as a table shows it: a rescaled N/A indicator has none (the total is rescaled)."""
    dropped = node.status == "not_applicable" and node.not_applicable == "rescale"
    return "—" if dropped else format_points(node.score)


def subject(card: Scorecard) -> str:
    """The department, and for a project-level submission the project too."""
    project = card.submission.project
    return f"{card.submission.department}“{project}”" if project else card.submission.department


def summary_lines(card: Scorecard, lang: Lang) -> list[str]:
    """Total and grade, claimed vs computed, data completeness: one sentence each."""
    values = {
        "total": format_points(card.total),
        "weight": format_points(card.total_weight),
        "grade": card.grade.get(lang),
        "completeness": f"{card.completeness.scaleb(2).normalize():f}%",
    }
    lines = [text("summary", "total", lang, values)]
    if card.claimed is not None:
        values["claimed"] = format_points(card.claimed)
        same = card.claimed == card.total
        lines.append(text("summary", "claimed_same" if same else "claimed_differs", lang, values))
    lines.append(text("summary", "completeness", lang, values))
    return lines
