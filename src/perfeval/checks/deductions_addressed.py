"""Narrative lint: a deduction that no item under `problems` addresses (PE414, warning).

Every point lost should be explained in 三、存在的主要问题. A problem item addresses a
deducted indicator when it names it: it contains the indicator's name (zh or en), half or
more of the two-character words of its Chinese name, or one of them that is not a generic
budget word (see `GENERIC`): "预算执行进度前慢后快" addresses 预算资金支出进度均衡性
through 进度, "形成结转" addresses 结转结余控制. This is a heuristic, so the finding is a warning.

Passes: spending_balance loses 1 point and `problems` says "各季度预算资金支出进度均衡性不足".
Warns: the same deduction with `problems: [绩效评价分析运用还不够充分。]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from perfeval.checks.base import unspaced
from perfeval.errors import Diagnostic, Locate, warning
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.submission import Submission

GENERIC = frozenset(
    {"预算", "资金", "管理", "情况", "完成", "指标", "绩效", "使用", "控制", "执行", "目标"}
)
"""Two-character words too common in budget prose to tie a problem to one indicator."""

_CJK_PAIR = re.compile(r"^[\u4e00-\u9fff]{2}$")


class _Indicator(NamedTuple):
    """What a problem item must mention to address an indicator."""

    names: tuple[str, ...]  # its zh (and en) name, without spaces, lower case, if not empty
    pairs: frozenset[str]  # the two-character Chinese words of its zh name
    specific: frozenset[str]  # those of them that are not GENERIC
    named: re.Pattern[str] | None  # finds any of `names` and `specific` (None: there are none)


def _pairs(text: str) -> set[str]:
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return {p for p in pairs if _CJK_PAIR.match(p)}


def _plain(text: str) -> str:
    return unspaced(text).lower()


@lru_cache(maxsize=1024)
def _indicator(zh: str, en: str | None) -> _Indicator:
    """Worked out once per indicator name: a rubric's names recur in every file."""
    names = [_plain(zh), _plain(en)] if en else [_plain(zh)]
    pairs = frozenset(_pairs(names[0]))
    kept, specific = tuple(name for name in names if name), pairs - GENERIC
    words = [*kept, *sorted(specific)]
    named = re.compile("|".join(map(re.escape, words))) if words else None
    return _Indicator(kept, pairs, specific, named)


def _named(text: str, indicator: _Indicator) -> bool:
    """Whether `text` (already `_plain`) holds the indicator's name or a specific word of it:
    one search for all of them."""
    return indicator.named is not None and indicator.named.search(text) is not None


def _half_named(text: str, indicator: _Indicator) -> bool:
    """Whether `text` holds half or more of the indicator's two-character words."""
    found = sum(pair in text for pair in indicator.pairs)
    return bool(indicator.pairs) and 2 * found >= len(indicator.pairs)


def addresses(problem: str, leaf: NodeResult) -> bool:
    """Whether one problem item names the deducted indicator."""
    text, indicator = _plain(problem), _indicator(leaf.name.zh, leaf.name.en)
    return _named(text, indicator) or _half_named(text, indicator)


def deducted_leaves(card: Scorecard) -> list[NodeResult]:
    """The scored leaves that lost points, in tree order."""
    return [leaf for leaf in card.leaves() if leaf.status == "scored" and leaf.score < leaf.weight]


def unaddressed(problems: Sequence[str], card: Scorecard) -> list[NodeResult]:
    """The deducted leaves no item of `problems` addresses — THE rule, for `validate`
    (PE414) and for the problems `report` proposes."""
    deducted = deducted_leaves(card)
    if not deducted:
        return []
    plain = [_plain(problem) for problem in problems]
    # `_plain` leaves no line break in an item, so a name or word found in all of them,
    # joined by line breaks, lies inside one item: one search instead of one per item.
    every_problem = "\n".join(plain)
    found = []
    for leaf in deducted:
        indicator = _indicator(leaf.name.zh, leaf.name.en)
        if _named(every_problem, indicator):
            continue
        if not any(_half_named(text, indicator) for text in plain):
            found.append(leaf)
    return found


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    missing = unaddressed(submission.narrative.problems, card)
    if not missing:
        return []
    where = locate(("narrative", "problems"))
    return [warning("PE414", where, id=leaf.id, name=leaf.name.zh) for leaf in missing]
