"""The Word report: Heading styles, the 自评表 as a real table, East-Asian fonts set."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from perfeval.load.sources import load_submission
from perfeval.narrative.chart_png import font_path
from perfeval.narrative.command import ReportFormat, ReportRequest, make_report, render_report
from perfeval.narrative.docx_parts import xml_text
from perfeval.run.score import score_file
from report_support import report_for


def east_asian_font(document: docx.document.Document, style: str) -> str | None:
    fonts = document.styles[style].element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_docx_has_heading_styles_score_table_and_east_asian_fonts(seed: Path) -> None:
    content = render_report(report_for(seed), ReportFormat.DOCX, None)
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    styled = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    title = "2023 年度广州市海珠区人民政府办公室 部门整体支出绩效自评报告"
    assert styled[title] == "报告标题"  # a plain centred style, not Word's blue Title
    title_style = document.styles["报告标题"]
    assert title_style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for heading in ("一、部门基本情况", "二、绩效自评情况", "三、存在的主要问题"):
        assert styled[heading] == "Heading 1"
    for heading in ("（一）部门职能", "（一）自评结论", "（二）履职效能分析", "（三）管理效率分析"):
        assert styled[heading] == "Heading 2"
    assert any("完成预算的 100.00%" in text for text in styled)

    outcome = score_file(seed, seed.name)
    assert outcome.scorecard is not None
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == [
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
    targets = outcome.scorecard.leaves()[0]
    entry_rows = 12  # the seed's 12 performance targets, each a row of its own
    assert len(table.rows) == 1 + len(outcome.scorecard.leaves()) + entry_rows + 1
    balance = next(r for r in table.rows if r.cells[1].text == "预算资金支出进度均衡性")
    assert balance.cells[7].text == "4"
    assert "第二季度末累计支出进度 47.5%" in balance.cells[8].text
    assert targets.name.zh == table.rows[1].cells[1].text

    assert east_asian_font(document, "Normal") == "仿宋_GB2312"
    assert east_asian_font(document, "报告标题") == "方正小标宋简体"
    for style in ("Heading 1", "Heading 2"):
        fonts = document.styles[style].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_docx_table_is_fitted_repeats_its_header_and_keeps_rows_whole(seed: Path) -> None:
    content = render_report(report_for(seed), ReportFormat.DOCX, None)
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    (table,) = document.tables
    widths = [column.width for column in table.columns]
    assert len(set(widths)) > 3  # fitted to content, not six equal columns
    assert widths[8] == max(widths)  # 扣分原因 is the widest
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    annex = document.sections[-1]
    assert annex.page_width > annex.page_height  # the 附表 on landscape pages


def test_docx_has_page_numbers_language_date_and_a_chart(
    seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    content = render_report(report_for(seed), ReportFormat.DOCX, None)
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer
    assert document.core_properties.created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert document.core_properties.language == "zh-CN"
    lang = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "zh-CN"
    again = render_report(report_for(seed), ReportFormat.DOCX, None)
    assert again == content  # reproducible under SOURCE_DATE_EPOCH
    if font_path() is not None:
        assert len(document.inline_shapes) == 2  # the spending and the scores charts


def test_control_characters_are_written_visibly(seed: Path, tmp_path: Path) -> None:
    """A JSON submission can carry U+0001 in the department's name: the report shows it
    escaped instead of failing (python-docx refuses such text)."""
    data = load_submission(seed, seed.name).document.data
    data["department"]["name"] = "海珠区\x01办公室"
    path = tmp_path / "control.json"
    text = json.dumps(data, ensure_ascii=False, default=float)  # figures stay numbers
    path.write_text(text, encoding="utf-8")
    result = make_report(ReportRequest(path, path.name, tmp_path / "out.docx"))
    assert result.exit_code == 0, result.problems
    assert isinstance(result.content, bytes)
    document = docx.Document(io.BytesIO(result.content))
    assert "海珠区\\x01办公室" in document.paragraphs[0].text
    assert xml_text("a\x00b\x1fc\td\ne\ufffe") == "a\\x00b\\x1fc\td\ne\\xfffe"


def test_a_report_too_long_to_lay_out_is_refused(seed: Path, tmp_path: Path) -> None:
    """Aliases of a long paragraph multiply the text: the writers' work is bounded."""
    text = seed.read_text(encoding="utf-8")
    paragraph = "预算执行进度前慢后快，部分项目资金年末未能支出，形成结转。" * 100
    aliases = "".join("    - *p\n" for _ in range(1000))
    text = text.replace("  problems:\n", f'  problems:\n    - &p "{paragraph}"\n{aliases}', 1)
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    result = make_report(ReportRequest(path, path.name, tmp_path / "out.docx"))
    assert result.content is None and result.exit_code == 1
    assert [p.code for p in result.problems if p.code == "PE811"] == ["PE811"]
