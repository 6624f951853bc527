"""`perfeval init`: a commented submission skeleton for a rubric.

The skeleton lists every figure the rubric's metrics read and every indicator that needs an
entry, each with its 评分标准 and an example of what to write. It is valid as written:
figures and indicator entries are left empty (null), which validation reports as warnings
(PE320 / PE321: the indicator counts as not applicable until filled), with an example of the
real entry commented out below each — so the file parses, validates with exit 0, and shows
plainly what is still to fill.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfeval.errors import (
    CannotRunError,
    Diagnostic,
    ExitCode,
    Location,
    PerfevalError,
    diagnostic,
)
from perfeval.i18n import Lang, fill, text
from perfeval.load.sources import LoadedRubric, load_rubric, rubric_for_cli
from perfeval.models.result import Checkpoint
from perfeval.models.rubric import Group, Leaf, Rubric
from perfeval.render.wording import format_percent, format_points
from perfeval.rules import traits
from perfeval.rules.base import NO_FIGURES


def _say(lang: Lang, key: str, **values: object) -> str:
    return text("init", key, lang, values)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _data_tree(loaded: LoadedRubric) -> dict[str, list[str]]:
    """Each `data.*` path the rubric reads, with the metrics or indicators that read it."""
    uses: dict[str, list[str]] = {}
    for name, formula in loaded.formulas.items():
        for ref in sorted(formula.references()):
            if ref.startswith("data."):
                uses.setdefault(ref, []).append(name)
    for leaf in loaded.rubric.leaves():
        path = leaf.input.data if leaf.input else None
        if path and path.startswith("data."):
            uses.setdefault(path, []).append(leaf.id)
    return dict(sorted(uses.items()))


def _data_lines(loaded: LoadedRubric, lang: Lang) -> Iterator[str]:
    yield f"# {_say(lang, 'data')}"
    tree = _data_tree(loaded)
    yield "data:" if tree else "data: {}"
    written: set[tuple[str, ...]] = set()
    for path, uses in tree.items():
        parts = tuple(path.split(".")[1:])
        for depth in range(1, len(parts)):
            if parts[:depth] not in written:
                written.add(parts[:depth])
                yield "  " * depth + f"{parts[depth - 1]}:"
        comment = _say(lang, "data_used", uses=", ".join(uses))
        yield "  " * len(parts) + f"{parts[-1]}:    # {comment}"


def _checkpoints(rubric: Rubric, lang: Lang) -> str:
    """The spending checkpoints the rubric's rules follow (`TRAITS.progress`)."""
    points: list[Checkpoint] = []
    for leaf in rubric.leaves():
        reached = traits(leaf.rule).progress
        points += reached(leaf.rule, NO_FIGURES) if reached is not None else ()
    return ", ".join(f"{c.key} ({c.label.get(lang)} {format_percent(c.required)})" for c in points)


def _head_lines(loaded: LoadedRubric, lang: Lang, file: str) -> Iterator[str]:
    rubric = loaded.rubric
    project = rubric.level == "project"
    yield f"# {_say(lang, 'header_project' if project else 'header')}"
    yield "# " + _say(
        lang, "rubric", id=rubric.id, title=rubric.title.get(lang), version=rubric.version
    )
    for key in ("howto", "percent"):
        yield f"# {_say(lang, key)}"
    yield f"# {_say(lang, 'next', file=file)}"
    yield f"rubric: {rubric.id}"
    yield "department:"
    yield f"  name: {_quoted(_say(lang, 'name'))}"
    yield f"  code:        # {_say(lang, 'code')}"
    yield f"  year: {rubric.year or date.today().year - 1}"
    for key in ("region", "level"):
        yield f"  {key}:        # {_say(lang, key)}"
    for key in ("functions", "tasks"):
        yield f"  {key}: []    # {_say(lang, key)}"
    yield f"  goal:        # {_say(lang, 'goal_project' if project else 'goal')}"
    if project:
        yield "project:"
        yield f"  name: {_quoted(_say(lang, 'project_name'))}"
        for key in ("code", "category", "description"):
            yield f"  {key}:        # {_say(lang, 'project_' + key)}"


def _budget_lines(rubric: Rubric, lang: Lang) -> Iterator[str]:
    yield "money_unit: 万元"
    yield "budget:"
    for key in ("initial", "adjusted", "executed", "carry_over", "balance"):
        yield f"  {key}:        # {_say(lang, key)}"
    for key in ("income", "expenditure"):
        yield f"  {key}: {{}}    # {_say(lang, key)}"
    checkpoints = _checkpoints(rubric, lang)
    if checkpoints:
        yield f"  spending: {{}}    # {_say(lang, 'spending', checkpoints=checkpoints)}"


