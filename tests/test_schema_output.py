"""The result schema is the schema of the output: the JSON `score -f json` prints for every
example — alone, all together, broken ones and failed gates included — validates against
`perfeval schema result`, and each `-f jsonl` line against its `FileResult`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "src/perfeval/schemas/result.schema.json").read_text("utf-8"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.yaml"))


def printed(*args: str) -> str:
    result = CliRunner().invoke(app, ["score", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def document(*args: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(printed(*args, "-f", "json"))
    jsonschema.Draft202012Validator(SCHEMA).validate(loaded)
    return loaded


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_alone_validates(example: Path) -> None:
    files = document(str(example))["files"]
    assert [f["path"] for f in files] == [str(example)]
    assert files[0]["scorecard"]["total"] == files[0]["headline"]["total"]


def test_all_examples_together_validate_in_the_same_shape() -> None:
    together = document(*map(str, EXAMPLES))
    assert [f["path"] for f in together["files"]] == list(map(str, EXAMPLES))
    alone = document(str(EXAMPLES[0]))
    assert set(alone) == set(together) == {"schema_version", "perfeval_version", "files"}
    assert alone["files"][0] == together["files"][0]


def test_broken_files_and_failed_gates_validate_too() -> None:
    files = document(*map(str, [*EXAMPLES, *INVALID]), "--fail-under", "95", "--strict")["files"]
    assert any(f["scorecard"] is None and f["headline"] is None for f in files)
    assert {g["code"] for f in files for g in f["gates"]} == {"PE501", "PE503"}


def test_each_jsonl_line_is_a_file_result_without_its_scorecard() -> None:
    line_schema = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/FileResult"}
    validator = jsonschema.Draft202012Validator(line_schema)
    lines = printed(*map(str, [*EXAMPLES, *INVALID]), "-f", "jsonl", "--fail-under", "95")
    records = [json.loads(line) for line in lines.splitlines()]
    assert len(records) == len(EXAMPLES) + len(INVALID)
    for record in records:
        validator.validate(record)
        assert "scorecard" not in record
    everything = document(*map(str, [*EXAMPLES, *INVALID]), "--fail-under", "95")["files"]
    assert records == [{k: v for k, v in f.items() if k != "scorecard"} for f in everything]


def test_the_seed_prints_its_total_as_the_hook_expects() -> None:
    assert re.search(r'"total": *"?99', printed(str(EXAMPLES[0]), "-f", "json"))
