"""JSON Schema (draft 2020-12) for what users write and what perfeval writes.

`perfeval schema submission|rubric|result` prints it; the same text ships in the wheel as
`schemas/<kind>.schema.json`, which the examples name in their first line
(`# yaml-language-server: $schema=…`) so editors complete and check them. A test keeps the
shipped files equal to what the models generate; regenerate them with
`perfeval schema KIND -o src/perfeval/schemas/KIND.schema.json`.

Input schemas are pydantic's validation-mode schemas (what may be written); the result
schema is the serialisation-mode schema of `perfeval.models.output.ResultDocument`: exactly
what `score|validate --format json` prints, for one file or many (its `$defs/FileResult` is
one line of `--format jsonl`).
"""

from __future__ import annotations

import enum
import json
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class SchemaKind(enum.StrEnum):
    SUBMISSION = "submission"
    RUBRIC = "rubric"
    RESULT = "result"


def schema_for(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema of one kind of document, generated from the pydantic models."""
    from pydantic import BaseModel
    from pydantic.json_schema import JsonSchemaMode

    from perfeval.models.output import ResultDocument
    from perfeval.models.rubric import Rubric
    from perfeval.models.submission import Submission

    models: dict[SchemaKind, type[BaseModel]] = {
        SchemaKind.SUBMISSION: Submission,
        SchemaKind.RUBRIC: Rubric,
        SchemaKind.RESULT: ResultDocument,
    }
    mode: JsonSchemaMode = "serialization" if kind is SchemaKind.RESULT else "validation"
    body = models[kind].model_json_schema(mode=mode)
    return {"$schema": DRAFT, "$id": f"{kind.value}.schema.json", **body}


def schema_text(kind: SchemaKind) -> str:
    """The schema as the shipped file holds it (stable key order, UTF-8, final newline)."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
