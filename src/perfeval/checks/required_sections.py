"""Narrative lint: a section the report needs is empty (PE413, warning).

The 自评报告 outline (DESIGN §7) prints these sections from the submission; an empty one
leaves a heading with nothing under it. Scoring does not need them, so this is a warning.
Department-level rubrics also need the department's duties and key tasks.

Passes: `narrative: {conclusion: …, problems: [一是…], measures: [下一步…]}`.
Warns: `narrative: {problems: []}` (and no conclusion or measures).
"""

from __future__ import annotations

from perfeval.checks.base import Path, dotted
from perfeval.errors import Diagnostic, Locate, warning
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission

DEPARTMENT_SECTIONS: tuple[Path, ...] = (
    ("department", "functions"),
    ("department", "tasks"),
)
REPORT_SECTIONS: tuple[Path, ...] = (
    ("department", "goal"),  # 部门整体支出绩效目标 / 项目绩效目标
    ("narrative", "performance_management"),  # 绩效管理情况 / 项目组织实施情况
    ("narrative", "conclusion"),
    ("narrative", "problems"),
    ("narrative", "measures"),
)
"""What the report prints from the submission's own words, at both levels: each one empty
would print （未填写） under its heading (`narrative.build.OUTLINES`; a test holds the two to
the same sections on every example)."""


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(_is_empty(item) for item in value)
    return False


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    sections = REPORT_SECTIONS
    if card.rubric.level == "department":
        sections = DEPARTMENT_SECTIONS + REPORT_SECTIONS
    found: list[Diagnostic] = []
    for path in sections:
        value: object = submission
        for part in path:
            value = getattr(value, str(part))
        if _is_empty(value):
            found.append(warning("PE413", locate(path), section=dotted(path)))
    return found
