"""三、存在的主要问题: the department's own items, then one proposed per deduction they miss.

Whether an item addresses a deduction is decided by one rule, the one `validate` reports
(`checks.deductions_addressed.unaddressed`, PE414): a report proposes a problem exactly for
the deductions `validate` warns about, so the two never contradict each other. A proposed
item states the problem in the department's register — the indicator, what is wrong with
it (`[report.problem_verdicts]`, by rule type) and the facts — and is numbered on from the
department's own items in their style (一是… 二是… → 三是…; （一）…; 1. …).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from perfeval.checks.deductions_addressed import unaddressed
from perfeval.i18n import Lang
from perfeval.models.result import NodeResult, Scorecard
from perfeval.narrative.model import Problem
from perfeval.narrative.words import ordinal, word
from perfeval.render.wording import fact

_ZH_NUMBER = "[一二三四五六七八九十]+"
Numbering = Callable[[int], str]

_STYLES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Numbering]], ...] = (
    (re.compile(rf"^{_ZH_NUMBER}是"), lambda m: lambda n: f"{ordinal(n, 'zh')}是"),
    (re.compile(rf"^[（(]{_ZH_NUMBER}[）)]"), lambda m: lambda n: f"（{ordinal(n, 'zh')}）"),
    (re.compile(r"^\d+([.、．)）])\s*"), lambda m: lambda n: f"{n}{m.group(1)}"),
)


def numbering(own: Sequence[str], lang: Lang) -> Numbering:
    """How the department numbers its items (from its first item); 一是 for a Chinese
    report that has none, nothing for an English one."""
    first = own[0].strip() if own else ""
    for pattern, style in _STYLES:
        match = pattern.match(first)
        if match:
            return style(match)
    if own or lang != "zh":
        return lambda n: ""
    return lambda n: f"{ordinal(n, 'zh')}是"


def _details(leaf: NodeResult, lang: Lang) -> str:
    separator = word(lang, "sentences", "list_separator")
    return separator.join(fact(f, lang, leaf.reason_template) for f in leaf.findings)


def proposed(leaf: NodeResult, number: str, lang: Lang) -> str:
    """One proposed problem: `三是预算执行率偏低：完成值 92.60%，低于目标值 100%…。`"""
    verdict = word(lang, "problem_verdicts", leaf.rule or "manual")
    return word(
        lang,
        "sentences",
        "proposed_problem",
        number=number,
        indicator=leaf.name.get(lang),
        verdict=verdict,
        details=_details(leaf, lang).rstrip("。."),
    )


def problems(card: Scorecard, own: Sequence[str], lang: Lang) -> tuple[Problem, ...]:
    """The department's items verbatim, then the proposed ones, numbered on."""
    number = numbering(own, lang)
    items = [Problem(text) for text in own]
    for index, leaf in enumerate(unaddressed(own, card), start=len(own) + 1):
        items.append(Problem(proposed(leaf, number(index), lang), generated=True))
    return tuple(items)
