"""The Word report: Heading styles, the 自评表 as a real table, East-Asian fonts set."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml.ns import qn

from perfeval.narrative.command import ReportFormat, render_report
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
    assert styled["2023 年度广州市海珠区人民政府办公室 部门整体支出绩效自评报告"] == "Title"
    for heading in ("一、部门基本情况", "二、绩效自评情况", "三、存在的主要问题"):
        assert styled[heading] == "Heading 1"
    for heading in ("（一）部门职能", "（一）自评结论", "（二）履职效能分析", "（三）管理效率分析"):
        assert styled[heading] == "Heading 2"
    assert any("完成预算的 100%" in text for text in styled)

    outcome = score_file(seed, seed.name)
    assert outcome.scorecard is not None
    leaves = outcome.scorecard.leaves()
    (table,) = document.tables
    assert len(table.rows) == len(leaves) + 1
    assert [c.text for c in table.rows[0].cells][:4] == ["一级指标", "指标", "分值", "得分"]
    balance = next(r for r in table.rows if r.cells[1].text == "预算资金支出进度均衡性")
    assert balance.cells[3].text == "4"
    assert "第二季度累计支出进度 47.5%" in balance.cells[4].text

    assert east_asian_font(document, "Normal") == "仿宋"
    for style in ("Title", "Heading 1", "Heading 2"):
        assert east_asian_font(document, style) == "黑体"
        fonts = document.styles[style].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_english_docx_uses_song_for_the_body(seed: Path) -> None:
    content = render_report(report_for(seed, "en"), ReportFormat.DOCX, None)
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    assert east_asian_font(document, "Normal") == "宋体"
    assert document.paragraphs[0].text.endswith("Self-Evaluation Report, 2023")
