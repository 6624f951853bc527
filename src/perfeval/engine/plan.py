"""What the engine reads from a rubric for every file, worked out once per rubric.

A batch scores thousands of files against the same loaded rubric, so its tree of leaves and
groups with what each leaf's scoring needs (its rule function, where its input comes from
and the range it must lie in, its full marks as rounded, its N/A policy, the result fields
the rubric fixes), the rule whose spending checkpoints the budget summary follows, its
grades in order and its metrics' evaluation order are computed when the rubric is loaded,
and kept on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfeval.engine.totals import round_half_up
from perfeval.metrics import Formula, evaluation_order
from perfeval.models.result import Checkpoint, NAPolicy, NodeResult, leaf_fields, leaf_result
from perfeval.models.rubric import Grade, Group, Input, Leaf, Rubric
from perfeval.rules import RULES
from perfeval.rules.base import Outcome, RuleContext, RuleParams
from perfeval.rules.interval import Interval, parse_interval


@dataclass(frozen=True, slots=True)
class LeafPlan:
    """What scoring one leaf needs from the rubric, the same for every file."""

    leaf: Leaf
    evaluate: Callable[[Any, RuleContext], Outcome]  # its rule type's function
    input: Input | None  # where its number comes from; None = its entry's value
    reads_entry: bool  # its rule needs its entry (no declared input, and the rule reads one)
    range: Interval | None  # where a declared input must lie (PE312 outside)
    full_marks: Decimal  # its weight rounded as its score is
    na_policy: NAPolicy  # its own N/A policy, else the rubric's
    fields: Mapping[str, Any]  # its NodeResult's fields the rubric fixes (`leaf_fields`)
    full_result: NodeResult  # its result when it earns its full marks with no note: frozen,
    # so every file's scorecard can hold the same one

    def admits(self, value: Decimal) -> bool:
        """Whether a declared input lies in the leaf's range (always, when none is set)."""
        return self.range is None or self.range.contains(value)


@dataclass(frozen=True, slots=True)
class GroupPlan:
    group: Group
    depth: int
    children: tuple[LeafPlan | GroupPlan, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    """The rule whose spending checkpoints the budget summary shows (the first leaf's whose
    rule type follows any: `TRAITS.progress`), and how to reach them."""

    rule: RuleParams
    reached: Callable[[Any, RuleContext], tuple[Checkpoint, ...]]

    def checkpoints(self, ctx: RuleContext) -> tuple[Checkpoint, ...]:
        return self.reached(self.rule, ctx)


@dataclass(frozen=True, slots=True)
class RubricPlan:
    rubric: Rubric
    formulas: Mapping[str, Formula]
    tree: tuple[LeafPlan | GroupPlan, ...]  # the indicators, top level first
    leaf_ids: tuple[str, ...]  # in tree order
    known_ids: frozenset[str]
    progress: Progress | None  # the spending checkpoints the budget summary follows
    grades: tuple[Grade, ...]  # best first, each `min` in points
    metric_order: tuple[str, ...]  # each metric after the metrics it reads
    like_groups: tuple[tuple[str, ...], ...]  # figures a metric combines as like with like
    read_paths: frozenset[str]  # every figure path the metrics and inputs read
    readers: Mapping[str, tuple[str, ...]]  # a key of data read under → its readers' zh names


def _leaf_plan(rubric: Rubric, leaf: Leaf, depth: int) -> LeafPlan:
    given = leaf.input
    full_marks = round_half_up(leaf.weight, rubric.rounding.leaf)
    fields = leaf_fields(
        id=leaf.id,
        name=leaf.name,
        weight=leaf.weight,
        depth=depth,
        rule=leaf.rule.type,
        criteria=leaf.criteria,
        reason_template=leaf.reason,
    )
    return LeafPlan(
        leaf=leaf,
        evaluate=RULES[leaf.rule.type].evaluate,
        input=given,
        reads_entry=given is None and leaf.rule.reads_entry(),
        range=parse_interval(given.range) if given and given.range is not None else None,
        full_marks=full_marks,
        na_policy=leaf.not_applicable or rubric.not_applicable,
        fields=fields,
        full_result=leaf_result(fields, full_marks, "scored", (), None, None),
    )


def _node_plan(rubric: Rubric, node: Group | Leaf, depth: int) -> LeafPlan | GroupPlan:
    if isinstance(node, Leaf):
        return _leaf_plan(rubric, node, depth)
    children = tuple(_node_plan(rubric, child, depth + 1) for child in node.children)
    return GroupPlan(node, depth, children)


def _either_or_ids(nodes: Sequence[Group | Leaf]) -> frozenset[str]:
    """The ids of the either-or groups: a submission may name the child it assessed."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, Group):
            found |= {node.id} if node.one_of else set()
            found |= _either_or_ids(node.children)
    return frozenset(found)


def plan_of(rubric: Rubric, formulas: Mapping[str, Formula]) -> RubricPlan:
    """The plan of a validated rubric and its parsed metrics; the loaded rubric keeps it
    (`perfeval.load.sources.LoadedRubric.plan`), so every file scored against that rubric
    uses the one plan."""
    leaves = rubric.leaves()
    followed = ((leaf.rule, RULES[leaf.rule.type].traits.progress) for leaf in leaves)
    progress = next((Progress(rule, reached) for rule, reached in followed if reached), None)
    return RubricPlan(
        rubric=rubric,
        formulas=formulas,
        tree=tuple(_node_plan(rubric, node, 0) for node in rubric.indicators),
        leaf_ids=tuple(leaf.id for leaf in leaves),
        known_ids=frozenset(leaf.id for leaf in leaves) | _either_or_ids(rubric.indicators),
        progress=progress,
        grades=tuple(
            sorted(
                (Grade(name=g.name, min=g.least(rubric.total)) for g in rubric.grades),
                key=lambda g: g.min,
                reverse=True,
            )
        ),
        metric_order=tuple(evaluation_order(formulas)),
        like_groups=tuple(g for f in formulas.values() for g in f.like_groups()),
        read_paths=_read_paths(leaves, formulas),
        readers=_readers(leaves, formulas),
    )


def _read_paths(leaves: Sequence[Leaf], formulas: Mapping[str, Formula]) -> frozenset[str]:
    """The dotted figure paths the rubric reads: its metrics' references (other metrics'
    names aside) and its leaves' declared `input.data`."""
    referenced = {ref for formula in formulas.values() for ref in formula.references()}
    declared = {leaf.input.data for leaf in leaves if leaf.input and leaf.input.data}
    return frozenset(path for path in referenced | declared if path not in formulas)


def _readers(leaves: Sequence[Leaf], formulas: Mapping[str, Formula]) -> dict[str, tuple[str, ...]]:
    """Each key at the top of `data` the rubric reads figures under (`satisfaction`) → the
    zh names of the indicators whose input reads them (`服务对象满意度`), through metrics."""
    found: dict[str, tuple[str, ...]] = {}
    for leaf in leaves:
        given = leaf.input
        paths = [path for path in (given.metric, given.data) if path] if given else []
        for path in _figures_under(paths, formulas):
            head, _, rest = path.partition(".")
            key = rest.split(".")[0]
            if head == "data" and key and leaf.name.zh not in found.get(key, ()):
                found[key] = (*found.get(key, ()), leaf.name.zh)
    return found


def _figures_under(paths: Sequence[str], formulas: Mapping[str, Formula]) -> set[str]:
    """The figure paths `paths` (metrics or figures) read, through the metrics they read."""
    figures, seen, todo = set(), set(), list(paths)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if path in formulas:
            todo.extend(formulas[path].references())
        else:
            figures.add(path)
    return figures
