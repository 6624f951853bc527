"""The formats of `perfeval compare`: one module per format, each with
`render(comparison, lang) -> str`, listed once in `COMPARE_FORMATS` (which also gives the
command's `--format` choices). Modules are imported only when chosen."""

from __future__ import annotations

import enum
import importlib
from typing import TYPE_CHECKING

from perfeval.i18n import Lang

if TYPE_CHECKING:
    from perfeval.run.compare import Comparison


class CompareFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    HTML = "html"


COMPARE_FORMATS: dict[CompareFormat, str] = {
    CompareFormat.TABLE: "perfeval.render.compare_table",
    CompareFormat.JSON: "perfeval.render.compare_json",
    CompareFormat.CSV: "perfeval.render.compare_csv",
    CompareFormat.HTML: "perfeval.render.compare_html",
}


def render_comparison(fmt: CompareFormat, comparison: Comparison, lang: Lang) -> str:
    text: str = importlib.import_module(COMPARE_FORMATS[fmt]).render(comparison, lang)
    return text


def signed(value: object) -> str:
    """A change with its sign: +2.4, -0.5, 0."""
    shown = str(value)
    return shown if shown.startswith("-") or shown == "0" else f"+{shown}"
