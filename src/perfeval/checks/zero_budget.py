"""A budget figure written as 0 where the same file states money for it (PE408, error).

The execution rate is 执行数 ÷ 调整后预算. When both are 0 the rate is 0 ÷ 0, which the
rubric treats as 不适用 (nothing of that kind at all) — and the total is rescaled, so it can
rise. That is right for a department with no such budget, and wrong for one whose own
收入支出决算 says otherwise: an adjusted budget of 0 beside an income total of 3089.8, or an
executed 0 beside an expenditure total of 3089.8, is a figure left at 0 (or not filled), not
a budget that did not exist. It is an error at the zero, never a quiet 不适用.

Passes::

    budget: {adjusted: 3089.8, executed: 3089.8, income: {total: 3089.8}}

Fails (adjusted 0 beside income 3089.8)::

    budget: {adjusted: 0, executed: 0, income: {total: 3089.8}, expenditure: {total: 3089.8}}
"""

from __future__ import annotations

from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_money

STATED_BY = (("adjusted", "income"), ("executed", "expenditure"))
"""Each figure a rate divides by or reads, and the 决算 section whose total states it."""


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    budget = submission.budget
    found: list[Diagnostic] = []
    for figure, section in STATED_BY:
        value = getattr(budget, figure)
        total = getattr(budget, section).get("total")
        if value is not None and value.is_zero() and total is not None and total > 0:
            found.append(
                diagnostic(
                    "PE408",
                    locate(("budget", figure)),
                    path=f"budget.{figure}",
                    other=f"budget.{section}.total",
                    total=format_money(total),
                    unit=submission.money_unit,
                )
            )
    return found
