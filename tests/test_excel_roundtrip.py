"""Round trips: every example → the scored workbook → import → score gives the identical
scorecard; and the empty form, filled in cell by cell, scores as the YAML it encodes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from excel_support import EXAMPLES, codes, comparable, exported, imported, row_of
from perfeval.excel.score_sheet import COL
from perfeval.excel.template import make_template
from perfeval.i18n import Lang


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_survives_export_and_import(
    example: Path, lang: Lang, tmp_path: Path
) -> None:
    result = imported(exported(example, lang), tmp_path)
    assert result.content is not None, result.problems
    assert [p for p in result.problems if p.severity == "error"] == []
    back = tmp_path / "submission.yaml"
    back.write_text(result.content, encoding="utf-8")
    assert comparable(back) == comparable(example)


def test_the_examples_cover_every_input_kind() -> None:
    """The round trip above is only as good as what the examples hold."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    for needle in (
        "targets:",
        "checked:",
        "count:",
        "choice:",
        "tier:",
        "score:",
        "value: true",
        "not_applicable:",
        "note:",
        "spending:",
        "%}",
        "change:",
        "project:",
    ):
        assert needle in text, needle


FILLED_YAML = """\
rubric: gd-dept-overall
department:
  name: 江州市明湖区档案馆
  year: 2023
  functions: [负责全区档案的收集、保管和利用。, 指导全区机关档案工作。]
money_unit: 万元
budget:
  adjusted: 812.50
  executed: 790.3
  balance: 22.2
  spending: {Q1: 190, Q2: 401.2, Q3: 610.9, Q4: 790.3}
data:
  three_public: {budget: 3.0, actual: 2.7}
  procurement: {planned: 56.0, executed: 54.1}
  satisfaction: {rate: 88.5%}
indicators:
  performance_targets:
    targets:
      - {name: 接收进馆档案, operator: ">=", target: 12000, actual: 12650, unit: 卷}
      - {name: 数字化扫描, category: 产出数量, operator: ">=", target: 300, actual: 276.5}
      - {name: 档案安全无事故, category: 效益, operator: qualitative, achieved: true}
  performance_management:
    checked: [targets_set, monitoring_done]
    note: 绩效自评未按时完成。
  disclosure:
    value: false
  asset_management:
    count: 2
  compliance:
    count: 0
claimed_score: 85
"""


def _fill(path: Path) -> None:
    """What a finance officer types into the empty form."""
    book = load_workbook(path)
    score, budget, info = book["自评表"], book["预算与进度"], book["基本信息"]
    values = {
        "department.name": "江州市明湖区档案馆",
        "claimed_score": 85,
        "budget.adjusted": 812.5,
        "budget.executed": 790.3,
        "budget.balance": 22.2,
        "budget.spending.Q1": 190,
        "budget.spending.Q2": 401.2,
        "budget.spending.Q3": 610.9,
        "budget.spending.Q4": 790.3,
        "data.three_public.budget": 3,
        "data.three_public.actual": 2.7,
        "data.procurement.planned": 56,
        "data.procurement.executed": 54.1,
        "data.satisfaction.rate": 0.885,
        "department.functions": "负责全区档案的收集、保管和利用。",
    }
    for sheet in (budget, info):
        for code, value in values.items():
            for row in range(3, sheet.max_row + 1):
                if sheet.cell(row, 2).value == code:
                    sheet.cell(row, 3).value = value
    budget.cell(5, 3).number_format = "0.00"  # 812.50, as the YAML writes it
    rate = row_of(budget, "data.satisfaction.rate", 2)
    budget.cell(rate, 3).number_format = "0.0%"  # typed as 88.5%
    info.append(["", "department.functions", "指导全区机关档案工作。"])
    targets = row_of(score, "performance_targets", COL["code"])
    rows = [
        ("接收进馆档案", "产出数量", "≥", 12000, 12650, "卷"),
        ("数字化扫描", "产出数量", ">=", 300, 276.5, None),
        ("档案安全无事故", "效益", "定性", None, "是", None),
    ]
    for offset, (name, category, sign, target, actual, unit) in enumerate(rows, start=1):
        for key, value in (
            ("level3", name),
            ("category", category),
            ("operator", sign),
            ("target", target),
            ("actual", actual),
            ("unit", unit),
        ):
            score.cell(targets + offset, COL[key]).value = value
    for code, actual in (
        ("performance_management", "按要求设置绩效目标、开展绩效运行监控"),
        ("disclosure", "否"),
        ("asset_management", 2),
        ("compliance", 0),
    ):
        score.cell(row_of(score, code, COL["code"]), COL["actual"]).value = actual
    note_row = row_of(score, "performance_management", COL["code"])
    score.cell(note_row, COL["note"]).value = "绩效自评未按时完成。"
    book.save(path)


def test_filled_empty_form_scores_as_the_yaml_it_encodes(tmp_path: Path) -> None:
    form = tmp_path / "form.xlsx"
    template = make_template("gd-dept-overall", "zh", form, force=False)
    assert template.content is not None
    form.write_bytes(template.content)
    _fill(form)
    result = imported(load_workbook(form), tmp_path)
    assert result.content is not None, result.problems
    assert codes(result.problems) == []
    back, expected = tmp_path / "imported.yaml", tmp_path / "expected.yaml"
    back.write_text(result.content, encoding="utf-8")
    expected.write_text(FILLED_YAML, encoding="utf-8")
    assert comparable(back) == comparable(expected)
    assert comparable(back)["total"] == "85.0"
