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

from perfeval.errors import Diagnostic, Locate, warning
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.submission import Submission

GENERIC = frozenset(
    {"预算", "资金", "管理", "情况", "完成", "指标", "绩效", "使用", "控制", "执行", "目标"}
)
"""Two-character words too common in budget prose to tie a problem to one indicator."""

_SPACE = re.compile(r"\s+")
_CJK_PAIR = re.compile(r"^[\u4e00-\u9fff]{2}$")


def _pairs(text: str) -> set[str]:
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return {p for p in pairs if _CJK_PAIR.match(p)}


def addresses(problem: str, leaf: NodeResult) -> bool:
    """Whether one problem item names the deducted indicator."""
    text = _SPACE.sub("", problem).lower()
    names = [_SPACE.sub("", leaf.name.zh).lower()]
    if leaf.name.en:
        names.append(_SPACE.sub("", leaf.name.en).lower())
    if any(name and name in text for name in names):
        return True
    pairs = _pairs(names[0])
    found = {pair for pair in pairs if pair in text}
    return bool(found - GENERIC) or (bool(pairs) and 2 * len(found) >= len(pairs))


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    problems = submission.narrative.problems
    deducted = [leaf for leaf in card.leaves() if leaf.status == "scored" and leaf.deducted > 0]
    return [
        warning("PE414", locate(("narrative", "problems")), id=leaf.id, name=leaf.name.zh)
        for leaf in deducted
        if not any(addresses(problem, leaf) for problem in problems)
    ]
