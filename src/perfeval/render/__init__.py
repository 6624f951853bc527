"""Output formats: one module per format, each declared once in `FORMATS` with its traits.

Every format module has `render(outcomes, options) -> str`; one that streams also has
`stream(outcomes, options, write)`, which writes each file's part as it comes and the rest
once the last file is in. Its outcomes are `FileOutcome`s when the format shows the tree and
`HeadlineOutcome`s when it does not, and its signature says which (tests/test_formats.py
holds each signature to the registry). The run loop (`perfeval.run.execute`) reads the
traits and nothing else. Modules are imported only when chosen, so `perfeval --help` and
the formats a run does not use cost nothing at start-up.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from perfeval.i18n import Lang

Write = Callable[[str], object]


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
    HTML = "html"


@dataclass(frozen=True, slots=True, kw_only=True)
class Traits:
    """What a format is, for the run loop and the command line. Every field is required, so
    a format cannot leave one out."""

    module: str  # the module with `render` (and `stream` when it streams)
    streams: bool  # writes each file as it is scored; else collects every outcome first
    tree: bool  # needs each file's whole scorecard; else headlines only
    lists_problems: bool  # the payload is the problem list itself: not echoed on stderr
    default_for: frozenset[str]  # the commands (score, validate) that use it by default …
    ci_default_for: frozenset[str]  # … and those that do under GITHUB_ACTIONS=true
    many_files: Format | None  # what a run of several files shows instead
    extension: str  # the usual extension of an --output file in this format
    bom: bool  # an --output file starts with a UTF-8 byte-order mark (Excel reads it so)
    job_summary: bool  # also writes a Markdown job summary to $GITHUB_STEP_SUMMARY
    neutral_cards: bool  # shows a scorecard's texts as they are: hand it them neutralised


SCORE, VALIDATE = frozenset({"score"}), frozenset({"validate"})
NONE: frozenset[str] = frozenset()

FORMATS: dict[Format, Traits] = {
    Format.TABLE: Traits(
        module="perfeval.render.table", streams=False, tree=True, lists_problems=False,
        default_for=SCORE, ci_default_for=NONE, many_files=Format.SUMMARY,
        extension=".txt", bom=False, job_summary=False,
        neutral_cards=True),
    Format.JSON: Traits(
        module="perfeval.render.json_format", streams=False, tree=True, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".json", bom=False, job_summary=False,
        neutral_cards=False),
    Format.MARKDOWN: Traits(
        module="perfeval.render.markdown", streams=False, tree=True, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".md", bom=False, job_summary=False,
        neutral_cards=True),
    Format.TEXT: Traits(
        module="perfeval.render.text", streams=True, tree=False, lists_problems=True,
        default_for=VALIDATE, ci_default_for=NONE, many_files=None,
        extension=".txt", bom=False, job_summary=False,
        neutral_cards=False),
    Format.GITHUB: Traits(
        module="perfeval.render.github", streams=True, tree=False, lists_problems=True,
        default_for=NONE, ci_default_for=VALIDATE, many_files=None,
        extension=".txt", bom=False, job_summary=True,
        neutral_cards=False),
    Format.SARIF: Traits(
        module="perfeval.render.sarif", streams=False, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".sarif", bom=False, job_summary=False,
        neutral_cards=False),
    Format.JUNIT: Traits(
        module="perfeval.render.junit", streams=False, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".xml", bom=False, job_summary=False,
        neutral_cards=False),
    Format.GITLAB: Traits(
        module="perfeval.render.gitlab", streams=False, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".json", bom=False, job_summary=False,
        neutral_cards=False),
    Format.SUMMARY: Traits(
        module="perfeval.render.summary", streams=True, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".txt", bom=False, job_summary=False,
        neutral_cards=False),
    Format.CSV: Traits(
        module="perfeval.render.csv_format", streams=True, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".csv", bom=True, job_summary=False,
        neutral_cards=False),
    Format.JSONL: Traits(
        module="perfeval.render.jsonl", streams=True, tree=False, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".jsonl", bom=False, job_summary=False,
        neutral_cards=False),
    Format.HTML: Traits(
        module="perfeval.render.html_batch", streams=True, tree=True, lists_problems=False,
        default_for=NONE, ci_default_for=NONE, many_files=None,
        extension=".html", bom=False, job_summary=False,
        neutral_cards=False),
}  # fmt: skip


def default_format(command: str, environ: Mapping[str, str]) -> Format:
    """The format `command` uses when none is asked for: its CI default on GitHub Actions."""
    if environ.get("GITHUB_ACTIONS") == "true":
        for fmt, traits in FORMATS.items():
            if command in traits.ci_default_for:
                return fmt
    return next(fmt for fmt, traits in FORMATS.items() if command in traits.default_for)


def shown_format(fmt: Format, files: int) -> Format:
    """The format a run of `files` files shows (several files as a table: the summary)."""
    many = FORMATS[fmt].many_files
    return many if many is not None and files > 1 else fmt


@dataclass(frozen=True, slots=True)
class RenderOptions:
    lang: Lang = "zh"
    color: bool = False
    width: int | None = None
    root: PurePath | None = None  # CI formats show paths relative to it (None: the cwd)
    job_summary: Write | None = None  # where a format's job summary goes, if anywhere


Renderer = Callable[[Sequence[Any], RenderOptions], str]
Streamer = Callable[[Iterable[Any], RenderOptions, Write], None]


def renderer(fmt: Format) -> Renderer:
    """`fmt`'s `render`, handed neutralised scorecards where its traits say so."""
    render: Renderer = importlib.import_module(FORMATS[fmt].module).render
    if not FORMATS[fmt].neutral_cards:
        return render
    from perfeval.render.neutral import neutral_outcome

    def neutralised(outcomes: Sequence[Any], options: RenderOptions) -> str:
        return render([neutral_outcome(outcome) for outcome in outcomes], options)

    return neutralised


def streamer(fmt: Format) -> Streamer:
    """How the run loop writes `fmt`: file by file, or everything once the last is in."""
    if FORMATS[fmt].streams:
        stream: Streamer = importlib.import_module(FORMATS[fmt].module).stream
        return stream
    render = renderer(fmt)

    def at_the_end(outcomes: Iterable[Any], options: RenderOptions, write: Write) -> None:
        write(render(list(outcomes), options))

    return at_the_end
