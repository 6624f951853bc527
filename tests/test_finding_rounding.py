"""A finding's earned points round like the leaf score it explains (never 28 digits)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.render.wording import describe
from perfeval.run.score import score_file

RUBRIC = """\
id: rounding-case
title: 取整
level: department
source: test
rounding: {leaf: 2, total: 1}
metrics:
  cost_rate: data.cost.actual / data.cost.budget
  execution_rate: budget.executed / budget.adjusted
indicators:
  - {id: cost, name: 成本, weight: 5, input: {metric: cost_rate},
     rule: {type: inverse_ratio}, criteria: 不超预算}
  - {id: execution, name: 执行率, weight: 95, input: {metric: execution_rate},
     rule: {type: ratio}, criteria: 执行率}
"""

SUBMISSION = """\
rubric: rubric.yaml
department: {name: 测试单位, year: 2023}
budget: {adjusted: 3, executed: 2}
data:
  cost: {budget: 12, actual: 13.2}
"""


@pytest.mark.parametrize(
    ("leaf_id", "score", "sentence"),
    [
        ("cost", Decimal("4.55"), "按 5 × 100% ÷ 110% 计得 4.55 分，扣 0.45 分"),
        ("execution", Decimal("63.33"), "按 95 × 66.67% ÷ 100% 计得 63.33 分，扣 31.67 分"),
    ],
)
def test_earned_points_in_findings_are_rounded(
    tmp_path: Path,
    leaf_id: str,
    score: Decimal,
    sentence: str,
    trust_rubrics: Callable[[Path], None],
) -> None:
    trust_rubrics(tmp_path)
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    submission = tmp_path / "submission.yaml"
    submission.write_text(SUBMISSION, encoding="utf-8")
    card = score_file(submission, "submission.yaml").scorecard
    assert card is not None
    leaf = next(leaf for leaf in card.leaves() if leaf.id == leaf_id)
    assert leaf.score == score
    (found,) = leaf.findings
    assert found.values["earned"].value == score
    assert describe(found, "zh").endswith(sentence)
