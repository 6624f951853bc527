"""Turning numbers and findings into words — the one place a score is formatted.

Points print without trailing zeros (99, 7.6, 0.5); percentages print with the digits the
engine kept when it rounded for comparison (0.420 → 42.0%), so the printed number is the
compared number; money prints with thousands separators (3,089.8).
"""

from __future__ import annotations

from dataclasses import dataclass
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


def format_share(value: Decimal, like: Decimal | None = None) -> str:
    """A ratio as a percentage at the precision it was computed at (0.760 → 76.0%); a
    ratio the rubric states (a required 25%) is shown as precisely as the value it stands
    beside (`like`: 0.216 → 25.0%), so one sentence has one precision per quantity."""
    if like is not None:
        exponent = like.as_tuple().exponent
        if isinstance(exponent, int):
            value = value.quantize(Decimal(1).scaleb(exponent))
    return format_percent(value)


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


def points_phrase(value: Decimal, lang: Lang) -> str:
    """`1.5 分` / `1 point` / `0.74 points`: a number of points with its unit word."""
    shown = format_points(value)
    key = "point" if lang == "en" and value == 1 else "points"
    return text("labels", key, lang, {"n": shown})


def interval_words(written: str, lang: Lang) -> str:
    """A band written `[80%, 90%)` in the words an official text uses: `80%（含）至 90%`.

    The ends are kept as the rubric writes them; `[0, b)` reads as "below b"."""
    inner = written.strip()[1:-1]
    low, high = (end.strip() for end in inner.split(",", 1))
    low_closed, high_closed = written.strip()[0] == "[", written.strip()[-1] == "]"
    infinite_low, infinite_high = low in ("-inf", "-∞"), high in ("inf", "∞")
    if low in ("0", "0%") and low_closed:
        infinite_low = True
    if infinite_low and infinite_high:
        key = "band_any"
    elif infinite_high:
        key = "band_at_least" if low_closed else "band_above"
    elif infinite_low:
        key = "band_at_most" if high_closed else "band_below"
    else:
        key = "band_" + ("from" if low_closed else "over") + ("_to_incl" if high_closed else "_to")
    return text("labels", key, lang, {"low": low, "high": high})


_WORDED = {"range": interval_words}
"""Values worded by their name rather than their kind (a band's interval text)."""


def _values(found: Finding, lang: Lang) -> dict[str, str]:
    values = {}
    for name, q in found.values.items():
        shown = format_quantity(q, lang)
        values[name] = _WORDED[name](shown, lang) if name in _WORDED and q.kind == "text" else shown
    values["deducted"] = format_points(found.deducted)
    return values


def fact(found: Finding, lang: Lang, template: Text | None = None) -> str:
    """What a finding found, without the points it cost: the leaf's own reason template
    (`reason:` in the rubric) or the rule's default (`[findings]` of the locale)."""
    values = _values(found, lang)
    if template is not None and found.deducted > 0:
        return fill(template.get(lang), values)
    return text("findings", found.code, lang, values)


def describe(found: Finding, lang: Lang, template: Text | None = None) -> str:
    """The reason for one finding: what was found, then the points deducted (unless the
    rubric's own template already states them), then "floored" where it applies."""
    sentence = fact(found, lang, template)
    own = template is not None and "{deducted}" in template.get(lang)
    if found.deducted > 0 and not own:
        points = points_phrase(found.deducted, lang)
        sentence += text("labels", "deduction", lang, {"points": points})
    return sentence + text("labels", "floored", lang) if found.floored else sentence


def reasons(node: NodeResult, lang: Lang) -> list[str]:
    """Every finding of a leaf as a sentence; a leaf not applicable says so once, with its
    policy and why (the N/A finding), a leaf in error says it was not scored."""
    if node.status == "not_applicable":
        policy = text("na_policy", node.not_applicable or "rescale", lang)
        why = text("labels", "separator", lang).join(fact(f, lang) for f in node.findings)
        return [text("status", "na_with_policy", lang, {"policy": policy, "reason": why})]
    found = [describe(f, lang, node.reason_template) for f in node.findings]
    if node.status == "error" and not node.children:
        found.insert(0, text("status", "error", lang))
    return found


NA_MARK = "—"
"""What a score cell shows for an indicator not applicable and left out of the total."""


def shown_score(node: NodeResult) -> str:
    """The score as every table shows it: a rescaled N/A indicator has none (`NA_MARK`:
    the total is rescaled without it)."""
    dropped = node.status == "not_applicable" and node.not_applicable == "rescale"
    return NA_MARK if dropped else format_points(node.score)


@dataclass(frozen=True, slots=True)
class Rescaling:
    """How a total was rescaled after N/A indicators were dropped: `earned` (the scored
    leaves' points) ÷ `counted` (the weight still counted) × `full` = the card's total."""

    earned: Decimal
    counted: Decimal
    full: Decimal
    total: Decimal
    dropped: tuple[NodeResult, ...]


def rescaling(card: Scorecard) -> Rescaling | None:
    """The engine's rescaling of `card`'s total, or None when nothing was dropped. The sums
    are the engine's own (`engine.totals.leaf_sums`), so the arithmetic shown is the one done."""
    leaves = card.leaves()
    dropped = tuple(
        n for n in leaves if n.status == "not_applicable" and n.not_applicable == "rescale"
    )
    if not dropped:
        return None
    from perfeval.engine.totals import leaf_sums  # engine.totals formats with this module

    sums = leaf_sums(leaves)
    counted = card.total_weight - sums.rescaled
    return Rescaling(sums.earned, counted, card.total_weight, card.computed_total, dropped)


def rescaling_sentence(card: Scorecard, lang: Lang) -> str | None:
    """`政府采购执行不适用，不计入；总分按适用指标折算：80.48 ÷ 95 × 100 = 84.7`."""
    found = rescaling(card)
    if found is None:
        return None
    separator = "、" if lang == "zh" else ", "
    values = {
        "items": separator.join(n.name.get(lang) for n in found.dropped),
        "earned": format_points(found.earned),
        "counted": format_points(found.counted),
        "full": format_points(found.full),
        "total": format_points(found.total),
    }
    return text("summary", "rescaled", lang, values)


def adjustment_sentences(card: Scorecard, lang: Lang) -> list[str]:
    """What was taken from the total after the tree, one sentence each with its arithmetic
    (`执行率 65.0%，属于“60%（含）至 70%”档，总分上限 79 分，计算得分 86.4 分，扣 7.4 分`)."""
    return [
        text("summary", "adjusted", lang, {"reason": describe(found, lang)})
        for found in card.adjustments
    ]


def subject(card: Scorecard) -> str:
    """The department, and for a project-level submission the project too."""
    project = card.submission.project
    return f"{card.submission.department}“{project}”" if project else card.submission.department


def summary_lines(card: Scorecard, lang: Lang) -> list[str]:
    """Total and grade, the rescaling and what was taken from the total, claimed vs
    computed, data completeness: one sentence each."""
    values = {
        "total": format_points(card.total),
        "weight": format_points(card.total_weight),
        "grade": card.grade.get(lang),
        "completeness": f"{card.completeness.scaleb(2).normalize():f}%",
    }
    lines = [text("summary", "total", lang, values)]
    rescaled = rescaling_sentence(card, lang)
    if rescaled is not None:
        lines.append(rescaled)
    lines += adjustment_sentences(card, lang)
    if card.claimed is not None:
        values["claimed"] = format_points(card.claimed)
        same = card.claimed == card.total
        lines.append(text("summary", "claimed_same" if same else "claimed_differs", lang, values))
    lines.append(text("summary", "completeness", lang, values))
    return lines
