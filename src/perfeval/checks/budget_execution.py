"""Executed spending does not exceed the adjusted budget (PE403, warning).

Spending above the adjusted budget (调整后预算) is possible only with a budget adjustment
the submission does not show, so it is flagged for a reviewer, not failed.

Passes::

    budget: {adjusted: 3089.8, executed: 3089.8}

Warns::

    budget: {adjusted: 3089.8, executed: 3120.0}
"""

from __future__ import annotations

from perfeval.errors import Diagnostic, Locate, warning
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_money


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    budget = submission.budget
    if budget.adjusted is None or budget.executed is None or budget.executed <= budget.adjusted:
        return []
    return [
        warning(
            "PE403",
            locate(("budget", "executed")),
            executed=format_money(budget.executed),
            adjusted=format_money(budget.adjusted),
            unit=submission.money_unit,
        )
    ]
