"""Text: every problem as `path:line:col: [code] severity: message` with its fix hint, then
one verdict line per file. The default format of `perfeval validate`."""

from __future__ import annotations

from collections.abc import Sequence

from perfeval.errors import ExitCode
from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import format_diagnostics
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome
from perfeval.run.verdict import Gates, file_exit_code

VERDICT_KEYS = {
    ExitCode.OK: "passed",
    ExitCode.FAILED: "failed",
    ExitCode.CANNOT_RUN: "cannot_run",
}


def verdict(outcome: HeadlineOutcome, options: RenderOptions) -> ExitCode:
    """The file's verdict under the run's gates — the same function the exit code uses."""
    return file_exit_code(outcome, options.gates or Gates())


def verdict_word(outcome: HeadlineOutcome, options: RenderOptions) -> str:
    return text("validate", VERDICT_KEYS[verdict(outcome, options)], options.lang)


def file_line(outcome: HeadlineOutcome, options: RenderOptions) -> str:
    """`path: passed — 0 errors, 3 warnings; total 99, grade 优`."""
    lang: Lang = options.lang
    headline = outcome.headline
    score = ""
    if headline is not None:
        shown = {"total": format_points(headline.total), "grade": headline.grade.get(lang)}
        score = text("validate", "score", lang, shown)
    values: dict[str, object] = {
        "path": outcome.path,
        "verdict": verdict_word(outcome, options),
        "errors": len(outcome.errors),
        "warnings": len(outcome.warnings),
        "score": score,
    }
    return text("validate", "file_line", lang, values)


def totals_line(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    """One line over the whole run, for stderr."""
    values = {
        "files": len(outcomes),
        "failed": sum(verdict(o, options) is not ExitCode.OK for o in outcomes),
        "errors": sum(len(o.errors) for o in outcomes),
        "warnings": sum(len(o.warnings) for o in outcomes),
    }
    return text("validate", "totals", options.lang, values)


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    parts = []
    for outcome in outcomes:
        parts.append(format_diagnostics(outcome.problems, options.lang))
        parts.append(file_line(outcome, options) + "\n")
    return "".join(parts)
