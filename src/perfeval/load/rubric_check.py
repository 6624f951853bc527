"""Cross-tree checks of a rubric, each problem located in the rubric file.

Pydantic checks each node's shape; this module checks what spans nodes: every group's weight
equals the sum of its children and the top level sums to the total, ids are unique, metric
formulas parse and do not loop, referenced metrics exist, rule points fit their weights, and
grade bands are distinct.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from perfeval.errors import Diagnostic, Locate, diagnostic, warning
from perfeval.metrics import Formula, FormulaError, evaluation_order, parse_formula
from perfeval.models.rubric import Group, Leaf, Rubric
from perfeval.rules import traits
from perfeval.rules.traits import Site

Path = tuple[str | int, ...]


def _walk(nodes: Sequence[Group | Leaf], path: Path) -> Iterator[tuple[Group | Leaf, Path]]:
    for index, node in enumerate(nodes):
        here = (*path, index)
        yield node, here
        if isinstance(node, Group):
            yield from _walk(node.children, (*here, "children"))


def _weight_problems(rubric: Rubric, locate: Locate) -> Iterator[Diagnostic]:
    top = sum((n.weight for n in rubric.indicators), Decimal(0))
    if top != rubric.total:
        yield diagnostic(
            "PE201", locate(("indicators",)), id=rubric.id, weight=rubric.total, sum=top
        )
    for node, path in _walk(rubric.indicators, ("indicators",)):
        if isinstance(node, Group) and node.one_of:
            for index, child in enumerate(node.children):
                if child.weight != node.weight:
                    where = locate((*path, "children", index, "weight"))
                    yield diagnostic(
                        "PE227", where, id=node.id, child=child.id, weight=child.weight
                    )
        elif isinstance(node, Group):
            inner = sum((c.weight for c in node.children), Decimal(0))
            if inner != node.weight:
                yield diagnostic(
                    "PE201", locate((*path, "weight")), id=node.id, weight=node.weight, sum=inner
                )


def _id_problems(rubric: Rubric, locate: Locate) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for node, path in _walk(rubric.indicators, ("indicators",)):
        if node.id in seen:
            yield diagnostic("PE202", locate((*path, "id")), id=node.id)
        seen.add(node.id)


def _rule_problems(
    leaf: Leaf, path: Path, locate: Locate, warnings: bool = False
) -> Iterator[Diagnostic]:
    """What the leaf's rule type checks of itself (`TRAITS.checks`), and PE214: the most
    its own table can award (`TRAITS.most`) is the leaf's weight. Errors, or with
    `warnings` only the warnings (which `rubric check` reports, and loading does not)."""
    declared = traits(leaf.rule)
    most = declared.most(leaf.rule)
    if most is not None and most != leaf.weight and not warnings:
        where = locate((*path, "rule"))
        yield diagnostic("PE214", where, id=leaf.id, most=most, weight=leaf.weight)
    site = Site(leaf.weight, leaf.input.range if leaf.input else None)
    for found in declared.checks(leaf.rule, site):
        if found.warning == warnings:
            where = locate((*path, "rule", *found.path))
            make = warning if found.warning else diagnostic
            yield make(found.code, where, id=leaf.id, **found.params)


def rubric_warnings(rubric: Rubric, locate: Locate) -> list[Diagnostic]:
    """What a rubric that loads may still have wrong, for its author (`rubric check`):
    each rule type's warnings, e.g. PE223, a stretch of a leaf's input no band holds."""
    found = [
        problem
        for node, path in _walk(rubric.indicators, ("indicators",))
        if isinstance(node, Leaf)
        for problem in _rule_problems(node, path, locate, warnings=True)
    ]
    return sorted(found, key=lambda d: (d.location.line, d.location.col, d.code))


def _leaf_problems(rubric: Rubric, locate: Locate) -> Iterator[Diagnostic]:
    for node, path in _walk(rubric.indicators, ("indicators",)):
        if not isinstance(node, Leaf):
            continue
        yield from _rule_problems(node, path, locate)
        metric = node.input.metric if node.input else None
        if metric is not None and metric not in rubric.metrics:
            yield diagnostic("PE204", locate((*path, "input", "metric")), id=node.id, metric=metric)
        if node.input is not None and (node.input.metric is None) == (node.input.data is None):
            yield diagnostic("PE215", locate((*path, "input")), id=node.id)


def compile_metrics(rubric: Rubric, locate: Locate) -> tuple[dict[str, Formula], list[Diagnostic]]:
    """Parse every metric formula; problems are located at the metric's key."""
    formulas: dict[str, Formula] = {}
    problems: list[Diagnostic] = []
    for name, source in rubric.metrics.items():
        try:
            formulas[name] = parse_formula(source)
        except FormulaError as exc:
            problems.append(
                diagnostic(exc.code, locate(("metrics", name)), metric=name, **exc.params)
            )
    if not problems:
        try:
            evaluation_order(formulas)
        except FormulaError as exc:
            problems.append(diagnostic(exc.code, locate(("metrics",)), **exc.params))
    return formulas, problems


def _ceiling_problems(rubric: Rubric, locate: Locate) -> Iterator[Diagnostic]:
    ceiling = rubric.score_ceiling
    if ceiling is not None and ceiling.metric not in rubric.metrics:
        yield diagnostic("PE222", locate(("score_ceiling", "metric")), metric=ceiling.metric)


def _grade_problems(rubric: Rubric, locate: Locate) -> Iterator[Diagnostic]:
    minimums = [g.least(rubric.total) for g in rubric.grades]
    if len(set(minimums)) != len(minimums) or not rubric.grades:
        yield diagnostic("PE216", locate(("grades",)))


def check_rubric(rubric: Rubric, locate: Locate) -> tuple[dict[str, Formula], list[Diagnostic]]:
    """The compiled metrics and every cross-tree problem, in file order."""
    formulas, problems = compile_metrics(rubric, locate)
    problems += [
        *_weight_problems(rubric, locate),
        *_id_problems(rubric, locate),
        *_leaf_problems(rubric, locate),
        *_grade_problems(rubric, locate),
        *_ceiling_problems(rubric, locate),
    ]
    problems.sort(key=lambda d: (d.location.line, d.location.col, d.code))
    return formulas, problems
