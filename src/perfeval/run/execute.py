"""What the commands do, below the command line: run a request, print, return the exit code.

`cli.py` only parses options into a request and exits with what comes back (the
check-jsonschema shape). Problems and summaries go to stderr; the payload goes to stdout or,
atomically, to `--output`. Exit codes come from `run.exit_code` (scoring) or from the
command's own result (reports, skeletons, workbooks).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perfeval.errors import Diagnostic, PerfevalError
from perfeval.i18n import Lang
from perfeval.render import SHOWS_PROBLEMS, Format, RenderOptions, renderer, shows_tree
from perfeval.render.diagnostics import format_diagnostics
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.outputs import write_atomic
from perfeval.run.verdict import Gates, exit_code, gate_problems


@dataclass(frozen=True, slots=True)
class ScoreRequest:
    """`perfeval score` / `validate`, as parsed."""

    files: list[Path]
    fmt: Format
    lang: Lang
    rubric: str | None
    output: Path | None
    gates: Gates
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False
    totals: bool = False  # a closing totals line on stderr (validate)


def _color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _width(output: Path | None) -> int | None:
    """A terminal's own width; otherwise COLUMNS, else 120 (rich would assume 80)."""
    if output is None and sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 120


def execute_score(request: ScoreRequest) -> int:
    """Score (or validate) the request's files; stream batches; return the exit code."""
    from perfeval.run.discover import discover
    from perfeval.run.parallel import score_all
    from perfeval.run.stream import BatchOptions, BatchRun, run_batch, streamed_format

    batch = BatchOptions(request.jobs, request.cache_dir, request.no_cache)
    found = discover(str(f) for f in request.files)
    streamed = streamed_format(request.fmt, len(found))
    if streamed is not None:
        run = BatchRun(
            found,
            request.rubric,
            batch.workers(),
            batch.cache(),
            request.lang,
            request.gates,
            streamed,
        )
        return int(run_batch(run, request.output, _color(request.output)))
    view = FileOutcome if shows_tree(request.fmt) else HeadlineOutcome
    outcomes = list(score_all(found, request.rubric, batch.workers(), batch.cache(), view))
    for outcome in outcomes:
        shown = () if request.fmt in SHOWS_PROBLEMS else outcome.problems
        problems = [*shown, *gate_problems(outcome, request.gates)]
        sys.stderr.write(format_diagnostics(problems, request.lang))
    options = RenderOptions(
        lang=request.lang,
        color=_color(request.output),
        width=_width(request.output),
        gates=request.gates,
    )
    inputs = [*(f.path for f in found), *(o.rubric_path for o in outcomes if o.rubric_path)]
    payload = renderer(request.fmt)(outcomes, options)
    code = deliver(payload, request.output, inputs, (), request.lang, 0)
    if code:
        return code
    _summaries(outcomes, request, options)
    return int(exit_code(outcomes, request.gates))


def _summaries(
    outcomes: Sequence[HeadlineOutcome], request: ScoreRequest, options: RenderOptions
) -> None:
    """The GitHub job summary (appended, as Actions expects) and the run's totals line."""
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if request.fmt is Format.GITHUB and summary_file:
        from perfeval.render.github import job_summary

        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(job_summary(outcomes, options))
    if request.totals:
        from perfeval.render.text import totals_line

        sys.stderr.write(totals_line(outcomes, options) + "\n")


def deliver(
    content: str | bytes | None,
    output: Path | None,
    inputs: Sequence[Path],
    problems: Sequence[Diagnostic],
    lang: Lang,
    code: int,
) -> int:
    """Show the problems, write `content` (atomically) or print it; the exit code to use."""
    sys.stderr.write(format_diagnostics(problems, lang))
    if content is None:
        return code
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        return code
    try:
        write_atomic(output, content, inputs)
    except PerfevalError as exc:  # PE020 / PE021: the output cannot be written
        sys.stderr.write(format_diagnostics(exc.diagnostics, lang))
        return int(exc.exit_code)
    return code
