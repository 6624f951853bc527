"""Output formats: one module per format, listed explicitly in `RENDERERS`.

Each module has `render(outcomes, options) -> str`. Modules are imported only when chosen,
so `perfeval --help` and the formats a run does not use cost nothing at start-up.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from perfeval.i18n import Lang

if TYPE_CHECKING:
    from perfeval.run import FileOutcome


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    SUMMARY = "summary"
    CSV = "csv"
    JSONL = "jsonl"


RENDERERS: dict[Format, str] = {
    Format.TABLE: "perfeval.render.table",
    Format.JSON: "perfeval.render.json_format",
    Format.SUMMARY: "perfeval.render.summary",
    Format.CSV: "perfeval.render.csv_format",
    Format.JSONL: "perfeval.render.jsonl",
}


@dataclass(frozen=True, slots=True)
class RenderOptions:
    lang: Lang = "zh"
    color: bool = False
    width: int | None = None


Renderer = Callable[[Sequence["FileOutcome"], RenderOptions], str]


def renderer(fmt: Format) -> Renderer:
    module = importlib.import_module(RENDERERS[fmt])
    render: Renderer = module.render
    return render
