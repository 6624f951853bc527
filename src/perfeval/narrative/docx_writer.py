"""The report as a Word document (python-docx), in the shape departments file.

Laid out per the conventions of 党政机关公文格式 (GB/T 9704-2012) as far as a
self-evaluation follows them: A4, margins 37/35/28/26 mm; the title centred in 小标宋 二号
(22 pt, 黑体 where 小标宋 is missing) in a plain paragraph style, never Word's blue Title;
一级标题 黑体 and 二级标题 楷体 三号 (16 pt) in Heading 1 / Heading 2 (so the navigation pane
and a table of contents work); the body 仿宋 三号 with a two-character first-line indent;
page numbers "— 1 —" centred at the foot. The 附表 goes on landscape pages (`docx_table`),
the charts are PNG images (`chart_png`). Every text passes `xml_text`; the language is
zh-CN (en-US for English) and the creation date is now or `SOURCE_DATE_EPOCH`.
"""

from __future__ import annotations

import io
from typing import cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle

from perfeval.narrative.docx_parts import (
    creation_time,
    page_numbers,
    reproducible,
    set_fonts,
    set_properties,
    xml_text,
)
from perfeval.narrative.docx_table import sheet_table
from perfeval.narrative.model import Report, Section

TITLE_STYLE = "报告标题"
BODY_FONTS = {"zh": ("Times New Roman", "仿宋_GB2312"), "en": ("Times New Roman", "宋体")}
STYLE_FONTS = {  # style: (latin, East-Asian, size in pt)
    TITLE_STYLE: ("Times New Roman", "方正小标宋简体", 22),
    "Heading 1": ("Times New Roman", "黑体", 16),
    "Heading 2": ("Times New Roman", "楷体_GB2312", 16),
}
BODY_SIZE = 16
PAGE_NUMBER_SIZE = 14  # 四号
PORTRAIT = (210, 297, 37, 35, 28, 26)  # width, height, top, bottom, left, right (mm)


def _style(document: DocumentObject, name: str) -> ParagraphStyle:
    return cast(ParagraphStyle, document.styles[name])


def _setup(document: DocumentObject, lang: str) -> None:
    section = document.sections[0]
    width, height, top, bottom, left, right = PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    title = cast(ParagraphStyle, document.styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH))
    title.base_style = _style(document, "Normal")
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = Pt(16)
    latin, east_asian = BODY_FONTS[lang]
    normal = _style(document, "Normal")
    set_fonts(normal, latin, east_asian, BODY_SIZE)
    normal.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE) if lang == "zh" else Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    for name, (latin, east_asian, size) in STYLE_FONTS.items():
        style = _style(document, name)
        set_fonts(style, latin, east_asian, size)
        style.font.bold = False
        style.paragraph_format.first_line_indent = (
            Pt(0) if name == TITLE_STYLE else Pt(2 * BODY_SIZE)
        )
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)


def _paragraph(document: DocumentObject, text: str, style: str | None = None) -> None:
    document.add_paragraph(xml_text(text), style)


def _chart(document: DocumentObject, report: Report, key: str) -> None:
    from perfeval.narrative.chart_png import render_png

    for chart in report.charts:
        if chart.key != key:
            continue
        image = render_png(chart)
        if image is None:  # no CJK font on this machine: the numbers are in the text
            continue
        document.add_picture(io.BytesIO(image), width=Mm(150))
        picture = document.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.first_line_indent = Pt(0)
        picture.paragraph_format.line_spacing = 1.0  # the body's exact 28 pt would clip it


def _section(document: DocumentObject, report: Report, section: Section) -> None:
    document.add_heading(xml_text(section.heading), level=section.depth)
    mark = report.labels["generated"]
    for block in section.blocks:
        if block.kind == "chart":
            _chart(document, report, block.text)
        else:
            _paragraph(document, f"{mark}{block.text}" if block.kind == "generated" else block.text)


def _annex(document: DocumentObject, report: Report) -> None:
    """The 附表 on landscape pages of its own."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height, top, bottom, left, right = PORTRAIT
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(height), Mm(width)
    section.top_margin, section.bottom_margin = Mm(left), Mm(right)
    section.left_margin, section.right_margin = Mm(top - 12), Mm(bottom - 12)
    document.add_heading(xml_text(report.annex), level=1)
    room = height - (top - 12) - (bottom - 12)
    sheet_table(document, report, room)
    _paragraph(document, report.footer)


def write_docx(report: Report) -> bytes:
    """The whole report as .docx bytes."""
    document = Document()
    _setup(document, report.lang)
    set_properties(document, report.title, report.lang)
    _paragraph(document, report.title, TITLE_STYLE)
    if report.level == "project":  # the implementing unit, centred under the title
        document.add_paragraph(xml_text(report.headings["project_unit"]))
        unit = document.paragraphs[-1].paragraph_format
        unit.alignment, unit.first_line_indent = WD_ALIGN_PARAGRAPH.CENTER, Pt(0)
    for section in report.sections:
        _section(document, report, section)
    _annex(document, report)
    page_numbers(document, PAGE_NUMBER_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible(buffer.getvalue(), creation_time())
