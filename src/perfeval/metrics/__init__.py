"""Rubric metrics: a tiny, safe arithmetic formula language (DESIGN §4.1).

Formulas (numbers, ``5%``, dotted paths, ``+ - * /``, unary minus, parentheses, ``min``,
``max``, ``abs``, ``coalesce``) are parsed by our own recursive-descent parser
(`parser`) — never ``eval`` — and evaluated in ``Decimal`` (`syntax`). A missing figure,
0 ÷ 0 or overflow gives :class:`Unavailable` (`values`; the engine makes the indicator N/A),
never an exception or a silent 0; an unreadable figure, or a divisor no ratio can be taken
over (`values.divisor`: x ÷ 0 with x ≠ 0, a negative divisor), gives one that is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from perfeval.metrics.parser import MAX_DEPTH, MAX_LENGTH, parse_formula
from perfeval.metrics.syntax import MAX_MAGNITUDE, Formula, FormulaError
from perfeval.metrics.values import Unavailable, Value, figure

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "Formula",
    "FormulaError",
    "Unavailable",
    "Value",
    "evaluate_metrics",
    "evaluation_order",
    "figure",
    "parse_formula",
]


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Metric names so that each comes after the metrics it references; a cycle is PE210."""
    order: list[str] = []
    state: dict[str, bool] = {}  # False while being visited, True when done

    def deps(name: str) -> list[str]:
        return sorted(ref for ref in formulas[name].references() if ref in formulas)

    for root in formulas:
        if root in state:
            continue
        path, stack, state[root] = [root], [iter(deps(root))], False
        while stack:
            dep = next(stack[-1], None)
            if dep is None:
                stack.pop()
                state[path[-1]] = True
                order.append(path.pop())
            elif state.get(dep) is False:
                cycle = " → ".join([*path[path.index(dep) :], dep])
                raise FormulaError("PE210", 0, {"cycle": cycle, "metric": dep})
            elif dep not in state:
                state[dep] = False
                path.append(dep)
                stack.append(iter(deps(dep)))
    return order


def evaluate_metrics(
    formulas: Mapping[str, Formula],
    lookup: Callable[[str], Value],
    order: Sequence[str] | None = None,
) -> dict[str, Value]:
    """Every metric's value; a reference naming a metric reads that metric's value.

    `order` is `evaluation_order(formulas)`, for a caller that has worked it out already.
    """
    results: dict[str, Value] = {}

    def resolve(path: str) -> Value:
        return results[path] if path in formulas else lookup(path)

    for name in evaluation_order(formulas) if order is None else order:
        results[name] = formulas[name].evaluate(resolve)
    return {name: results[name] for name in formulas}
