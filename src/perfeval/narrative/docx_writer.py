"""The report as a Word document (python-docx), in the shape departments file.

Headings use Word's Title / Heading 1 / Heading 2 styles so the navigation pane and a table
of contents work; East-Asian fonts are set through `w:eastAsia` (仿宋 body, 黑体 headings;
宋体 for the English body), with the theme fonts removed so Word does not override them;
the 自评表 is a real Word table with a repeating header row. A4 portrait. Charts are
HTML-only.
"""

from __future__ import annotations

import io
from typing import cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table

from perfeval.narrative.model import Report, ScoreRow

_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
BODY_FONTS = {"zh": ("Times New Roman", "仿宋"), "en": ("Times New Roman", "宋体")}
HEADING_FONTS = ("Times New Roman", "黑体")
STYLE_SIZES = {"Normal": 12, "Title": 18, "Heading 1": 15, "Heading 2": 13}


def set_fonts(style: ParagraphStyle, latin: str, east_asian: str, size: int) -> None:
    """Latin and East-Asian fonts, size and black colour on a paragraph style."""
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _style(document: DocumentObject, name: str) -> ParagraphStyle:
    return cast(ParagraphStyle, document.styles[name])


def _setup(document: DocumentObject, lang: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    for name, size in STYLE_SIZES.items():
        style = _style(document, name)
        latin, east_asian = BODY_FONTS[lang] if name == "Normal" else HEADING_FONTS
        set_fonts(style, latin, east_asian, size)
    normal = _style(document, "Normal")
    if lang == "zh":
        normal.paragraph_format.first_line_indent = Pt(24)
    normal.paragraph_format.line_spacing = 1.5


def _paragraphs(document: DocumentObject, texts: list[str]) -> None:
    for text in texts:
        document.add_paragraph(text)


def _score_table(document: DocumentObject, report: Report) -> Table:
    labels = report.labels
    header = ("group", "indicator", "weight", "score", "reason", "note")
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    for cell, key in zip(table.rows[0].cells, header, strict=True):
        cell.text = labels[key]
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    separator = "；" if report.lang == "zh" else "; "
    for row in report.score_rows:
        _score_row(table, row, separator)
    for cell in (c for r in table.rows for c in r.cells):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.first_line_indent = Pt(0)
            for run in paragraph.runs:
                run.font.size = Pt(10.5)
    return table


def _score_row(table: Table, row: ScoreRow, separator: str) -> None:
    reasons = separator.join(row.reasons)
    values = (row.group, row.indicator, row.weight, row.score, reasons, row.note)
    cells = table.add_row().cells  # type: ignore[no-untyped-call]
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        cell.text = value
        if index in (2, 3):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _basics(document: DocumentObject, report: Report) -> None:
    h, missing = report.headings, report.labels["not_provided"]
    document.add_heading(h["basics"], level=1)
    document.add_heading(h["functions"], level=2)
    open_, close = ("（", "）") if report.lang == "zh" else ("(", ") ")
    items = [f"{open_}{i}{close}{text}" for i, text in enumerate(report.functions, 1)]
    _paragraphs(document, [h["functions_list"], *items] if items else [missing])
    document.add_heading(h["tasks"], level=2)
    tasks = [f"{i}. {text}" for i, text in enumerate(report.tasks, 1)]
    _paragraphs(document, tasks or [missing])
    document.add_heading(h["goal"], level=2)
    _paragraphs(document, [report.goal or missing])
    document.add_heading(h["finance"], level=2)
    _paragraphs(document, list(report.finance) or [missing])
    document.add_heading(h["management"], level=2)
    _paragraphs(document, [report.performance_management or missing])


def _evaluation(document: DocumentObject, report: Report) -> None:
    h, missing = report.headings, report.labels["not_provided"]
    document.add_heading(h["evaluation"], level=1)
    document.add_heading(h["conclusion"], level=2)
    _paragraphs(document, list(report.conclusion))
    for part in report.analyses:
        document.add_heading(part.heading, level=2)
        _paragraphs(document, [part.summary, part.paragraph or missing])
    document.add_heading(h["problems"], level=1)
    mark = report.labels["generated"]
    problems = [f"{mark}{p.text}" if p.generated else p.text for p in report.problems]
    _paragraphs(document, problems or [missing])
    document.add_heading(h["measures"], level=1)
    _paragraphs(document, list(report.measures) or [missing])


def write_docx(report: Report) -> bytes:
    """The whole report as .docx bytes."""
    document = Document()
    _setup(document, report.lang)
    document.core_properties.title = report.title
    document.core_properties.author = "perfeval"
    document.add_heading(report.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _basics(document, report)
    _evaluation(document, report)
    document.add_heading(report.headings["annex"], level=1)
    _score_table(document, report)
    _paragraphs(document, [report.total_line, report.footer])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