def _example(leaf: Leaf) -> tuple[str, ...]:
    """The entry `init` proposes (`TRAITS.example`), with the rule's option keys filled in."""
    declared = traits(leaf.rule)
    keys = [option.key for option in declared.options(leaf.rule)]
    values = {"first": keys[0] if keys else "", "all": ", ".join(keys)}
    return tuple(fill(line, values) for line in declared.example)


def _options(leaf: Leaf, lang: Lang) -> str | None:
    found = [(o.key, o.label.get(lang)) for o in traits(leaf.rule).options(leaf.rule)]
    if not found:
        return None
    return _say(lang, "options", options=", ".join(f"{k} = {label}" for k, label in found))


def _source(leaf: Leaf) -> str:
    """What a leaf that reads no entry is computed from: its declared input, else the
    figures its rule reads itself (their common parent: `budget.spending`)."""
    if leaf.input is not None:
        return leaf.input.metric or leaf.input.data or ""
    paths = [path.split(".") for path in traits(leaf.rule).figures(leaf.rule)]
    common = paths[0][:-1] if paths else ["budget"]
    for parts in paths:
        while parts[: len(common)] != common:
            common = common[:-1]
    return ".".join(common) or "budget"


def _leaf_lines(leaf: Leaf, lang: Lang) -> Iterator[str]:
    criteria = " ".join(leaf.criteria.get(lang).split())
    name, weight = leaf.name.get(lang), format_points(leaf.weight)
    yield f"  # {_say(lang, 'leaf', name=name, weight=weight, criteria=criteria)}"
    if leaf.input is not None or not leaf.rule.reads_entry():
        yield f"  # {leaf.id}: {_say(lang, 'computed', source=_source(leaf))}"
        return
    yield f"  {leaf.id}:    # {_say(lang, 'replace')}"
    options = _options(leaf, lang)
    if options:
        yield f"    # {options}"
    yield f"    # {_say(lang, 'example')}"
    yield from (f"    # {line}" for line in _example(leaf))


def _indicator_lines(node: Group | Leaf, lang: Lang) -> Iterator[str]:
    if isinstance(node, Leaf):
        yield from _leaf_lines(node, lang)
        return
    group = _say(lang, "group", name=node.name.get(lang), weight=format_points(node.weight))
    yield f"  # ── {group}"
    for child in node.children:
        yield from _indicator_lines(child, lang)


def _narrative_lines(rubric: Rubric, lang: Lang) -> Iterator[str]:
    yield f"claimed_score:    # {_say(lang, 'claimed')}"
    yield "narrative:"
    yield f"  performance_management:    # {_say(lang, 'performance_management')}"
    yield f"  conclusion:    # {_say(lang, 'conclusion')}"
    keys = ", ".join(f"{n.id} ({n.name.get(lang)})" for n in rubric.indicators)
    yield f"  analysis: {{}}    # {_say(lang, 'analysis', keys=keys)}"
    yield f"  problems: []    # {_say(lang, 'problems')}"
    yield f"  measures: []    # {_say(lang, 'measures')}"


def skeleton(loaded: LoadedRubric, lang: Lang, file: str = "submission.yaml") -> str:
    """The commented YAML skeleton for `loaded`'s rubric."""
    rubric = loaded.rubric
    lines = [*_head_lines(loaded, lang, file), *_budget_lines(rubric, lang)]
    lines += [*_data_lines(loaded, lang), f"# {_say(lang, 'indicators')}", "indicators:"]
    for node in rubric.indicators:
        lines += _indicator_lines(node, lang)
    lines += _narrative_lines(rubric, lang)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class SkeletonResult:
    content: str | None
    problems: tuple[Diagnostic, ...]
    exit_code: ExitCode


def make_skeleton(rubric: str, lang: Lang, output: Path | None, force: bool) -> SkeletonResult:
    """Load the rubric and write its skeleton; never over an existing file unless `force`."""
    try:
        if output is not None and output.exists() and not force:
            raise CannotRunError([diagnostic("PE809", Location(str(output)))])
        path, display = rubric_for_cli(rubric)
        loaded = load_rubric(path, display)
    except PerfevalError as exc:
        return SkeletonResult(None, tuple(exc.diagnostics), exc.exit_code)
    name = output.name if output is not None else "submission.yaml"
    return SkeletonResult(skeleton(loaded, lang, name), (), ExitCode.OK)
