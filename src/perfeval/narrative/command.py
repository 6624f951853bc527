"""`perfeval report`: score one submission, build its report, render it in one format.

Nothing here prints, writes or exits: `make_report` returns the content (text or bytes),
the problems to show and the exit code, and the CLI writes the file atomically. A
submission that fails its checks gets no report (the verdict comes from `run.exit_code`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval.errors import (
    CannotRunError,
    Diagnostic,
    ExitCode,
    Location,
    PerfevalError,
    diagnostic,
    os_problem,
)
from perfeval.i18n import Lang
from perfeval.narrative import ReportFormat
from perfeval.narrative.model import Report

if TYPE_CHECKING:
    from perfeval.models.submission import Submission
    from perfeval.run.outcome import FileOutcome

TEMPLATE_LIMIT_BYTES = 1_000_000
MAX_REPORT_CHARACTERS = 2_000_000
"""Characters a report may hold: some forty times the seed's. A Word report just under it
(640 aliases of a 3,000-character problem) takes ~6 s and ~85 MB; more is refused
(PE811) instead of laid out — 30,000 such aliases took 185 s and 1 GB before."""


SUFFIXES = {
    ".md": ReportFormat.MD,
    ".markdown": ReportFormat.MD,
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".docx": ReportFormat.DOCX,
}


@dataclass(frozen=True, slots=True)
class ReportRequest:
    path: Path
    display: str
    output: Path
    fmt: ReportFormat | None = None
    lang: Lang = "zh"
    rubric: str | None = None
    template: Path | None = None


@dataclass(frozen=True, slots=True)
class ReportResult:
    content: str | bytes | None
    problems: tuple[Diagnostic, ...]
    exit_code: ExitCode


def report_format(output: Path, chosen: ReportFormat | None) -> ReportFormat:
    """The format `--format` names, else the one the output's extension implies."""
    if chosen is not None:
        return chosen
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        where = Location(str(output))
        raise CannotRunError([diagnostic("PE807", where, suffix=output.suffix or "—")])
    return found


def read_template(path: Path, fmt: ReportFormat) -> str:
    where = Location(str(path))
    if fmt is ReportFormat.DOCX:
        raise CannotRunError([diagnostic("PE808", where)])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CannotRunError([diagnostic("PE012", where, problem=os_problem(exc))]) from None
    if len(data) > TEMPLATE_LIMIT_BYTES:
        raise CannotRunError(
            [diagnostic("PE004", where, size=len(data), limit=TEMPLATE_LIMIT_BYTES)]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CannotRunError([diagnostic("PE007", where, problem=exc.reason)]) from None


def render_report(
    report: Report, fmt: ReportFormat, template: tuple[str, str] | None
) -> str | bytes:
    """The report in `fmt`, with the bundled template or `template` = (name, source)."""
    if fmt is ReportFormat.DOCX:
        from perfeval.narrative.docx_writer import write_docx

        return write_docx(report)
    from perfeval.narrative.charts import render_svg

    context = report.as_context()
    for data, chart in zip(context["charts"], report.charts, strict=True):
        data["svg"] = render_svg(chart) if fmt is ReportFormat.HTML else ""
    if template is not None:
        from perfeval.narrative.isolation import render_isolated

        return render_isolated(fmt.value, template[0], template[1], context)
    from perfeval.narrative.templating import bundled_name, bundled_source, render

    return render(fmt.value, bundled_name(fmt.value, report.lang), context, bundled_source)


def report_of(outcome: FileOutcome, submission: Submission, lang: Lang) -> Report:
    """The report of a scored file: its scorecard, its submission's paragraphs, and the
    figures behind each indicator's 完成值 (read again through its rubric's formulas)."""
    from perfeval.load.sources import load_rubric
    from perfeval.narrative.build import build_report
    from perfeval.narrative.sheet_values import leaf_inputs

    card = outcome.scorecard
    if card is None:
        raise ValueError("only a scored file has a report")
    loaded = load_rubric(outcome.rubric_path) if outcome.rubric_path else None
    inputs = leaf_inputs(card, submission, loaded, lang) if loaded else {}
    return build_report(card, submission, lang, inputs)


def make_report(request: ReportRequest) -> ReportResult:
    """Score, build and render; every failure comes back as problems and an exit code."""
    from perfeval.load.sources import load_submission
    from perfeval.run.score import score_file
    from perfeval.run.verdict import Gates, exit_code

    problems: tuple[Diagnostic, ...] = ()
    try:
        fmt = report_format(request.output, request.fmt)
        template = None
        if request.template is not None:
            template = (str(request.template), read_template(request.template, fmt))
        outcome = score_file(request.path, request.display, request.rubric)
        problems = outcome.problems
        verdict = exit_code([outcome], Gates())
        if verdict is not ExitCode.OK or outcome.scorecard is None:
            return ReportResult(None, problems, verdict)
        submission = load_submission(request.path, request.display).submission
        report = report_of(outcome, submission, request.lang)
        size = report.characters()
        if size > MAX_REPORT_CHARACTERS:  # the writers' work (and a docx's memory) grows with it
            where = Location(request.display)
            found = diagnostic("PE811", where, size=size, limit=MAX_REPORT_CHARACTERS)
            return ReportResult(None, (*problems, found), ExitCode.FAILED)
        return ReportResult(render_report(report, fmt, template), problems, verdict)
    except PerfevalError as exc:
        return ReportResult(None, problems + tuple(exc.diagnostics), exc.exit_code)
