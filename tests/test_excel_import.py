"""Import: the documented outcome for each awkward workbook, located at sheet and cell."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from excel_support import ROOT, codes, comparable, exported, imported, row_of, save
from perfeval.excel import import_form as importer
from perfeval.excel.score_sheet import COL
from perfeval.load.sources import load_submission

SEED = ROOT / "examples" / "haizhu-2023.yaml"
PROJECT = ROOT / "examples" / "minghu-project-2023.yaml"


def _same_score(result: importer.ImportResult, tmp_path: Path, example: Path = SEED) -> None:
    assert result.content is not None, result.problems
    back = tmp_path / "back.yaml"
    back.write_text(result.content, encoding="utf-8")
    assert comparable(back) == comparable(example)


def test_formula_looking_department_name_stays_text(tmp_path: Path) -> None:
    book = exported(SEED)
    info = book["基本信息"]
    name = '=HYPERLINK("http://example.invalid","点我")'
    cell = info.cell(row_of(info, "department.name", 2), 3)
    cell.value = name
    cell.data_type = "s"  # what perfeval writes; a person's typed formula is tested below
    result = imported(book, tmp_path)
    assert result.content is not None, result.problems
    back = tmp_path / "back.yaml"
    back.write_text(result.content, encoding="utf-8")
    assert load_submission(back).submission.department.name == name
    reopened = openpyxl.load_workbook(tmp_path / "form.xlsx")["基本信息"]
    assert reopened[cell.coordinate].data_type == "s"
    assert reopened[cell.coordinate].value == name


def test_a_formula_is_never_computed(tmp_path: Path) -> None:
    book = exported(SEED)
    budget = book["预算与进度"]
    row = row_of(budget, "budget.adjusted", 2)
    budget.cell(row, 3).value = "=1000+2089.8"  # typed by a person: a real formula
    result = imported(book, tmp_path)
    assert result.content is None
    assert codes(result.problems) == [("PE909", f"{tmp_path / 'form.xlsx'}:预算与进度!C{row}")]


def test_number_stored_as_text_is_read_exactly_with_a_warning(tmp_path: Path) -> None:
    book = exported(SEED)
    budget = book["预算与进度"]
    row = row_of(budget, "budget.adjusted", 2)
    budget.cell(row, 3).value = "3089.8"
    result = imported(book, tmp_path)
    assert codes(result.problems) == [("PE908", f"{tmp_path / 'form.xlsx'}:预算与进度!C{row}")]
    assert result.problems[0].severity == "warning"
    _same_score(result, tmp_path)


@pytest.mark.parametrize(
    ("typed", "code"), [("3,089.8", "PE114"), ("约3089.8", "PE112"), ("3089.8万元", "PE111")]
)
def test_text_that_is_not_exactly_a_number_is_an_error(
    typed: str, code: str, tmp_path: Path
) -> None:
    """Refused by the one reader of typed values, with its code: as in a YAML file."""
    book = exported(SEED)
    budget = book["预算与进度"]
    row = row_of(budget, "budget.adjusted", 2)
    budget.cell(row, 3).value = typed
    result = imported(book, tmp_path)
    assert result.content is None
    assert codes(result.problems) == [(code, f"{tmp_path / 'form.xlsx'}:预算与进度!C{row}")]


def test_extra_unknown_column_is_a_warning_and_ignored(tmp_path: Path) -> None:
    book = exported(SEED)
    score = book["自评表"]
    extra = score.max_column + 1
    score.cell(2, extra).value = "审核意见"
    score.cell(5, extra).value = "已核实"
    result = imported(book, tmp_path)
    column = openpyxl.utils.get_column_letter(extra)
    assert codes(result.problems) == [("PE906", f"{tmp_path / 'form.xlsx'}:自评表!{column}2")]
    _same_score(result, tmp_path)


def test_merged_cell_maze_over_tree_and_results_reads_the_same(tmp_path: Path) -> None:
    book = exported(SEED)
    score = book["自评表"]
    for merged in list(score.merged_cells.ranges):
        score.unmerge_cells(merged.coord)
    last = score.max_row
    score.merge_cells(f"A3:B{last}")  # the whole tree in one cell
    score.merge_cells(f"D3:E{last - 2}")  # weights and 评分标准 over every leaf
    score.merge_cells(f"H16:I{last}")  # scores, reasons and the totals
    score.merge_cells(f"K3:K{last}")  # the fill-in guide
    result = imported(book, tmp_path)
    assert [p for p in result.problems if p.severity == "error"] == []
    _same_score(result, tmp_path)


def test_merged_input_over_two_indicators_is_an_error(tmp_path: Path) -> None:
    book = exported(SEED)
    score = book["自评表"]
    first = row_of(score, "asset_management", COL["code"])
    score.merge_cells(start_row=first, end_row=first + 1, start_column=7, end_column=7)
    result = imported(book, tmp_path)
    assert result.content is None
    where = f"{tmp_path / 'form.xlsx'}:自评表!G{first}"
    assert ("PE910", where) in codes(result.problems)


def test_unknown_code_and_stray_row_are_located(tmp_path: Path) -> None:
    book = exported(SEED)
    score = book["自评表"]
    row = row_of(score, "compliance", COL["code"])
    score.cell(row, COL["code"]).value = "complience"
    score.cell(row + 3, COL["actual"]).value = 5  # below the totals: belongs to nothing
    result = imported(book, tmp_path)
    form = tmp_path / "form.xlsx"
    assert codes(result.problems) == [
        ("PE911", f"{form}:自评表!J{row}"),
        ("PE922", f"{form}:自评表!G{row + 3}"),
    ]
    assert "compliance" in result.problems[0].params["suggestion"]


def test_choice_not_among_the_options_is_an_error(tmp_path: Path) -> None:
    book = exported(PROJECT)
    score = book["自评表"]
    row = row_of(score, "output_timeliness", COL["code"])
    score.cell(row, COL["actual"]).value = "差不多按时"
    result = imported(book, tmp_path)
    assert codes(result.problems) == [("PE926", f"{tmp_path / 'form.xlsx'}:自评表!G{row}")]
    assert "suggestion" not in result.problems[0].params  # never the list of options


def test_value_in_a_column_the_rule_does_not_read_is_a_warning(tmp_path: Path) -> None:
    book = exported(SEED)
    score = book["自评表"]
    row = row_of(score, "budget_execution", COL["code"])  # computed from the budget sheet
    score.cell(row, COL["fraction"]).value = 0.5  # only a tiered indicator reads 得分比例
    result = imported(book, tmp_path)
    assert codes(result.problems) == [("PE913", f"{tmp_path / 'form.xlsx'}:自评表!O{row}")]
    assert result.problems[0].params == {"column": "得分比例"}
    _same_score(result, tmp_path)


def test_the_computed_values_export_writes_are_outputs_not_inputs(tmp_path: Path) -> None:
    """指标值 of every indicator and 完成值 of a computed one are results, like 得分."""
    book = exported(SEED)
    score = book["自评表"]
    row = row_of(score, "budget_execution", COL["code"])
    assert (score.cell(row, COL["target"]).value, score.cell(row, COL["actual"]).value) == (
        "100%",
        "100%",
    )
    result = imported(book, tmp_path)
    assert codes(result.problems) == []
    _same_score(result, tmp_path)


@pytest.mark.parametrize(("key", "typed"), [("actual", "95%"), ("actual", 0.95), ("target", "90%")])
def test_a_value_typed_where_the_form_fills_in_is_a_warning_at_its_cell(
    tmp_path: Path, key: str, typed: object
) -> None:
    """预算执行率 takes its 完成值 from 预算与进度 and its 指标值 from the rubric: a value
    typed over either is not read, and says so at its cell (never dropped without a word)."""
    book = exported(SEED)
    score = book["自评表"]
    row = row_of(score, "budget_execution", COL["code"])
    cell = score.cell(row, COL[key])
    cell.value = typed
    if isinstance(typed, float):
        cell.number_format = "0%"
    result = imported(book, tmp_path)
    assert codes(result.problems) == [
        ("PE928", f"{tmp_path / 'form.xlsx'}:自评表!{cell.coordinate}")
    ]
    assert result.problems[0].params == {
        "column": "完成值" if key == "actual" else "指标值",
        "value": "95%" if key == "actual" else "90%",
        "computed": "100%",
    }
    _same_score(result, tmp_path)


@pytest.mark.parametrize("typed", ["100%", 1, " 100% "])
def test_what_perfeval_computes_typed_again_says_nothing(tmp_path: Path, typed: object) -> None:
    book = exported(SEED)
    score = book["自评表"]
    cell = score.cell(row_of(score, "budget_execution", COL["code"]), COL["actual"])
    cell.value = typed
    if typed == 1:
        cell.number_format = "0%"
    result = imported(book, tmp_path)
    assert codes(result.problems) == []


def test_the_form_exported_in_english_reads_back_without_a_word(tmp_path: Path) -> None:
    for example in (SEED, PROJECT):
        result = imported(exported(example, "en"), tmp_path)
        assert codes(result.problems) == [], example


def test_a_completion_typed_into_the_empty_form_is_a_warning(tmp_path: Path) -> None:
    from perfeval.excel.template import make_template

    made = make_template("gd-dept-overall", "zh", tmp_path / "form.xlsx", force=False)
    assert made.content is not None
    path = tmp_path / "form.xlsx"
    path.write_bytes(made.content)
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    info.cell(row_of(info, "department.name", 2), 3).value = "示例区某局"
    score = book["自评表"]
    cell = score.cell(row_of(score, "budget_execution", COL["code"]), COL["actual"])
    cell.value = "98%"
    book.save(path)
    found = importer.import_form(path, str(path), None, "zh")
    assert codes(found.problems) == [("PE928", f"{path}:自评表!{cell.coordinate}")]


def test_validation_problem_is_reported_at_its_cell(tmp_path: Path) -> None:
    book = exported(SEED)
    info = book["基本信息"]
    row = row_of(info, "department.year", 2)
    info.cell(row, 3).value = 1850
    result = imported(book, tmp_path)
    assert codes(result.problems) == [("PE106", f"{tmp_path / 'form.xlsx'}:基本信息!C{row}")]


def test_empty_form_reports_the_missing_name_at_its_row(tmp_path: Path) -> None:
    from perfeval.excel.template import make_template

    result = make_template("gd-dept-overall", "zh", tmp_path / "form.xlsx", force=False)
    assert result.content is not None
    path = tmp_path / "form.xlsx"
    path.write_bytes(result.content)
    found = importer.import_form(path, str(path), None, "zh")
    info = openpyxl.load_workbook(path)["基本信息"]
    row = row_of(info, "department.name", 2)
    assert ("PE102", f"{path}:基本信息!C{row}") in codes(found.problems)


def test_several_submissions_are_refused(tmp_path: Path) -> None:
    from perfeval.excel.export import export_workbook

    both = export_workbook([str(SEED), str(PROJECT)], None, "zh")
    assert both.content is not None
    path = tmp_path / "both.xlsx"
    path.write_bytes(both.content)
    found = importer.import_form(path, str(path), None, "zh")
    assert codes(found.problems) == [("PE920", str(path))]


def test_oversized_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save(exported(SEED), tmp_path / "form.xlsx")
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", path.stat().st_size - 1)
    found = importer.import_form(path, str(path), None, "zh")
    assert codes(found.problems) == [("PE901", str(path))]


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(importer.MAX_UNPACKED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert path.stat().st_size < 1_000_000  # small on disk, huge unpacked
    found = importer.import_form(path, str(path), None, "zh")
    assert [p.code for p in found.problems] == ["PE903"]


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_text("一级指标,二级指标\n", encoding="utf-8")
    found = importer.import_form(path, str(path), None, "zh")
    assert [p.code for p in found.problems] == ["PE902"]


def test_xml_entities_are_refused_by_defused_parsing(tmp_path: Path) -> None:
    assert openpyxl.xml.DEFUSEDXML  # openpyxl picked up defusedxml
    source = io.BytesIO()
    exported(SEED).save(source)
    path = tmp_path / "form.xlsx"
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as changed:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # read with defusedxml
                data = laughs + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            changed.writestr(item, data)
    found = importer.import_form(path, str(path), None, "zh")
    assert [p.code for p in found.problems] == ["PE902"]
    assert re.search("DTDForbidden|EntitiesForbidden", found.problems[0].params["problem"])


@pytest.mark.parametrize(
    ("written", "code"),
    [("约96%", "PE112"), ("N/A", "PE115"), ("/", "PE115"), ("≥96%", "PE113"), ("96%左右", "PE112")],
)
def test_a_figure_that_tries_to_be_a_number_is_refused_at_its_cell(
    tmp_path: Path, written: str, code: str
) -> None:
    """Text in a data figure's cell that is an attempt at a number is an error at that cell
    (sheet!cell), before any YAML is written — never left for the loader to find later."""
    book = exported(SEED)
    budget = book["预算与进度"]
    row = row_of(budget, "data.satisfaction.rate", 2)
    budget.cell(row, 3).value = written
    result = imported(book, tmp_path)
    assert codes(result.problems) == [(code, f"{tmp_path / 'form.xlsx'}:预算与进度!C{row}")]
