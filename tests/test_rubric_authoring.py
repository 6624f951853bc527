"""What a rubric author writes beyond the rule types (issue 17): grades as shares of the
total, the warning where bands leave part of an input's range uncovered, worked examples."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from harness import (
    LEAF_ID,
    build_rubric,
    leaf_data,
    locate_nowhere,
    rubric_data,
    score_data,
    submission_data,
)
from perfeval.engine import plan_of
from perfeval.engine.examples import example_problems
from perfeval.errors import RubricError
from perfeval.load.rubric_check import rubric_warnings

GRADES = [
    {"name": "优", "min": "90%"},
    {"name": "良", "min": "80%"},
    {"name": "中", "min": "60%"},
    {"name": "差", "min": 0},
]


@pytest.mark.parametrize(
    ("earned", "grade"),
    [("33", "优"), ("29.7", "优"), ("29.6", "良"), ("26.4", "良"), ("19.8", "中"), ("19.7", "差")],
)
def test_grades_as_shares_of_a_33_point_total(earned: str, grade: str) -> None:
    """`min: 90%` on a 33-point sheet is 29.7 points: 32 of 33 is 优, not 差."""
    rubric = rubric_data([leaf_data({"type": "manual"}, Decimal(33))])
    rubric["grades"] = GRADES
    entry = {"score": Decimal(earned), "justification": "自评"}
    card = score_data(rubric, submission_data({LEAF_ID: entry}))
    assert card.grade.zh == grade


def test_grades_as_shares_must_still_be_distinct() -> None:
    rubric = rubric_data([leaf_data({"type": "manual"}, Decimal(50))])
    rubric["grades"] = [{"name": "优", "min": "90%"}, {"name": "良", "min": 45}]
    with pytest.raises(RubricError) as rejected:
        build_rubric(rubric)
    assert [d.code for d in rejected.value.diagnostics] == ["PE216"]


def _bands_rubric(bands: list[str], range_: str | None = None) -> dict[str, Any]:
    rule = {"type": "bands", "bands": [{"range": r, "points": 1} for r in bands]}
    extra = {"input": {"data": "data.x", **({"range": range_} if range_ else {})}}
    return rubric_data([leaf_data(rule, Decimal(1), **extra)])


@pytest.mark.parametrize(
    ("bands", "range_", "uncovered"),
    [
        (["[0, 10%)", "[10%, inf)"], None, ["(-inf, 0)"]),  # 预算调整率 after a mid-year cut
        (["[0, 10%)", "[10%, inf)"], "[0, 1]", []),
        (["(-inf, 10%]", "(10%, 20%]", "(20%, inf)"], None, []),
        (["[0, 60%)", "[80%, 90%)", "[90%, 100%]"], "[0, 1]", ["[0.6, 0.8)"]),
        (["[0, 1)"], "[0, 1]", ["[1, 1]"]),
    ],
)
def test_bands_that_leave_part_of_the_range_uncovered_are_named(
    bands: list[str], range_: str | None, uncovered: list[str]
) -> None:
    rubric, _ = build_rubric(_bands_rubric(bands, range_))  # loads: a warning, not an error
    found = rubric_warnings(rubric, locate_nowhere)
    assert [d.code for d in found] == ["PE223"] * len(uncovered)
    assert [d.params["interval"] for d in found] == uncovered


def _example_problems(expect: dict[str, Any], entry: dict[str, Any]) -> list[str]:
    rubric_dict = rubric_data([leaf_data({"type": "ratio", "target": 1}, Decimal(10))])
    rubric_dict["examples"] = [
        {"name": "例", "input": {"indicators": {LEAF_ID: entry}}, "expect": expect}
    ]
    rubric, formulas = build_rubric(rubric_dict)
    return [d.code for d in example_problems(plan_of(rubric, formulas), locate_nowhere)]


def test_a_worked_example_that_earns_what_it_states_passes() -> None:
    assert (
        _example_problems({LEAF_ID: Decimal("9.5"), "total": Decimal("9.5")}, {"value": "95%"})
        == []
    )


@pytest.mark.parametrize(
    ("expect", "entry", "code"),
    [
        ({LEAF_ID: Decimal(9)}, {"value": "95%"}, "PE226"),
        ({"total": Decimal(10)}, {"value": "95%"}, "PE226"),
        ({"nothing": Decimal(1)}, {"value": "95%"}, "PE225"),
        ({LEAF_ID: Decimal(1)}, {"value": "很多"}, "PE224"),
    ],
)
def test_a_worked_example_that_disagrees_is_an_error(
    expect: dict[str, Any], entry: dict[str, Any], code: str
) -> None:
    assert _example_problems(expect, entry) == [code]


def test_the_rubric_format_documents_each_new_construct() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "rubrics.md").read_text("utf-8")
    for construct in (
        "if(",
        "min: 90%",
        "PE223",
        "examples:",
        "type: milestones",
        "share:",
        "nature:",
    ):
        assert construct in text, construct


def _either_group(rate_weight: Decimal = Decimal(5)) -> dict[str, Any]:
    """结转结余率、结转结余变动率二者择其一进行考核: a 5-point either-or group."""
    rate = leaf_data({"type": "ratio", "target": 1}, rate_weight, id="balance_rate")
    change = leaf_data({"type": "ratio", "target": 1}, Decimal(5), id="balance_change")
    return {
        "id": "balance",
        "name": "结转结余",
        "weight": Decimal(5),
        "one_of": True,
        "children": [rate, change],
    }


def _either_or(**entries: Any) -> Any:
    """The either-or group, and a 5-point leaf beside it."""
    group = _either_group()
    other = leaf_data({"type": "ratio", "target": 1}, Decimal(5), id="other")
    rubric = rubric_data([group, other])
    return score_data(rubric, submission_data({"other": {"value": "100%"}, **entries}))


def test_either_or_scores_the_first_alternative_that_applies() -> None:
    card = _either_or(balance_change={"value": "80%"})  # balance_rate not given
    group = card.indicators[0]
    assert [child.id for child in group.children] == ["balance_change"]
    assert group.score == Decimal(4)
    assert card.total == Decimal(9)
    assert [f.code for f in group.findings] == ["one_of.assessed"]
    assert card.problems == ()  # the alternative not assessed needs no entry
    assert [leaf.id for leaf in card.leaves()] == ["balance_change", "other"]


def test_either_or_scores_the_alternative_the_submission_names() -> None:
    card = _either_or(
        balance={"assessed": "balance_change"},
        balance_rate={"value": "100%"},
        balance_change={"value": "60%"},
    )
    assert card.indicators[0].children[0].id == "balance_change"
    assert card.total == Decimal(8)


def test_either_or_naming_no_alternative_is_an_error() -> None:
    card = _either_or(balance={"assessed": "nothing"}, balance_rate={"value": "100%"})
    assert [d.code for d in card.problems] == ["PE319"]
    assert card.total == Decimal(10)


def test_either_or_alternatives_weigh_as_the_group() -> None:
    group = _either_group(rate_weight=Decimal(3))
    with pytest.raises(RubricError) as rejected:
        build_rubric(rubric_data([group]))
    assert [d.code for d in rejected.value.diagnostics] == ["PE227"]
