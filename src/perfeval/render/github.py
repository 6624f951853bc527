"""GitHub Actions: workflow-command annotations, and a Markdown job summary.

Each problem becomes `::error file=…,line=…,col=…,title=…::message` (or `::warning`).
Values are escaped as the runner expects (actions/toolkit `command.ts`): in the message
`%`, CR and LF become `%25`, `%0D`, `%0A`; in properties also `:` → `%3A` and `,` → `%2C`.
GitHub shows at most `LIMIT` error and `LIMIT` warning annotations per step, so the rest are
counted in one notice and printed as plain log lines; the job summary lists them all.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from perfeval.errors import Diagnostic, Severity
from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import format_diagnostics, where, words
from perfeval.render.neutral import neutral
from perfeval.render.paths import ci_path
from perfeval.render.text import verdict_word
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome

LIMIT = 10
"""Annotations of one severity GitHub shows per step."""


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(found: Diagnostic, options: RenderOptions) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, the file relative to the run's root."""
    lang = options.lang
    body, hint = words(found, lang)
    location = found.location
    properties = [f"file={escape_property(neutral(ci_path(location.file, options)))}"]
    if location.line > 0:
        properties += [f"line={location.line}", f"col={location.col}"]
    properties.append(f"title={escape_property(f'perfeval {found.code}')}")
    said = body + (f"\n{text('labels', 'hint', lang)}: {hint}" if hint else "")
    return f"::{found.severity.value} {','.join(properties)}::{escape_data(said)}"


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    """Annotations as each file comes, up to `LIMIT` of each severity; then a notice and
    the rest as log lines; then the job summary, if the run has somewhere to put it."""
    lang = options.lang
    shown = {Severity.ERROR: 0, Severity.WARNING: 0}
    rest: list[Diagnostic] = []
    seen: list[HeadlineOutcome] = []
    for outcome in outcomes:
        for found in outcome.reported:
            if shown[found.severity] < LIMIT:
                shown[found.severity] += 1
                write(annotation(found, options) + "\n")
            else:
                rest.append(found)
        if options.job_summary is not None:
            seen.append(outcome)
    if rest:
        values = {
            "errors": sum(f.severity is Severity.ERROR for f in rest),
            "warnings": sum(f.severity is Severity.WARNING for f in rest),
            "limit": LIMIT,
        }
        summary = text("validate", "not_annotated", lang, values)
        write(f"::notice title=perfeval::{escape_data(summary)}\n")
        write(format_diagnostics(rest, lang))
    if options.job_summary is not None:
        options.job_summary(job_summary(seen, options))


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()


def _cell(value: str) -> str:
    """Markdown table cell: no line breaks, no pipes, no HTML."""
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        value = value.replace(raw, safe)
    return " ".join(neutral(value).split())


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(_cell(str(c)) for c in cells) + " |"


def _header(keys: Sequence[str], lang: Lang) -> list[str]:
    return [_row([text("validate", f"col_{k}", lang) for k in keys]), _row(["---"] * len(keys))]


def job_summary(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: one row per file, then every finding."""
    lang = options.lang
    lines = [f"## {text('validate', 'summary_title', lang)}", ""]
    lines += _header(("file", "result", "errors", "warnings", "total", "grade", "rubric"), lang)
    for outcome in outcomes:
        headline = outcome.headline
        total = format_points(headline.total) if headline else "—"
        grade = headline.grade.get(lang) if headline else "—"
        rubric = f"{headline.rubric} ({headline.rubric_sha256[:12]})" if headline else "—"
        result = verdict_word(outcome, lang)
        counts = [len(outcome.errors), len(outcome.warnings)]
        lines.append(_row([outcome.path, result, *counts, total, grade, rubric]))
    found = [problem for outcome in outcomes for problem in outcome.reported]
    if found:
        lines += ["", f"### {text('validate', 'findings_title', lang)}", ""]
        lines += _header(("location", "code", "severity", "message"), lang)
        for item in found:
            severity = text("labels", item.severity.value, lang)
            body, _ = words(item, lang)
            lines.append(_row([where(item), item.code, severity, body]))
    return "\n".join(lines) + "\n\n"
