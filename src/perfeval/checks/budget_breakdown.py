"""Budget breakdowns add up to their totals (PE404, error).

`budget.income` and `budget.expenditure` each hold a `total` and its parts: every key other
than `total` is a part (e.g. `current_year` 本年收入, `carry_over` 上年结转, or 基本支出 /
项目支出), and the parts must add up to `total` within rounding. As in the 收入支出决算表, the
breakdown is complete: a remainder not named otherwise goes under `other`. A section with
only `total` (or only parts) states no sum and is not checked.

Passes::

    expenditure: {total: 3089.8, basic: 2100.5, project: 989.3}

Fails (2100.5 + 900 = 3000.5)::

    expenditure: {total: 3089.8, basic: 2100.5, project: 900}
"""

from __future__ import annotations

from perfeval.checks.base import ZERO, rounding_slack
from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_money

SECTIONS = ("income", "expenditure")


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for section in SECTIONS:
        figures = getattr(submission.budget, section)
        total = figures.get("total")
        parts = [v for k, v in figures.items() if k != "total"]
        if total is None or not parts:
            continue
        added = sum(parts, ZERO)
        if abs(added - total) > rounding_slack(total, *parts):
            found.append(
                diagnostic(
                    "PE404",
                    locate(("budget", section, "total")),
                    path=f"budget.{section}",
                    total=format_money(total),
                    sum=format_money(added),
                    parts=" + ".join(format_money(p) for p in parts),
                )
            )
    return found
