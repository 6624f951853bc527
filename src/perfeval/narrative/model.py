"""The report as plain data: what every template and the Word writer read.

Each field holds finished text (sentences worded, numbers formatted) or small records of
it, so a template only places text and never computes. `as_context()` gives the same data
as JSON-ready dicts and lists, the form templates (and the sandbox worker) receive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Analysis:
    """Section 二 (二)(三)…: one first-level indicator's score and the department's words."""

    id: str
    heading: str
    summary: str
    paragraph: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem from the submission, or one proposed from a deduction (`generated`)."""

    text: str
    generated: bool = False


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One leaf of the 自评表."""

    group: str
    indicator: str
    weight: str
    score: str
    reasons: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of the official 自评表 (附表): the nine columns' text, in `SHEET_COLUMNS` order.

    `kind` is `leaf` (a scored indicator), `target` (one performance target under its
    indicator) or `total`; `spans` is how many rows the 一级 and 二级 cells cover from this
    row (0: covered by a row above), for formats that merge cells."""

    cells: tuple[str, ...]
    kind: str
    spans: tuple[int, int] = (1, 1)


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a section's body: `paragraph`, `generated` (a proposed paragraph the
    department must check) or `chart` (`text` is the chart's key)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """One heading of the outline with its body; `depth` 1 is 一、…, 2 is （一）…"""

    key: str
    heading: str
    depth: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: a label, the value reached and the reference it is drawn against.

    For the spending chart: cumulative share vs the required share; for the score chart:
    score vs weight. `shown` and `reference_shown` are the formatted labels.
    """

    label: str
    value: Decimal
    reference: Decimal
    shown: str
    reference_shown: str


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    value_label: str
    reference_label: str
    bars: tuple[Bar, ...]
    percent: bool
    short_label: str = ""  # the legend's word for a value short of its reference


@dataclass(frozen=True, slots=True)
class Report:
    lang: str
    title: str
    department: str
    headings: dict[str, str]
    labels: dict[str, str]
    functions: tuple[str, ...]
    tasks: tuple[str, ...]
    goal: str | None
    finance: tuple[str, ...]
    performance_management: str | None
    conclusion: tuple[str, ...]
    analyses: tuple[Analysis, ...]
    problems: tuple[Problem, ...]
    measures: tuple[str, ...]
    score_rows: tuple[ScoreRow, ...]
    total_line: str
    footer: str
    charts: tuple[Chart, ...]
    level: str = "department"
    sections: tuple[Section, ...] = ()
    annex: str = ""
    sheet_columns: tuple[str, ...] = ()
    sheet_rows: tuple[SheetRow, ...] = ()

    def characters(self) -> int:
        """How much text the report holds (its sections and its 附表): what a writer lays out."""
        body = sum(len(b.text) for section in self.sections for b in section.blocks)
        return body + sum(len(cell) for row in self.sheet_rows for cell in row.cells)

    def as_context(self) -> dict[str, Any]:
        """The report as JSON-ready data (Decimals as text) for templates."""
        data = asdict(self)
        data["charts"] = [_chart_context(chart) for chart in self.charts]
        return data


def _chart_context(chart: Chart) -> dict[str, Any]:
    data = asdict(chart)
    data["bars"] = [
        {**asdict(bar), "value": str(bar.value), "reference": str(bar.reference)}
        for bar in chart.bars
    ]
    return data
