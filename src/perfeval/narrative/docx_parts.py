"""The Word file's furniture, per the conventions of 党政机关公文格式 (GB/T 9704-2012) as far
as a self-evaluation report follows them: fonts and sizes by style, page numbers, the
document language, the creation date — and the one function every text goes through on its
way into the XML (`xml_text`).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 (and so Word) cannot hold."""

LANGUAGE = {"zh": "zh-CN", "en": "en-US"}


def xml_text(value: str) -> str:
    """`value` with every character XML 1.0 forbids (C0 controls but tab, line feed and
    carriage return; U+FFFE, U+FFFF; lone surrogates) shown as an escape, `\\x01`: a
    department name with a stray control character is written, visibly, not refused."""
    return _FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def set_fonts(style: ParagraphStyle, latin: str, east_asian: str, size: float) -> None:
    """Latin and East-Asian fonts, size and black colour on a style, theme fonts removed
    (so Word does not override them)."""
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def set_language(document: DocumentObject, lang: str) -> None:
    """The document's proofing language in the default run properties (zh-CN or en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:
        return
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:val"), LANGUAGE[lang])
    language.set(qn("w:eastAsia"), "zh-CN")
    document.core_properties.language = LANGUAGE[lang]


def creation_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` (reproducible builds) when it is set to a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def set_properties(document: DocumentObject, title: str, lang: str) -> None:
    when = creation_time()
    properties = document.core_properties
    properties.title = xml_text(title)
    properties.author = properties.last_modified_by = "perfeval"
    properties.created = properties.modified = when
    properties.last_printed = when
    properties.revision = 1
    properties.comments = properties.subject = properties.keywords = ""
    properties.category = ""
    set_language(document, lang)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (`PAGE`): begin, its instruction, separate, a shown result, end."""
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")


def page_numbers(document: DocumentObject, size: float) -> None:
    """— 1 — centred in every section's footer (the 公文 style: a dash each side)."""
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.add_run("— ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" —")
        for run in paragraph.runs:
            run.font.size = Pt(size)


def reproducible(package: bytes, when: datetime) -> bytes:
    """The .docx zip again with every member dated `when` (python-docx dates them now), so
    the same report under the same `SOURCE_DATE_EPOCH` is the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return buffer.getvalue()
