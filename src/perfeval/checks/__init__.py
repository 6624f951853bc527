"""Consistency checks a reviewer does by hand: one module each, listed in `CHECKS`.

Each check is a pure function `(submission, scorecard, locate) -> list[Diagnostic]`; its
module docstring says what it checks, why, and shows a passing and a failing snippet. The
run layer calls `run_checks` after the engine, so `score` and `validate` report the same
findings. The engine itself checks the claimed score (PE301), missing entries (PE302) and
unknown indicator ids (PE303).

Codes: PE401–PE408 figures (errors, except PE403), PE411–PE416 narrative lint (warnings).
"""

from __future__ import annotations

from perfeval.checks import (
    budget_breakdown,
    budget_execution,
    deductions_addressed,
    narrative_repeats,
    placeholders,
    required_sections,
    spending_sequence,
    stated_totals,
    year_on_year,
    zero_budget,
)
from perfeval.checks.base import Check
from perfeval.errors import Diagnostic, Locate
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission

CHECKS: dict[str, Check] = {
    "spending_sequence": spending_sequence.check,
    "budget_execution": budget_execution.check,
    "budget_breakdown": budget_breakdown.check,
    "zero_budget": zero_budget.check,
    "stated_totals": stated_totals.check,
    "year_on_year": year_on_year.check,
    "narrative_repeats": narrative_repeats.check,
    "required_sections": required_sections.check,
    "placeholders": placeholders.check,
    "deductions_addressed": deductions_addressed.check,
}

CODES: dict[str, tuple[str, ...]] = {
    "spending_sequence": ("PE401", "PE402"),
    "budget_execution": ("PE403",),
    "budget_breakdown": ("PE404",),
    "zero_budget": ("PE408",),
    "stated_totals": ("PE405", "PE407"),
    "year_on_year": ("PE406", "PE407"),
    "narrative_repeats": ("PE411", "PE412"),
    "required_sections": ("PE413",),
    "placeholders": ("PE415", "PE416"),
    "deductions_addressed": ("PE414",),
}
"""The codes each check can report (documentation, and a test that each has a message)."""


def run_checks(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    """Every check's findings, in registry order."""
    return [found for check in CHECKS.values() for found in check(submission, card, locate)]
