"""The narrative self-evaluation report (自评报告).

`build` turns a Scorecard and the submission's own paragraphs into a `Report` (plain,
frozen data: every sentence already worded, every number already formatted); `templating`
renders it through Jinja2 templates (Markdown, HTML), `docx_writer` writes it as Word, and
`command` wires scoring, building and rendering together for the CLI. Nothing here computes
a score: numbers come from the Scorecard and are formatted by `perfeval.render.wording`.
Jinja2 and python-docx are imported only inside this package, never on the `score` path.
"""

from __future__ import annotations

import enum


class ReportFormat(enum.StrEnum):
    """The report formats `perfeval report` writes (kept here so the CLI imports it cheaply)."""

    MD = "md"
    HTML = "html"
    DOCX = "docx"
