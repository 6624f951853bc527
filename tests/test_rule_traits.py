"""Every rule type declares, in its own module, everything perfeval asks of it by type
(`perfeval.rules.traits.Traits`), and nothing outside `rules/` names a rule module."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from perfeval.excel.layout import INPUT_KEYS
from perfeval.i18n import LANGS, catalogue, fill
from perfeval.models.submission import Entry
from perfeval.rules import RULES
from perfeval.rules.traits import Rows, Site, Traits

SRC = Path(__file__).parents[1] / "src" / "perfeval"
CASES = Path(__file__).parent / "cases" / "rules"
RULE_NAMES = sorted(RULES)
COMMON = {"not_applicable", "note", "evidence"}


def _item_fields(listed: Rows) -> set[str]:
    item = Entry.model_fields[listed.field].annotation
    found: set[str] = set()
    for arg in getattr(item, "__args__", ()):
        for inner in getattr(arg, "__args__", ()):
            found |= set(getattr(inner, "model_fields", {}))
    return found


@pytest.mark.parametrize("name", RULE_NAMES)
def test_every_rule_declares_every_trait(name: str) -> None:
    declared = RULES[name].traits
    assert isinstance(declared, Traits)
    for field in dataclasses.fields(Traits):
        value = getattr(declared, field.name)
        if field.name not in ("rows", "row_on_sheet", "progress"):  # None means "none"
            assert value is not None, f"{name}: TRAITS.{field.name}"
    assert (declared.rows is None) == (declared.row_on_sheet is None), name


@pytest.mark.parametrize("name", RULE_NAMES)
def test_declared_fields_and_cells_are_the_entry_s(name: str) -> None:
    declared = RULES[name].traits
    assert set(declared.fields) <= set(Entry.model_fields), name
    for cell in declared.cells:
        assert cell.column in INPUT_KEYS, (name, cell)
        assert cell.field in declared.fields, (name, cell)
    if declared.rows is not None:
        assert declared.rows.field in declared.fields
        item_fields = _item_fields(declared.rows)
        cells = [
            *declared.rows.cells,
            *([declared.rows.switch.cell] if declared.rows.switch else []),
        ]
        for cell in cells:
            assert cell.column in INPUT_KEYS, (name, cell)
            assert cell.field in item_fields, (name, cell)
    reads_entry = bool(declared.fields)
    assert bool(declared.example) == reads_entry, name


def _params_from_cases(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    defaults = data.get("defaults", {}).get("params", {})
    return [{**defaults, **case.get("params", {})} for case in data["cases"]]


@pytest.mark.parametrize("name", RULE_NAMES)
def test_the_init_example_is_a_valid_entry_for_every_case_rubric(name: str) -> None:
    declared = RULES[name].traits
    for raw in _params_from_cases(name):
        try:
            params = RULES[name].params.model_validate({"type": name, **raw})
        except ValidationError:  # a case about an invalid rubric
            continue
        keys = [option.key for option in declared.options(params)]
        lines = [
            fill(line, {"first": keys[0] if keys else "", "all": ", ".join(keys)})
            for line in declared.example
        ]
        written = yaml.safe_load("\n".join(lines).replace("…", "x")) or {}
        assert set(written) <= set(declared.fields), (name, written)
        Entry.model_validate(written)
        most = declared.most(params)
        assert most is None or isinstance(most, Decimal)
        list(declared.checks(params, Site(Decimal(10), None)))


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_its_words(lang: str) -> None:
    words = catalogue(lang)
    for name in RULE_NAMES:
        assert name in words["excel"]["guide"], (lang, name)
        assert name in words["report"]["problem_verdicts"], (lang, name)


def test_every_rule_has_a_case_file() -> None:
    assert sorted(path.stem for path in CASES.glob("*.yaml")) == RULE_NAMES


def test_no_module_outside_rules_names_a_rule_module() -> None:
    names = "|".join(RULE_NAMES)
    by_name = re.compile(
        rf"perfeval\.rules\.({names})\b|from perfeval\.rules import .*\b({names})\b"
    )
    outside = [
        path
        for path in SRC.rglob("*.py")
        if "rules" not in path.relative_to(SRC).parts[:1]
        and by_name.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []
