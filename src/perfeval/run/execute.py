"""The run loop of `score` and `validate`, below the command line; and `deliver`, which the
document commands use to show problems and write their payload.

One loop for every format: files → outcomes in input order (cached or scored) → each
outcome judged once (gate findings added, problems printed on stderr, the verdict and the
totals folded) → the format, which writes each file as it comes or everything once the last
is in (`perfeval.render.FORMATS` says which). Nothing else prints problems, judges a file
or counts. The payload goes to stdout or, atomically, to `--output`; the exit code is the
fold of `perfeval.run.verdict.file_exit_code` over the files.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from perfeval.errors import Diagnostic, PerfevalError
from perfeval.i18n import Lang
from perfeval.render import FORMATS, Format, RenderOptions, Traits, shown_format, streamer
from perfeval.render.diagnostics import format_diagnostics
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.outputs import atomic_file, refuse_inputs, write_atomic
from perfeval.run.verdict import Gates, Tally, judged

if TYPE_CHECKING:
    from perfeval.run.discover import Found


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
    root: Path | None = None  # CI formats show paths relative to it (None: the cwd)


@dataclass(slots=True)
class _Judge:
    """What the loop does with each outcome before the format sees it."""

    gates: Gates
    lang: Lang
    echo: bool  # print the file's problems on stderr (the payload does not list them)
    tally: Tally = field(init=False)
    rubrics: set[Path] = field(default_factory=set)  # inputs too: never overwritten

    def __post_init__(self) -> None:
        self.tally = Tally(self.gates.exit_zero)

    def each(self, outcomes: Iterable[HeadlineOutcome]) -> Iterator[HeadlineOutcome]:
        """Each outcome judged: its gate findings added, its problems and gate findings on
        stderr (unless the payload lists them), the verdict and the counts folded."""
        for scored in outcomes:
            outcome = judged(scored, self.gates)
            if self.echo and outcome.reported:
                sys.stderr.write(format_diagnostics(outcome.reported, self.lang))
            self.tally.add(outcome)
            if outcome.rubric_path is not None:
                self.rubrics.add(outcome.rubric_path)
            yield outcome


def execute_score(request: ScoreRequest) -> int:
    """Score (or validate) the request's files, print and write as they come, return the
    exit code."""
    from perfeval.run.discover import discover

    found = discover(str(f) for f in request.files)
    fmt = shown_format(request.fmt, len(found))
    traits = FORMATS[fmt]
    judge = _Judge(request.gates, request.lang, echo=not traits.lists_problems)
    outcomes = judge.each(_scored(request, found, traits.tree))
    try:
        with ExitStack() as stack:
            options = _options(request, traits, stack)
            _write(fmt, traits, outcomes, options, request.output, found, judge)
    except PerfevalError as exc:  # PE020 / PE021: the output cannot be written
        sys.stderr.write(format_diagnostics(exc.diagnostics, request.lang))
        return int(exc.exit_code)
    if request.totals:
        from perfeval.render.text import totals_line

        sys.stderr.write(totals_line(judge.tally, request.lang) + "\n")
    return int(judge.tally.exit_code)


def _scored(request: ScoreRequest, found: Sequence[Found], tree: bool) -> Iterable[HeadlineOutcome]:
    from perfeval.run.cache import open_cache
    from perfeval.run.parallel import default_jobs, score_all

    store = None if request.no_cache else open_cache(request.cache_dir)
    view = FileOutcome if tree else HeadlineOutcome
    outcomes: Iterable[HeadlineOutcome] = score_all(
        found, request.rubric, request.jobs or default_jobs(), store, view
    )
    if sys.stderr.isatty() and len(found) > 1:
        from perfeval.run.progress import with_progress

        outcomes = with_progress(outcomes, len(found), request.lang)
    return outcomes


def _options(request: ScoreRequest, traits: Traits, stack: ExitStack) -> RenderOptions:
    summary = os.environ.get("GITHUB_STEP_SUMMARY") if traits.job_summary else None
    job_summary = None
    if summary:
        handle = Path(summary).open("a", encoding="utf-8")  # noqa: SIM115  # the stack closes it
        job_summary = stack.enter_context(handle).write
    root = None if request.root is None else PurePath(request.root.absolute())
    return RenderOptions(
        lang=request.lang,
        color=_color(request.output),
        width=_width(request.output),
        root=root,
        job_summary=job_summary,
    )


def _write(
    fmt: Format,
    traits: Traits,
    outcomes: Iterable[HeadlineOutcome],
    options: RenderOptions,
    output: Path | None,
    found: Sequence[Found],
    judge: _Judge,
) -> None:
    """The payload to stdout, or atomically to `output` (UTF-8, a BOM where the format
    wants one), never over an input: the files given, or a rubric one of them named."""
    write_payload = streamer(fmt)
    if output is None:
        write_payload(outcomes, options, sys.stdout.write)
        return
    with atomic_file(output, (f.path for f in found)) as handle:
        if traits.bom:
            handle.write(codecs.BOM_UTF8)
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
        write_payload(outcomes, options, text.write)
        text.detach()
        refuse_inputs(output, judge.rubrics)


def _color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _width(output: Path | None) -> int | None:
    """A terminal's own width; otherwise COLUMNS, else 120 (rich would assume 80)."""
    if output is None and sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 120


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
