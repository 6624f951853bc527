"""Rule cases as data: every case in tests/cases/rules/*.yaml, scored through the real engine.

The case format is described in tests/cases/rules/README.md. Case files are read with
perfeval's own loader, so numbers are exact Decimals from their text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from harness import (
    LEAF_ID,
    build_rubric,
    build_submission,
    leaf_data,
    leaf_result,
    read_submission,
    rubric_data,
    score_card,
    submission_data,
)
from perfeval.errors import InputError, RubricError
from perfeval.load.document import parse_bytes
from perfeval.models.result import Finding, Scorecard
from perfeval.render.wording import describe
from perfeval.rules import RULES

CASES_DIR = Path(__file__).parent / "cases" / "rules"
TOTALS_DIR = Path(__file__).parent / "cases" / "totals"  # rubric-level rules, same format
KINDS = {"pass", "fail", "boundary", "na", "error"}
REQUIRED_KINDS = {"pass", "fail", "boundary", "na"}
CASE_KEYS = {"name", "kind", "weight", "params", "entry", "input", "metrics", "data", "budget"}
CASE_KEYS |= {"policy", "reason", "expect", "ceiling"}
EXPECT_KEYS = {"score", "status", "findings", "problems", "rubric_error", "input_error"}
EXPECT_KEYS |= {"total", "adjustments"}
FINDING_KEYS = {"code", "deducted", "zh", "en"}
UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    kind: str
    where: str
    spec: dict[str, Any]

    @property
    def expect(self) -> dict[str, Any]:
        expect: dict[str, Any] = self.spec["expect"]
        return expect


def _unknown(keys: Any, allowed: set[str], where: str) -> None:
    extra = set(keys) - allowed
    if extra:
        raise ValueError(f"{where}: unknown keys {sorted(extra)} (allowed: {sorted(allowed)})")


def _merged(defaults: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    spec = {**defaults, **case}
    spec["params"] = {**defaults.get("params", {}), **case.get("params", {})}
    return spec


def load_cases(path: Path) -> Iterator[RuleCase]:
    display = f"tests/cases/{path.parent.name}/{path.name}"
    data, source_map = parse_bytes(path.read_bytes(), display)
    _unknown(data, {"rule", "defaults", "cases"}, display)
    for index, case in enumerate(data["cases"]):
        where = str(source_map.locate(("cases", index)))
        spec = _merged(data.get("defaults", {}), case)
        _unknown(spec, CASE_KEYS, where)
        _unknown(spec["expect"], EXPECT_KEYS, where)
        for found in [*spec["expect"].get("findings", []), *spec["expect"].get("adjustments", [])]:
            _unknown(found, FINDING_KEYS, where)
        if spec["kind"] not in KINDS:
            raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}")
        yield RuleCase(data["rule"], spec["name"], spec["kind"], where, spec)


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def totals_files() -> list[Path]:
    return sorted(TOTALS_DIR.glob("*.yaml"))


ALL_CASES = [case for path in [*case_files(), *totals_files()] for case in load_cases(path)]


def rubric_for(case: RuleCase) -> dict[str, Any]:
    spec = case.spec
    rule = {"type": case.rule, **spec["params"]}
    leaf = leaf_data(
        rule,
        spec["weight"],
        input=spec.get("input"),
        reason=spec.get("reason"),
        not_applicable=spec.get("policy"),
    )
    rubric = rubric_data([leaf], metrics=spec.get("metrics"))
    if "ceiling" in spec:
        rubric["score_ceiling"] = spec["ceiling"]
    return rubric


def submission_for(case: RuleCase) -> dict[str, Any]:
    spec = case.spec
    entries = {LEAF_ID: spec["entry"]} if "entry" in spec else {}
    return submission_data(entries, budget=spec.get("budget"), data=spec.get("data"))


def codes(error: RubricError | InputError) -> list[str]:
    return [d.code for d in error.diagnostics]


def score_case(case: RuleCase) -> Scorecard | None:
    """The scorecard, or None once an expected rubric/input rejection has been checked."""
    expect = case.expect
    if "rubric_error" in expect:
        with pytest.raises(RubricError) as rejected:
            build_rubric(rubric_for(case))
        assert expect["rubric_error"] in codes(rejected.value), case.where
        return None
    rubric, formulas = build_rubric(rubric_for(case))
    if "input_error" in expect:
        with pytest.raises(InputError) as invalid:
            build_submission(submission_for(case))
        assert expect["input_error"] in codes(invalid.value), case.where
        return None
    return score_card(rubric, formulas, *read_submission(submission_for(case)))


def check_findings(
    findings: tuple[Finding, ...], expected: list[dict[str, Any]], where: str, template: Any
) -> None:
    found = [(f.code, f.deducted) for f in findings]
    wanted = [(f["code"], Decimal(f.get("deducted", 0))) for f in expected]
    assert found == wanted, where
    for finding, spec in zip(findings, expected, strict=True):
        for lang in ("zh", "en"):
            sentence = describe(finding, lang, template)
            assert not UNFILLED.search(sentence), f"{where}: unfilled placeholder in {sentence!r}"
            if lang in spec:
                assert sentence == spec[lang], where


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.rule}-{c.name}" for c in ALL_CASES])
def test_rule_case(case: RuleCase) -> None:
    card = score_case(case)
    if card is None:
        return
    expect = case.expect
    leaf = leaf_result(card)
    assert leaf.status == expect.get("status", "scored"), case.where
    assert leaf.score == Decimal(expect["score"]), case.where
    assert sorted(p.code for p in card.problems) == sorted(expect.get("problems", [])), case.where
    check_findings(leaf.findings, expect.get("findings", []), case.where, leaf.reason_template)
    check_findings(card.adjustments, expect.get("adjustments", []), case.where, None)
    if "total" in expect:
        assert card.total == Decimal(expect["total"]), case.where


def test_every_rule_type_has_a_case_file() -> None:
    assert {path.stem for path in case_files()} == set(RULES)
    for path in case_files():
        assert {case.rule for case in load_cases(path)} == {path.stem}


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case_file_covers_pass_fail_boundary_and_na(path: Path) -> None:
    kinds = {case.kind for case in load_cases(path)}
    assert kinds >= REQUIRED_KINDS, f"{path.name} lacks {sorted(REQUIRED_KINDS - kinds)}"


def test_bands_cases_reject_overlaps_and_gaps() -> None:
    bands = list(load_cases(CASES_DIR / "bands.yaml"))
    rejected = {case.expect.get("rubric_error") for case in bands}
    assert {"PE212", "PE213"} <= rejected
    ranges = " ".join(b["range"] for case in bands for b in case.spec["params"]["bands"])
    for end in "[]()":
        assert end in ranges, f"bands cases never use the {end!r} end"
