"""What a finance officer sends on as it is: the Excel form prints, every document shows the
same numbers and the same N/A mark, and no zh document shows a dotted or English key."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from perfeval.excel.export import export_workbook
from perfeval.load.sources import load_submission
from perfeval.narrative.command import ReportFormat, ReportRequest, make_report
from perfeval.render.wording import NA_MARK

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CULTURE = ROOT / "examples" / "minghu-culture-dept-2023.yaml"
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*\b")
ASCII_KEY = re.compile(r"(?<![A-Za-z])[a-z]+_[a-z_]+")
ALLOWED = {"gd-dept-overall", "mof-project"}  # rubric ids a document names on purpose


def _report(path: Path, fmt: ReportFormat, tmp_path: Path) -> str:
    out = tmp_path / f"report.{fmt.value}"
    result = make_report(ReportRequest(path, path.name, out, fmt))
    assert result.content is not None, result.problems
    if isinstance(result.content, bytes):
        document = docx.Document(io.BytesIO(result.content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt is ReportFormat.HTML:  # what a reader sees: no style sheet, no markup
        visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", result.content, flags=re.DOTALL)
        return html.unescape(visible)
    return result.content


def _workbook_text(content: bytes, sheets: tuple[str, ...] = ()) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = []
    for sheet in book.worksheets:
        if sheets and not any(sheet.title.endswith(name) for name in sheets):
            continue
        # the 代码/指标代码 columns hold the machine keys import reads: not for reading
        code_columns = {c.column for c in sheet[2] if c.value in ("代码", "指标代码")}
        for row in sheet.iter_rows(min_row=1):
            found += [
                str(c.value) for c in row if c.value is not None and c.column not in code_columns
            ]
    return "\n".join(found)


def _keys(text: str) -> set[str]:
    found = set(DOTTED.findall(text)) | set(ASCII_KEY.findall(text))
    return {key for key in found if key not in ALLOWED and not key.startswith("perfeval")}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_dotted_or_english_key_in_a_zh_document(example: Path, tmp_path: Path) -> None:
    for fmt in ReportFormat:
        assert _keys(_report(example, fmt, tmp_path)) == set(), fmt
    result = export_workbook([str(example)], None, "zh")
    assert result.content is not None
    assert _keys(_workbook_text(result.content)) == set()


def test_one_na_mark_and_one_rescaling_in_every_output(tmp_path: Path) -> None:
    arithmetic = "80.48 ÷ 95 × 100 = 84.7"
    for fmt in ReportFormat:
        text = _report(CULTURE, fmt, tmp_path)
        assert arithmetic in text, fmt
        assert text.count(arithmetic) == 2, fmt  # the conclusion and the 附表's 合计 row
    result = export_workbook([str(CULTURE)], None, "zh")
    assert result.content is not None
    sheet = openpyxl.load_workbook(io.BytesIO(result.content))["自评表"]
    procurement = next(r for r in sheet.iter_rows() if r[9].value == "procurement")
    assert procurement[7].value == NA_MARK
    assert any(arithmetic in str(c.value) for r in sheet.iter_rows() for c in r if c.value)


def test_the_score_sheet_prints_on_a4_landscape_one_page_wide() -> None:
    result = export_workbook([str(CULTURE)], None, "zh")
    assert result.content is not None
    sheet = openpyxl.load_workbook(io.BytesIO(result.content))["自评表"]
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9")  # 9 = A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"
    last = sheet.max_row
    assert sheet.print_area == f"'自评表'!$A$1:$I${last}"
    merged = {c for r in sheet.merged_cells.ranges for c in r.cells} - {
        (r.min_row, r.min_col) for r in sheet.merged_cells.ranges
    }
    cells = [
        c for r in sheet.iter_rows(2, last, 1, 9) for c in r if (c.row, c.column) not in merged
    ]
    assert all(c.border.left.style == "thin" for c in cells)
    tall = [sheet.row_dimensions[r].height for r in range(3, last)]
    assert any(h and h > 30 for h in tall)  # wrapped reasons get rows tall enough


def test_computed_indicators_show_their_target_and_actual() -> None:
    result = export_workbook([str(CULTURE)], None, "zh")
    assert result.content is not None
    sheet = openpyxl.load_workbook(io.BytesIO(result.content))["自评表"]
    rows = {r[9].value: r for r in sheet.iter_rows(min_row=3)}
    assert (rows["budget_execution"][5].value, rows["budget_execution"][6].value) == (
        "100%",
        "92.60%",
    )
    assert (rows["carry_over"][5].value, rows["carry_over"][6].value) == ("≤5%", "7.40%")
    assert rows["spending_balance"][6].value == "17.4% / 45.6% / 76.0% / 92.6%"


def test_a_control_character_is_written_escaped_in_the_workbook(tmp_path: Path) -> None:
    data = load_submission(CULTURE, CULTURE.name).document.data
    data["department"]["name"] = "明湖区\x01文广旅体局"
    path = tmp_path / "control.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=float), encoding="utf-8")
    result = export_workbook([str(path)], None, "zh")
    assert result.content is not None, result.problems
    with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
        assert all(b"\x01" not in archive.read(name) for name in archive.namelist())
    assert "明湖区\\x01文广旅体局" in _workbook_text(result.content, ("基本信息",))
