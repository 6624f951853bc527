"""Text: every problem (gate findings included) as `path:line:col: [code] severity: message`
with its fix hint, then one verdict line per file, written as each file is scored. The
default format of `perfeval validate`."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import format_diagnostics
from perfeval.render.neutral import neutral
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome
from perfeval.run.verdict import VERDICTS, Tally, file_exit_code


def verdict_word(outcome: HeadlineOutcome, lang: Lang) -> str:
    """The file's verdict in words — from the same function the exit code uses."""
    return text("validate", VERDICTS[file_exit_code(outcome)], lang)


def file_line(outcome: HeadlineOutcome, lang: Lang, path: str | None = None) -> str:
    """`path: passed — 0 errors, 3 warnings; total 99, grade 优` (`path`: the file as
    shown, if not as given)."""
    headline = outcome.headline
    score = ""
    if headline is not None:
        grade = neutral(headline.grade.get(lang))
        digest = headline.rubric_sha256[:12]  # enough to tell two rubric files apart on screen
        shown = {"total": format_points(headline.total), "grade": grade,
                 "rubric": neutral(headline.rubric), "digest": digest}  # fmt: skip
        score = text("validate", "score", lang, shown)
    values: dict[str, object] = {
        "path": neutral(outcome.path if path is None else path),
        "verdict": verdict_word(outcome, lang),
        "errors": len(outcome.errors),
        "warnings": len(outcome.warnings),
        "score": score,
    }
    return text("validate", "file_line", lang, values)


def totals_line(tally: Tally, lang: Lang) -> str:
    """One line over the whole run, for stderr."""
    values = {"files": tally.files, "failed": tally.failed, "errors": tally.errors,
              "warnings": tally.warnings}  # fmt: skip
    return text("validate", "totals", lang, values)


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    for outcome in outcomes:
        write(format_diagnostics(outcome.reported, options.lang))
        write(file_line(outcome, options.lang) + "\n")


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
