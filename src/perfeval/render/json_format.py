"""JSON: the Scorecard as data, byte-identical for the same input (no timestamps).

Decimals are strings (nothing is lost); each problem and finding also carries its sentence
in the chosen language. One file gives one object; several give `{"results": [...]}`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from perfeval.i18n import Lang
from perfeval.models.result import SCHEMA_VERSION, NodeResult
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import problem_data
from perfeval.render.wording import describe
from perfeval.run.outcome import FileOutcome


def node_data(node: NodeResult, lang: Lang) -> dict[str, Any]:
    data = node.model_dump(mode="json", exclude={"children", "findings", "reason_template"})
    data["findings"] = [
        {**f.model_dump(mode="json"), "text": describe(f, lang, node.reason_template)}
        for f in node.findings
    ]
    data["children"] = [node_data(child, lang) for child in node.children]
    return data


def outcome_data(outcome: FileOutcome, lang: Lang) -> dict[str, Any]:
    problems = [problem_data(p, lang) for p in outcome.problems]
    card = outcome.scorecard
    if card is None:
        return {
            "schema_version": SCHEMA_VERSION,
            "submission": {"path": outcome.path},
            "total": None,
            "grade": None,
            "problems": problems,
        }
    data = card.model_dump(mode="json", exclude={"indicators", "problems"})
    data["grade"] = card.grade.get(lang)
    data["indicators"] = [node_data(node, lang) for node in card.indicators]
    data["problems"] = problems
    return data


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    items = [outcome_data(o, options.lang) for o in outcomes]
    payload: Any = (
        items[0]
        if len(items) == 1
        else {
            "schema_version": SCHEMA_VERSION,
            "results": items,
        }
    )
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
