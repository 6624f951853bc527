"""Cumulative spending never decreases across checkpoints, and the last equals `executed`.

`budget.spending` holds *cumulative* spending (累计支出) at each checkpoint, so each figure
must be at least the one before it (PE401, error), and the year-end figure must equal
`budget.executed` within rounding (PE402, error). Checkpoints follow the rubric's
`spending_progress` order when it has one (the last of those is the year end, compared only
when given), otherwise the order written.

Passes::

    budget: {executed: 3089.8, spending: {Q1: 667.4, Q2: 1467.7, Q3: 2348.2, Q4: 3089.8}}

Fails (Q3 below Q2; Q4 not the executed total)::

    budget: {executed: 3089.8, spending: {Q1: 667.4, Q2: 1467.7, Q3: 1400, Q4: 3000}}
"""

from __future__ import annotations

from itertools import pairwise

from perfeval.checks.base import rounding_slack
from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_money


def _order(submission: Submission, card: Scorecard) -> tuple[list[str], str | None]:
    """The checkpoint keys present, in order, and the year-end key (if it is present)."""
    spending = submission.budget.spending
    rubric_keys = [c.key for c in card.budget.checkpoints]
    if not rubric_keys:
        keys = list(spending)
        return keys, (keys[-1] if keys else None)
    present = [k for k in rubric_keys if k in spending]
    year_end = rubric_keys[-1]
    return present, (year_end if year_end in spending else None)


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    spending = submission.budget.spending
    keys, year_end = _order(submission, card)
    found: list[Diagnostic] = []
    for previous, key in pairwise(keys):
        if spending[key] < spending[previous]:
            found.append(
                diagnostic(
                    "PE401",
                    locate(("budget", "spending", key)),
                    checkpoint=key,
                    spent=format_money(spending[key]),
                    previous=previous,
                    previous_spent=format_money(spending[previous]),
                )
            )
    executed = submission.budget.executed
    if year_end is not None and executed is not None:
        spent = spending[year_end]
        if abs(spent - executed) > rounding_slack(spent, executed):
            found.append(
                diagnostic(
                    "PE402",
                    locate(("budget", "spending", year_end)),
                    checkpoint=year_end,
                    spent=format_money(spent),
                    executed=format_money(executed),
                )
            )
    return found
