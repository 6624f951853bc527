"""Units that disagree within one submission: warnings naming both values.

Two slips that give a plausible but wrong score and that no single figure reveals:

- a percentage target read against a plain fraction (`target: 100`, `unit: "%"`,
  `actual: 0.98`): the row completes 0.98%, not 98% (PE322);
- money in 元 beside money in 万元 (`adjusted: 3089.8`, `executed: 30898000`): two figures
  that are compared or divided, 5,000 or more times apart (PE323). Such a gap is never
  real between a budget and its execution, or between the two figures of one metric.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from perfeval.engine.inputs import ScoringInput
from perfeval.errors import Diagnostic, warning
from perfeval.metrics import Formula
from perfeval.render.wording import format_number

APART = Decimal(5000)
"""How many times apart two figures of the same unit must be to look like 元 vs 万元."""
FRACTION_APART = Decimal(20)
"""How many times apart a percentage and a fraction must be to look like 98 vs 0.98."""


def _apart(a: Decimal, b: Decimal, factor: Decimal) -> bool:
    return a > 0 and b > 0 and max(a, b) / min(a, b) >= factor


def _budget_pairs(given: ScoringInput) -> Iterator[tuple[tuple[str, ...], Decimal]]:
    budget = given.submission.budget
    for name in ("initial", "executed"):
        value = getattr(budget, name)
        if value is not None:
            yield ("budget", name), value
    for part in ("income", "expenditure"):
        total = getattr(budget, part).get("total")
        if total is not None:
            yield ("budget", part, "total"), total
    for key, spent in budget.spending.items():
        yield ("budget", "spending", key), spent


def _metric_pairs(
    formulas: Mapping[str, Formula], lookup: dict[str, Decimal]
) -> Iterator[tuple[str, str]]:
    """The two data figures of every metric that reads exactly two."""
    for formula in formulas.values():
        refs = sorted(formula.references())
        if len(refs) == 2 and all(ref.startswith("data.") and ref in lookup for ref in refs):
            yield refs[0], refs[1]


def _money(given: ScoringInput, figures: dict[str, Decimal]) -> Iterator[Diagnostic]:
    adjusted = given.submission.budget.adjusted
    if adjusted is not None:
        for path, value in _budget_pairs(given):
            if _apart(value, adjusted, APART):
                yield warning(
                    "PE323",
                    given.locate(path),
                    path=".".join(path),
                    value=format_number(value),
                    other_path="budget.adjusted",
                    other=format_number(adjusted),
                )
    for first, second in _metric_pairs(given.plan.formulas, figures):
        if _apart(figures[first], figures[second], APART):
            yield warning(
                "PE323",
                given.locate(tuple(first.split("."))),
                path=first,
                value=format_number(figures[first]),
                other_path=second,
                other=format_number(figures[second]),
            )


def _percent_rows(given: ScoringInput) -> Iterator[Diagnostic]:
    for leaf_id, entry in given.submission.indicators.items():
        for index, row in enumerate(entry.targets or () if entry else ()):
            target, actual = row.target, row.actual
            if row.unit != "%" or target is None or actual is None:
                continue
            small, big = sorted((target, actual))
            if small <= 1 < big and _apart(small, big, FRACTION_APART):
                yield warning(
                    "PE322",
                    given.locate(("indicators", leaf_id, "targets", index)),
                    target_name=row.name[:60],
                    target=format_number(target),
                    actual=format_number(actual),
                )


def unit_warnings(given: ScoringInput, figures: dict[str, Decimal]) -> list[Diagnostic]:
    """PE322 and PE323 for one submission; `figures` holds the data figures the metrics
    read, by path, where they are numbers."""
    return [*_percent_rows(given), *_money(given, figures)]
