"""The seed case: the Haizhu 2023 self-evaluation scores 99 (优) through the engine."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfeval.run.score import score_file


def test_seed_scores_99_with_one_spending_balance_deduction(seed: Path) -> None:
    outcome = score_file(seed, "haizhu-2023.yaml")
    card = outcome.scorecard
    assert card is not None
    assert outcome.errors == []
    assert card.total == Decimal("99")
    assert card.grade.zh == "优"
    deducted = [leaf for leaf in card.leaves() if leaf.score < leaf.weight]
    assert [leaf.id for leaf in deducted] == ["spending_balance"]
    assert deducted[0].deducted == Decimal(1)
    assert card.claimed == card.total
