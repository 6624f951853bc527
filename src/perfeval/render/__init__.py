"""Output formats: one module per format, listed explicitly in `RENDERERS`.

Each module has `render(outcomes, options) -> str`. Modules are imported only when chosen,
so `perfeval --help` and the formats a run does not use cost nothing at start-up.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from perfeval.i18n import Lang

if TYPE_CHECKING:
    from perfeval.run.verdict import Gates


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    TEXT = "text"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"
    GITLAB = "gitlab"
    SUMMARY = "summary"
    CSV = "csv"
    JSONL = "jsonl"


RENDERERS: dict[Format, str] = {
    Format.TABLE: "perfeval.render.table",
    Format.JSON: "perfeval.render.json_format",
    Format.MARKDOWN: "perfeval.render.markdown",
    Format.TEXT: "perfeval.render.text",
    Format.GITHUB: "perfeval.render.github",
    Format.SARIF: "perfeval.render.sarif",
    Format.JUNIT: "perfeval.render.junit",
    Format.GITLAB: "perfeval.render.gitlab",
    Format.SUMMARY: "perfeval.render.summary",
    Format.CSV: "perfeval.render.csv_format",
    Format.JSONL: "perfeval.render.jsonl",
}

HEADLINES_ONLY = frozenset(
    {Format.TEXT, Format.SARIF, Format.JUNIT, Format.GITLAB, Format.SUMMARY, Format.CSV,
     Format.JSONL}
)  # fmt: skip
"""Formats that show each file's problems and headline (`perfeval.run.headline`), never the
scorecard's tree: a run in them never decodes a cached scorecard."""


def shows_tree(fmt: Format | None) -> bool:
    """Whether a run in `fmt` needs each file's whole scorecard (None: no payload at all)."""
    return fmt is not None and fmt not in HEADLINES_ONLY


SHOWS_PROBLEMS = frozenset({Format.TEXT, Format.GITHUB})
"""Formats whose payload is itself the list of problems (not echoed again on stderr)."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    lang: Lang = "zh"
    color: bool = False
    width: int | None = None
    gates: Gates | None = None  # the run's gates, so a format can show each file's verdict


Renderer = Callable[[Sequence[Any], RenderOptions], str]


def renderer(fmt: Format) -> Renderer:
    module = importlib.import_module(RENDERERS[fmt])
    render: Renderer = module.render
    return render
