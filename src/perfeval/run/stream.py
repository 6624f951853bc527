"""A batch run, streamed: score → problems on stderr → renderer → verdict, one file at a time.

Nothing here holds every outcome: each one passes the problem printer, the renderer (which
keeps what it needs — a CSV line is written at once, a summary row is a few hundred bytes)
and the verdict, then is dropped. The verdict folds `run.exit_code` over the files one at a
time; that is the same number as `exit_code` over all of them (the worst file wins), so the
exit code still comes from that one function.

With `--output`, the payload goes to a temporary file beside the target and is renamed into
place at the end, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import importlib
import io
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from perfeval.errors import ExitCode, PerfevalError
from perfeval.i18n import Lang
from perfeval.render import RENDERERS, Format, RenderOptions, shows_tree
from perfeval.render.diagnostics import format_diagnostics
from perfeval.run.cache import ResultCache, default_cache_dir
from perfeval.run.discover import Found
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.outputs import atomic_file, refuse_inputs
from perfeval.run.parallel import default_jobs, score_all
from perfeval.run.verdict import Gates, exit_code

Write = Callable[[str], object]
Stream = Callable[[Iterable[HeadlineOutcome], RenderOptions, Write], None]

PROGRESS_AFTER_SECONDS = 0.5
STREAMED = frozenset({Format.SUMMARY, Format.CSV, Format.JSONL})


def streamed_format(fmt: Format, files: int) -> Format | None:
    """The format to stream, or None for a whole-document format. Many files asked for as a
    table get the summary instead of one tree per file."""
    if fmt is Format.TABLE and files > 1:
        return Format.SUMMARY
    return fmt if fmt in STREAMED else None


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """`--jobs`, `--cache-dir`, `--no-cache` as given."""

    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False

    def workers(self) -> int:
        return self.jobs or default_jobs()

    def cache(self) -> ResultCache | None:
        return None if self.no_cache else ResultCache(self.cache_dir or default_cache_dir())


@dataclass(frozen=True, slots=True)
class BatchRun:
    found: list[Found]
    rubric: str | None
    jobs: int
    cache: ResultCache | None
    lang: Lang
    gates: Gates
    fmt: Format | None  # None: problems and verdict only


def streamer(fmt: Format) -> Stream:
    """The format module's `stream`; one without it renders everything at the end."""
    module = importlib.import_module(RENDERERS[fmt])
    stream = getattr(module, "stream", None)
    if stream is not None:
        found: Stream = stream
        return found

    def at_the_end(
        outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write
    ) -> None:
        write(module.render(list(outcomes), options))

    return at_the_end


def _problems(outcomes: Iterable[HeadlineOutcome], lang: Lang) -> Iterator[HeadlineOutcome]:
    for outcome in outcomes:
        if outcome.problems:
            sys.stderr.write(format_diagnostics(outcome.problems, lang))
        yield outcome


class _Verdict:
    def __init__(self, gates: Gates) -> None:
        self.gates, self.code = gates, ExitCode.OK

    def watch(self, outcomes: Iterable[HeadlineOutcome]) -> Iterator[HeadlineOutcome]:
        for outcome in outcomes:
            self.code = max(self.code, exit_code((outcome,), self.gates))
            yield outcome


def _render_to_file(
    run: BatchRun, target: Path, render: Stream, outcomes: Iterable[HeadlineOutcome]
) -> None:
    rubrics: set[Path] = set()
    with atomic_file(target, (f.path for f in run.found)) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
        for_file = (_note_rubric(o, rubrics) for o in outcomes)
        render(for_file, RenderOptions(lang=run.lang, gates=run.gates), text.write)
        text.detach()
        refuse_inputs(target, rubrics)


def _note_rubric(outcome: HeadlineOutcome, rubrics: set[Path]) -> HeadlineOutcome:
    if outcome.rubric_path is not None:
        rubrics.add(outcome.rubric_path)
    return outcome


def with_progress(
    outcomes: Iterable[HeadlineOutcome], total: int, lang: Lang
) -> Iterator[HeadlineOutcome]:
    """A progress bar on stderr once the work has taken more than a moment — only when
    stderr is a terminal (never in CI logs or pipes). Rich is imported only then."""
    started = time.monotonic()
    items = iter(outcomes)
    done = 0
    for outcome in items:
        done += 1
        yield outcome
        if done < total and time.monotonic() - started > PROGRESS_AFTER_SECONDS:
            break
    else:
        return
    from rich.console import Console
    from rich.progress import Progress

    from perfeval.i18n import text

    bar = Progress(console=Console(stderr=True), transient=True, redirect_stdout=False)
    with bar:
        task = bar.add_task(text("batch", "progress", lang), total=total, completed=done)
        for outcome in items:
            yield outcome
            bar.advance(task)


def run_batch(run: BatchRun, output: Path | None = None, color: bool = False) -> ExitCode:
    """Score every file, print problems and the payload as they come, return the exit code."""
    verdict = _Verdict(run.gates)
    view = FileOutcome if shows_tree(run.fmt) else HeadlineOutcome
    scored: Iterable[HeadlineOutcome] = score_all(run.found, run.rubric, run.jobs, run.cache, view)
    if sys.stderr.isatty() and len(run.found) > 1:
        scored = with_progress(scored, len(run.found), run.lang)
    outcomes = verdict.watch(_problems(scored, run.lang))
    try:
        if run.fmt is None:
            for _ in outcomes:
                pass
        elif output is None:
            options = RenderOptions(lang=run.lang, color=color, gates=run.gates)
            streamer(run.fmt)(outcomes, options, sys.stdout.write)
        else:
            _render_to_file(run, output, streamer(run.fmt), outcomes)
    except PerfevalError as exc:  # PE020 / PE021: the output cannot be written
        sys.stderr.write(format_diagnostics(exc.diagnostics, run.lang))
        return exc.exit_code
    return verdict.code
