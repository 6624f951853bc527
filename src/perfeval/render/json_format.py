"""JSON: one document for any number of files, byte-identical for the same input (no
timestamps): `{"schema_version", "perfeval_version", "files": [...]}`, one entry per file
in input order — its verdict, headline, problems, the gates it failed and its scorecard.

The shape is `perfeval.models.output.ResultDocument`, whose JSON Schema `perfeval schema
result` prints. Decimals are strings (nothing is lost); each problem and finding also
carries its sentence in the chosen language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from perfeval import __version__
from perfeval.i18n import Lang
from perfeval.models.output import OUTPUT_SCHEMA_VERSION
from perfeval.models.result import NodeResult, Scorecard
from perfeval.render import RenderOptions
from perfeval.render.jsonl import file_record
from perfeval.render.neutral import json_text
from perfeval.render.wording import describe
from perfeval.run.outcome import FileOutcome

_LEFT_OUT = {"schema_version", "perfeval_version", "problems", "indicators"}  # said elsewhere


def node_data(node: NodeResult, lang: Lang) -> dict[str, Any]:
    data = node.model_dump(mode="json", exclude={"children", "findings", "reason_template"})
    data["findings"] = [
        {**f.model_dump(mode="json"), "text": describe(f, lang, node.reason_template)}
        for f in node.findings
    ]
    data["children"] = [node_data(child, lang) for child in node.children]
    return data


def scorecard_data(card: Scorecard, lang: Lang) -> dict[str, Any]:
    """The scorecard as `ShownScorecard`: the grade and each finding in words; its problems
    and versions are the file's and the document's."""
    data = card.model_dump(mode="json", exclude=_LEFT_OUT)
    data["grade"] = card.grade.get(lang)
    data["indicators"] = [node_data(node, lang) for node in card.indicators]
    data["adjustments"] = [
        {**f.model_dump(mode="json"), "text": describe(f, lang)} for f in card.adjustments
    ]
    return data


def file_data(outcome: FileOutcome, lang: Lang) -> dict[str, Any]:
    card = outcome.scorecard
    shown = None if card is None else scorecard_data(card, lang)
    return {**file_record(outcome, lang), "scorecard": shown}


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    document = {
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "perfeval_version": __version__,
        "files": [file_data(outcome, options.lang) for outcome in outcomes],
    }
    return json_text(document, indent=2) + "\n"
