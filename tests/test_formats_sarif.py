"""SARIF output validates against the SARIF 2.1.0 JSON Schema (vendored in tests/data/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from perfeval.render import Format, RenderOptions, renderer
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-2.1.0-rtm.5.json"
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.yaml"))


def sarif_for(paths: list[Path], lang: str = "en") -> dict[str, Any]:
    outcomes = [score_file(p, p.relative_to(ROOT).as_posix()) for p in paths]
    options = RenderOptions(lang="en" if lang == "en" else "zh")
    loaded: dict[str, Any] = json.loads(renderer(Format.SARIF)(outcomes, options))
    return loaded


def test_sarif_validates_against_the_2_1_0_schema(seed: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    for lang in ("en", "zh"):
        log = sarif_for([seed, *INVALID], lang)
        jsonschema.Draft4Validator(schema).validate(log)
        assert log["version"] == "2.1.0"


def test_sarif_has_one_rule_per_code_and_stable_ids(seed: Path) -> None:
    log = sarif_for([seed, *INVALID])
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(set(ids))
    assert {r["ruleId"] for r in run["results"]} == set(ids)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["perfevalFinding/v1"]
    descriptions = [rule["shortDescription"]["text"] for rule in rules]
    assert not [d for d in descriptions if "{" in d]  # placeholders are shown as …


def test_sarif_locates_results_in_code_points(seed: Path) -> None:
    run = sarif_for([ROOT / "examples" / "invalid" / "not-a-number.yaml"])["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/invalid/not-a-number.yaml"
    assert location["region"] == {"startLine": 29, "startColumn": 56}


def test_sarif_is_byte_identical_across_runs(seed: Path) -> None:
    assert sarif_for([seed, *INVALID]) == sarif_for([seed, *INVALID])
