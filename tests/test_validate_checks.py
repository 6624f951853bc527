"""The consistency checks one by one: what each finds, and what it must not flag.

Cases are small YAML fragments spliced into one valid submission; figures here are
invented for the tests (the seed example carries only what the seed states).
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval.checks import CHECKS, CODES
from perfeval.checks.base import half_unit, rounding_slack
from perfeval.checks.narrative_repeats import repeated_passages
from perfeval.errors import Severity
from perfeval.run.outcome import FileOutcome
from perfeval.run.score import score_file

BASE = """\
rubric: gd-dept-overall
department:
  name: 示例区某局
  year: 2023
  functions: [负责本区示例业务的管理工作。]
  tasks: [完成年度示例重点任务。]
  goal: 全面完成年度绩效目标。
budget:
{budget}
data:
  three_public: {{budget: 10.0, actual: 9.0}}
  procurement: {{planned: 100.0, executed: 100.0}}
  satisfaction: {{rate: 95%}}
{data}
indicators:
  performance_targets:
    targets:
      - {{name: 办理来文, operator: ">=", target: 1000, actual: 1200, unit: 份}}
  performance_management:
    checked: [targets_set, monitoring_done, self_evaluation_done, results_published]
  disclosure: {{value: true}}
  asset_management: {{count: 0}}
  compliance: {{count: 0}}
