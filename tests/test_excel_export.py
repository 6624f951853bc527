"""Export and cells: text never becomes a formula, numbers are real and exact, the layout
and the summary sheet, and the three commands end to end."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from excel_support import ROOT, exported, row_of
from perfeval.cli.app import app
from perfeval.excel.cells import put_number, put_percent, put_text, read_number
from perfeval.excel.export import export_workbook
from perfeval.excel.layout import SCORE_COLUMNS
from perfeval.excel.score_sheet import COL
from perfeval.run.score import score_file

SEED = ROOT / "examples" / "haizhu-2023.yaml"
CULTURE = ROOT / "examples" / "minghu-culture-dept-2023.yaml"


def _reloaded(book: Workbook) -> Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+86 20 1234", "-1", "@SUM(A1)", "\tx", "\rx", "=1+1"]
)
def test_formula_looking_text_is_stored_as_text(text: str) -> None:
    book = Workbook()
    put_text(book.active["A1"], text)  # type: ignore[index]
    cell = _reloaded(book).active["A1"]  # type: ignore[index]
    assert cell.data_type == "s"
    assert cell.value == text


@pytest.mark.parametrize(
    ("written", "fmt"),
    [
        ("3089.8", "#,##0.0"),
        ("3089.80", "#,##0.00"),
        ("10452", "#,##0"),
        ("15.0", "#,##0.0"),
        ("-0.107", "#,##0.000"),
        ("0.000001", "#,##0.000000"),
    ],
)
def test_numbers_are_real_and_read_back_exactly(written: str, fmt: str) -> None:
    book = Workbook()
    put_number(book.active["A1"], Decimal(written))  # type: ignore[index]
    cell = _reloaded(book).active["A1"]  # type: ignore[index]
    assert cell.data_type == "n"
    assert cell.number_format == fmt
    number, percent = read_number(cell.value, cell.number_format)
    assert (str(number), percent) == (written, False)


@pytest.mark.parametrize(
    ("ratio", "shown"), [("0.96", "96"), ("0.925", "92.5"), ("-0.2977", "-29.77"), ("1", "100")]
)
def test_percentages_read_back_as_written(ratio: str, shown: str) -> None:
    book = Workbook()
    put_percent(book.active["A1"], Decimal(ratio))  # type: ignore[index]
    cell = _reloaded(book).active["A1"]  # type: ignore[index]
    assert read_number(cell.value, cell.number_format) == (Decimal(shown), True)


def test_more_digits_than_a_double_holds_are_kept_as_text() -> None:
    book = Workbook()
    put_number(book.active["A1"], Decimal("12345678901234567.8"))  # type: ignore[index]
    cell = _reloaded(book).active["A1"]  # type: ignore[index]
    assert (cell.data_type, cell.value) == ("s", "12345678901234567.8")


def test_score_sheet_has_the_official_columns_scores_and_grade() -> None:
    sheet = exported(SEED)["自评表"]
    headers = [sheet.cell(2, c).value for c in range(1, 10)]
    assert headers == [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "评分标准",
        "指标值",
        "完成值",
        "得分",
        "扣分原因",
    ]
    assert len(SCORE_COLUMNS) == sheet.max_column
    card = score_file(SEED, "seed").scorecard
    assert card is not None
    row = row_of(sheet, "spending_balance", COL["code"])
    leaf = next(n for n in card.leaves() if n.id == "spending_balance")
    assert sheet.cell(row, COL["score"]).value == float(leaf.score)
    assert "第一季度" in sheet.cell(row, COL["reason"]).value
    total = row_of(sheet, "#total", COL["code"])
    assert sheet.cell(total, COL["score"]).value == float(card.total)
    assert sheet.cell(total, COL["score"]).number_format == "#,##0.0"
    assert sheet.cell(total + 1, COL["score"]).value == card.grade.zh
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first_group = row_of(sheet, "performance_targets", COL["code"])
    assert f"A{first_group}:A{row_of(sheet, 'satisfaction', COL['code'])}" in merged


def test_budget_sheet_shows_quarterly_progress() -> None:
    budget = exported(SEED)["预算与进度"]
    row = row_of(budget, "budget.spending.Q1", 2)
    assert budget.cell(row, 3).value == 667.4
    assert (budget.cell(row, 4).value, budget.cell(row, 4).number_format) == (0.216, "0.0%")
    assert budget.cell(row, 5).value == 0.25


def test_several_submissions_get_a_summary_sheet() -> None:
    result = export_workbook([str(SEED), str(CULTURE)], None, "zh")
    assert result.content is not None
    book = openpyxl.load_workbook(io.BytesIO(result.content))
    assert book.sheetnames[0] == "汇总"
    assert book.sheetnames[1:] == [
        "1 自评表",
        "1 预算与进度",
        "1 基本信息",
        "2 自评表",
        "2 预算与进度",
        "2 基本信息",
    ]
    summary = book["汇总"]
    rows = [[summary.cell(r, c).value for c in (2, 6, 7)] for r in (3, 4)]
    assert rows == [
        ["广州市海珠区人民政府办公室", 99, "优"],
        ["江州市明湖区文化广电旅游体育局", 84.7, "良"],
    ]
    assert summary.cell(3, 4).number_format == "0"  # the year reads 2023, not 2,023
    assert not str(summary.cell(3, 11).value).startswith("/")  # no absolute local path


def test_cli_init_export_import_score(tmp_path: Path) -> None:
    runner = CliRunner()
    form = tmp_path / "form.xlsx"
    done = runner.invoke(
        app, ["init", "--rubric", "gd-dept-overall", "--format", "xlsx", "-o", str(form)]
    )
    assert (done.exit_code, form.exists()) == (0, True)
    again = runner.invoke(
        app, ["init", "--rubric", "gd-dept-overall", "-f", "xlsx", "-o", str(form)]
    )
    assert again.exit_code == 2 and "PE809" in again.stderr
    no_output = runner.invoke(app, ["init", "--rubric", "gd-dept-overall", "--format", "xlsx"])
    assert no_output.exit_code == 2 and "PE918" in no_output.stderr
    scored = tmp_path / "scored.xlsx"
    assert runner.invoke(app, ["export", str(SEED), "-o", str(scored)]).exit_code == 0
    back = tmp_path / "back.yaml"
    done = runner.invoke(
        app, ["import", str(scored), "-o", str(back), "--rubric", "gd-dept-overall"]
    )
    assert done.exit_code == 0, done.stderr
    score = runner.invoke(app, ["score", str(back), "--format", "json"])
    assert score.exit_code == 0
    card = json.loads(score.stdout)["files"][0]["scorecard"]
    assert (card["total"], card["claimed"], card["grade"]) == ("99.0", "99", "优")


def test_cli_import_of_an_empty_form_fails_and_writes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    form = tmp_path / "form.xlsx"
    runner.invoke(app, ["init", "--rubric", "mof-project", "--format", "xlsx", "-o", str(form)])
    out = tmp_path / "out.yaml"
    done = runner.invoke(app, ["import", str(form), "-o", str(out)])
    assert done.exit_code == 1
    assert f"{form}:基本信息!C" in done.stderr and "PE102" in done.stderr
    assert not out.exists()


def test_cli_export_never_overwrites_an_input(tmp_path: Path) -> None:
    copy = tmp_path / "seed.yaml"
    copy.write_bytes(SEED.read_bytes())
    done = CliRunner().invoke(app, ["export", str(copy), "-o", str(copy)])
    assert done.exit_code == 2 and "PE810" in done.stderr  # a .yaml is no workbook: refused first
    assert copy.read_bytes() == SEED.read_bytes()
    link = tmp_path / "seed.xlsx"  # the same input under a workbook's name
    link.symlink_to(copy)
    done = CliRunner().invoke(app, ["export", str(copy), "-o", str(link)])
    assert done.exit_code == 2 and "PE020" in done.stderr
    assert copy.read_bytes() == SEED.read_bytes()
