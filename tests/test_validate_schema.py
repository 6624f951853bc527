"""JSON Schema export: shipped files up to date, draft 2020-12, no tuple types, examples valid."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.load.document import load_document
from perfeval.models.schema import DRAFT, SchemaKind, schema_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "perfeval" / "schemas"
REGENERATE = "perfeval schema {kind} -o src/perfeval/schemas/{kind}.schema.json"


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_shipped_schema_is_up_to_date_with_the_models(kind: SchemaKind) -> None:
    shipped = SHIPPED / f"{kind.value}.schema.json"
    hint = REGENERATE.format(kind=kind.value)
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), f"run `{hint}`"


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_schema_is_draft_2020_12_without_tuple_types(kind: SchemaKind) -> None:
    schema = json.loads(schema_text(kind))
    assert schema["$schema"] == DRAFT
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "prefixItems" not in schema_text(kind)


def test_schema_command_prints_the_shipped_text() -> None:
    result = CliRunner().invoke(app, ["schema", "submission"])
    assert result.exit_code == 0
    assert result.stdout == (SHIPPED / "submission.schema.json").read_text(encoding="utf-8")
    assert CliRunner().invoke(app, ["schema", "nothing"]).exit_code == 2


def as_json(value: Any) -> Any:
    """Loader data as JSON data: Decimals become numbers (int when whole)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def documents(pattern: str) -> list[Path]:
    return sorted(ROOT.glob(pattern))


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [("examples/*.yaml", "submission"), ("src/perfeval/rubrics/*.yaml", "rubric")],
)
def test_examples_and_rubrics_name_and_satisfy_their_schema(pattern: str, kind: str) -> None:
    schema = json.loads((SHIPPED / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in documents(pattern):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (SHIPPED / f"{kind}.schema.json").resolve(), path
        errors = list(validator.iter_errors(as_json(load_document(path, path.name).data)))
        assert errors == [], (path.name, [e.message for e in errors[:3]])


def test_repository_rubrics_resolve_their_schema_too() -> None:
    for path in documents("rubrics/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = path.parent / first.split("$schema=", 1)[1]
        assert target.is_file(), f"{path}: {target} does not exist"
