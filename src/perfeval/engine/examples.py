"""A rubric's worked examples (`examples:`), scored through the engine: each input must earn
the points its example states, per indicator and in total — like the examples a bureau
gives in its 评分细则. `perfeval rubric check` reports them; the test suite runs every
bundled rubric's."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from perfeval.engine import ScoringInput, score
from perfeval.engine.plan import RubricPlan
from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.load.document import load_document
from perfeval.load.rubric_check import rubric_warnings
from perfeval.load.sources import LoadedRubric
from perfeval.models.result import NodeResult
from perfeval.models.rubric import RubricExample
from perfeval.models.submission import Submission
from perfeval.render.wording import format_points

TOTAL = "total"


def review_rubric(loaded: LoadedRubric, path: Path) -> list[Diagnostic]:
    """What `rubric check` says of a rubric that loads: its warnings (PE223) and its worked
    examples that do not earn what they state (PE224–PE226, errors), in file order."""
    locate = load_document(path, loaded.display).source_map.locate
    found = [*rubric_warnings(loaded.rubric, locate), *example_problems(loaded.plan, locate)]
    return sorted(found, key=lambda d: (d.location.line, d.location.col, d.code))


def example_problems(plan: RubricPlan, locate: Locate) -> list[Diagnostic]:
    """PE224 (an example's input is not a valid submission), PE225 (it expects points of
    an indicator the rubric does not have), PE226 (it earns other points than it says)."""
    return [
        problem
        for index, example in enumerate(plan.rubric.examples)
        for problem in _checked(plan, example, ("examples", index), locate)
    ]


def _submission(plan: RubricPlan, example: RubricExample) -> dict[str, Any]:
    rubric = plan.rubric
    department = {"name": example.name, "year": rubric.year or 2023}
    project = {"project": {"name": example.name}} if rubric.level == "project" else {}
    return {"rubric": rubric.id, "department": department, **project, **example.input}


def _checked(
    plan: RubricPlan, example: RubricExample, at: tuple[str | int, ...], locate: Locate
) -> Iterator[Diagnostic]:
    try:
        submission = Submission.model_validate(_submission(plan, example))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        problem = f"{field}: {first['msg']}"[:200]
        yield diagnostic("PE224", locate((*at, "input")), name=example.name, problem=problem)
        return
    inside = locate((*at, "input"))
    given = ScoringInput(plan, "", submission, example.name, "", lambda path: inside)
    card = score(given)
    nodes = {node.id: node for node in _walk(card.indicators)}
    for key, expected in example.expect.items():
        where = locate((*at, "expect", key))
        found = card.total if key == TOTAL else _score(nodes.get(key))
        if key != TOTAL and key not in nodes:
            yield diagnostic("PE225", where, name=example.name, id=key)
        elif found != expected:
            shown = "—" if found is None else format_points(found)
            yield diagnostic(
                "PE226",
                where,
                name=example.name,
                id=key,
                expected=format_points(expected),
                actual=shown,
            )


def _score(node: NodeResult | None) -> Decimal | None:
    return None if node is None or node.status != "scored" else node.score


def _walk(nodes: tuple[NodeResult, ...]) -> Iterator[NodeResult]:
    for node in nodes:
        yield node
        yield from _walk(node.children)