narrative:
{narrative}
"""
BUDGET = """\
  adjusted: 1000.0
  executed: 1000.0
  balance: 0
  spending: {Q1: 250.0, Q2: 500.0, Q3: 750.0, Q4: 1000.0}"""
NARRATIVE = """\
  conclusion: 全面完成年度绩效目标。
  problems: [绩效目标细化程度有待提高。]
  measures: [进一步细化绩效目标。]"""


def run(tmp_path: Path, budget: str = BUDGET, data: str = "", narrative: str = NARRATIVE):
    path = tmp_path / "s.yaml"
    text = BASE.format(budget=budget, data=data, narrative=narrative)
    path.write_text(text, encoding="utf-8")
    return score_file(path, "s.yaml")


def codes(outcome: FileOutcome) -> list[str]:
    return [p.code for p in outcome.problems]


def test_the_base_submission_is_clean(tmp_path: Path) -> None:
    outcome = run(tmp_path)
    assert outcome.scorecard is not None
    assert codes(outcome) == []


def test_every_check_lists_its_codes() -> None:
    assert set(CHECKS) == set(CODES)


# -- rounding tolerance -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "half"),
    [("10452", "0"), ("3089.8", "0.05"), ("-0.2977", "0.00005"), ("1E+3", "0")],
)
def test_half_unit_follows_the_written_precision(written: str, half: str) -> None:
    assert half_unit(Decimal(written)) == Decimal(half)


def test_rounding_slack_adds_each_figures_half_unit() -> None:
    assert rounding_slack(Decimal("1.5"), Decimal("2.25")) == Decimal("0.055")
    assert rounding_slack(Decimal("9113"), Decimal("1339"), Decimal("10452")) == 0
    assert rounding_slack(Decimal("3090"), Decimal("2000.45")) == Decimal("0.505")


# -- spending ------------------------------------------------------------------------------


def test_spending_follows_the_rubric_order_not_the_written_order(tmp_path: Path) -> None:
    budget = BUDGET.replace(
        "{Q1: 250.0, Q2: 500.0, Q3: 750.0, Q4: 1000.0}",
        "{Q4: 1000.0, Q2: 500.0, Q1: 250.0, Q3: 750.0}",
    )
    assert codes(run(tmp_path, budget=budget)) == []


def test_year_end_spending_may_differ_from_executed_by_rounding_only(tmp_path: Path) -> None:
    near = BUDGET.replace("Q4: 1000.0}", "Q4: 1000.04}")
    assert "PE402" not in codes(run(tmp_path, budget=near))
    far = BUDGET.replace("Q4: 1000.0}", "Q4: 999.8}")
    assert "PE402" in codes(run(tmp_path, budget=far))


def test_no_year_end_figure_means_no_year_end_check(tmp_path: Path) -> None:
    budget = BUDGET.replace(", Q4: 1000.0}", "}")
    assert "PE402" not in codes(run(tmp_path, budget=budget))


def test_executed_above_adjusted_is_a_warning(tmp_path: Path) -> None:
    budget = BUDGET.replace("executed: 1000.0", "executed: 1010.0").replace(
        "Q4: 1000.0", "Q4: 1010.0"
    )
    outcome = run(tmp_path, budget=budget)
    assert codes(outcome) == ["PE403"]
    assert outcome.problems[0].severity is Severity.WARNING
    assert outcome.errors == []


# -- budget breakdowns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "problem"),
    [
        ("{total: 1000.0, current_year: 950.0, carry_over: 50.0}", False),
        ("{total: 1000.0, current_year: 1000.0}", False),
        ("{total: 1000.0}", False),  # no parts: nothing stated to add up
        ("{current_year: 950.0, carry_over: 50.0}", False),  # no total
        ("{total: 1000.0, current_year: 950.0}", True),  # the carry-over was left out
        ("{total: 1000, current_year: 999.9}", False),  # a whole total: rounded to units
        ("{total: 1000, current_year: 999.4}", True),
        ("{total: 1000.0, current_year: 999.8}", True),  # 0.05 + 0.05 < 0.2
    ],
)
def test_income_parts_add_up_to_the_total(tmp_path: Path, income: str, problem: bool) -> None:
    outcome = run(tmp_path, budget=BUDGET + f"\n  income: {income}")
    assert ("PE404" in codes(outcome)) is problem


def test_expenditure_breakdown_is_checked_too(tmp_path: Path) -> None:
    budget = BUDGET + "\n  expenditure: {total: 1000.0, basic: 600.0, project: 300.0}"
    outcome = run(tmp_path, budget=budget)
    assert codes(outcome) == ["PE404"]
    assert outcome.problems[0].params["sum"] == "900.0"


# -- stated totals and year-on-year changes in data ------------------------------------------


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ("  docs: {total: 10452, parts: {市收文: 9113, 区收文: 1339}}", []),
        ("  docs: {total: 10453, parts: {市收文: 9113, 区收文: 1339}}", ["PE405"]),
        ("  docs: {total: 12.3, parts: {a: 4.1, b: 8.15}}", []),  # 12.25 rounds to 12.3
        ("  docs: {total: 12.3, parts: {a: 4.1, b: 8.1}}", []),  # 4.14 + 8.14 = 12.28
        ("  docs: {total: 12.3, parts: {a: 4.1, b: 7.9}}", ["PE405"]),
        ("  nested: {by_office: {docs: {total: 3, parts: {a: 1, b: 1}}}}", ["PE405"]),
        ("  docs: {total: 3, parts: {a: 1, b: two}}", ["PE116"]),
        ("  docs: {total: many, parts: {a: 1}}", ["PE116"]),
        ("  docs: {total: 3, parts: {a: '1', b: '2'}}", []),
        ("  docs: {total: 3, parts: {a: 1, b: 2件}}", ["PE111"]),
        ("  docs: {total: '1,000', parts: {a: 1000}}", ["PE114"]),
        ("  docs: {total: 3, parts: [1, 2]}", ["PE407"]),
    ],
)
def test_stated_totals(tmp_path: Path, data: str, found: list[str]) -> None:
    assert codes(run(tmp_path, data=data)) == found


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ("  sent: {value: 839, last_year: 940, change: -10.7%}", []),  # −10.74…%
        ("  sent: {value: 839, last_year: 940, change: -0.107}", []),
        ("  sent: {value: 839, last_year: 940, change: -10.74%}", []),
        ("  sent: {value: 839, last_year: 940, change: -10.8%}", ["PE406"]),
        ("  sent: {value: 839, last_year: 940, change: 10.7%}", ["PE406"]),  # sign
        ("  sent: {value: 839, change: -10.7%}", []),  # no last-year figure: not checkable
        ("  sent: {value: 5, last_year: 0, change: 100%}", []),  # no change is defined
        ("  docs: {total: 10452, parts: {a: 10452}, last_year: 14883, change: -29.77%}", []),
        ("  docs: {total: 10452, parts: {a: 10452}, last_year: 14000, change: -29.77%}", ["PE406"]),
        ("  sent: {value: 839, last_year: 940, change: minus ten}", ["PE116"]),
        ("  sent: {value: 839, last_year: 940, change: 约-10.7%}", ["PE112"]),
    ],
)
def test_year_on_year_changes(tmp_path: Path, data: str, found: list[str]) -> None:
    assert codes(run(tmp_path, data=data)) == found


def test_year_on_year_message_shows_the_change_at_the_stated_precision(tmp_path: Path) -> None:
    outcome = run(tmp_path, data="  sent: {value: 839, last_year: 940, change: -12.5%}")
    assert outcome.problems[0].params["computed"] == "-10.7%"


# -- narrative lint ------------------------------------------------------------------------


def test_repeated_list_items_are_warned_at_the_repeat(tmp_path: Path) -> None:
    narrative = NARRATIVE.replace(
        "problems: [绩效目标细化程度有待提高。]",
        "problems: [绩效目标细化程度有待提高。, 资产管理不够规范。, 绩效目标细化程度 有待提高。]",
    )
    outcome = run(tmp_path, narrative=narrative)
    assert codes(outcome) == ["PE411"]
    assert outcome.problems[0].params == {
        "section": "narrative.problems",
        "item": "3",
        "first": "1",
    }


def test_repeated_passage_inside_a_paragraph() -> None:
    text = (
        "下一步，我办将加强预算编制，提高预算编制的科学性和合理性。"
        "加强执行管理，提高预算编制的科学性和合理性。"
    )
    assert repeated_passages(text) == ["提高预算编制的科学性和合理性"]


def test_short_stock_phrases_may_recur() -> None:
    assert repeated_passages("同比减少，数量下降。同比减少，质量提高。") == []


def test_repeated_run_of_clauses_is_one_passage() -> None:
    text = "甲乙丙丁戊己，庚辛壬癸子丑，一二三。甲乙丙丁戊己，庚辛壬癸子丑，四五六。"
    assert repeated_passages(text) == ["甲乙丙丁戊己，庚辛壬癸子丑"]


def test_repeat_detection_stays_fast_on_a_huge_paragraph() -> None:
    text = "完全相同的一句话重复出现，" * 50_000
    started = time.perf_counter()
    found = repeated_passages(text)
    assert time.perf_counter() - started < 5  # linear: each clause meets its first copy only
    assert 1 <= len(found) <= 20  # runs double in length, so only log2(50 000) of them


def test_empty_required_sections_are_warned(tmp_path: Path) -> None:
    narrative = "  conclusion: ' '\n  problems: []\n  measures: [进一步细化绩效目标。]"
    outcome = run(tmp_path, narrative=narrative)
    sections = [p.params["section"] for p in outcome.problems if p.code == "PE413"]
    assert sections == ["narrative.conclusion", "narrative.problems"]
    assert outcome.errors == []


def test_deduction_without_a_matching_problem_is_warned(tmp_path: Path) -> None:
    budget = BUDGET.replace("Q1: 250.0", "Q1: 200.0")  # Q1 behind: spending_balance −0.5
    outcome = run(tmp_path, budget=budget)
    assert codes(outcome) == ["PE414"]
    assert outcome.problems[0].params["id"] == "spending_balance"
    addressed = NARRATIVE.replace("[绩效目标细化程度有待提高。]", "[一季度支出进度偏慢。]")
    assert codes(run(tmp_path, budget=budget, narrative=addressed)) == []


# -- placeholders and blanks (PE415, PE416), units that disagree (PE322, PE323) -----------


@pytest.mark.parametrize(
    ("narrative", "found"),
    [
        ("  conclusion: 待填写：自评结论\n  problems: [一是…]\n  measures: [下一步…]", ["PE415"]),
        (
            "  conclusion: 'TO FILL: conclusion'\n  problems: [一是…]\n  measures: [下一步…]",
            ["PE415"],
        ),
        ("  conclusion: 完成。\n  problems: [一是…, '  ']\n  measures: [下一步…]", ["PE416"]),
        ("  conclusion: 其中“待填写”三个字出现在句中。\n  problems: [一是…]\n  measures: [x]", []),
    ],
)
def test_placeholders_and_blank_items_are_warnings(
    tmp_path: Path, narrative: str, found: list[str]
) -> None:
    outcome = run(tmp_path, narrative=narrative)
    assert codes(outcome) == found
    assert all(p.severity is Severity.WARNING for p in outcome.problems)


def test_money_ten_thousand_times_apart_is_a_warning(tmp_path: Path) -> None:
    """元 beside 万元: the budget against its execution, and the two figures of a metric."""
    budget = BUDGET.replace("executed: 1000.0", "executed: 10000000")
    assert "PE323" in codes(run(tmp_path, budget=budget))
    path = tmp_path / "m.yaml"
    text = BASE.format(budget=BUDGET, data="", narrative=NARRATIVE)
    path.write_text(text.replace("{budget: 10.0, actual: 9.0}", "{budget: 100000, actual: 9.0}"))
    assert codes(score_file(path, "m.yaml")) == ["PE323"]


def test_a_percentage_target_against_a_fraction_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = BASE.format(budget=BUDGET, data="", narrative=NARRATIVE)
    row = '{name: 满意度, operator: ">=", target: 90, actual: 0.95, unit: "%"}'
    path.write_text(
        text.replace('{name: 办理来文, operator: ">=", target: 1000, actual: 1200, unit: 份}', row)
    )
    assert "PE322" in codes(score_file(path, "p.yaml"))
