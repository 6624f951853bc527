"""GitHub Actions: workflow-command annotations, and a Markdown job summary.

Each problem becomes `::error file=…,line=…,col=…,title=…::message` (or `::warning`).
Values are escaped as the runner expects (actions/toolkit `command.ts`): in the message
`%`, CR and LF become `%25`, `%0D`, `%0A`; in properties also `:` → `%3A` and `,` → `%2C`.
GitHub shows at most `LIMIT` error and `LIMIT` warning annotations per step, so the rest are
counted in one notice and printed as plain log lines; the job summary lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from perfeval.errors import Diagnostic, Severity
from perfeval.i18n import Lang, message, text
from perfeval.render import RenderOptions
from perfeval.render.diagnostics import format_diagnostic
from perfeval.render.text import verdict_word
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome

LIMIT = 10
"""Annotations of one severity GitHub shows per step."""


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(found: Diagnostic, lang: Lang) -> str:
    body, hint = message(found.code, lang, found.params)
    where = found.location
    properties = [f"file={escape_property(where.file)}"]
    if where.line > 0:
        properties += [f"line={where.line}", f"col={where.col}"]
    properties.append(f"title={escape_property(f'perfeval {found.code}')}")
    words = body + (f"\n{text('labels', 'hint', lang)}: {hint}" if hint else "")
    return f"::{found.severity.value} {','.join(properties)}::{escape_data(words)}"


def _problems(outcomes: Sequence[HeadlineOutcome]) -> Iterator[Diagnostic]:
    for outcome in outcomes:
        yield from outcome.problems


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    lines: list[str] = []
    shown = {Severity.ERROR: 0, Severity.WARNING: 0}
    rest: list[Diagnostic] = []
    for found in _problems(outcomes):
        if shown[found.severity] < LIMIT:
            shown[found.severity] += 1
            lines.append(annotation(found, options.lang))
        else:
            rest.append(found)
    if rest:
        values = {
            "errors": sum(f.severity is Severity.ERROR for f in rest),
            "warnings": sum(f.severity is Severity.WARNING for f in rest),
            "limit": LIMIT,
        }
        summary = text("validate", "not_annotated", options.lang, values)
        lines.append(f"::notice title=perfeval::{escape_data(summary)}")
        lines.extend(format_diagnostic(found, options.lang) for found in rest)
    return "".join(line + "\n" for line in lines)


def _cell(value: str) -> str:
    """Markdown table cell: no line breaks, no pipes, no HTML."""
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        value = value.replace(raw, safe)
    return " ".join(value.split())


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(_cell(str(c)) for c in cells) + " |"


def _header(keys: Sequence[str], lang: Lang) -> list[str]:
    return [_row([text("validate", f"col_{k}", lang) for k in keys]), _row(["---"] * len(keys))]


def job_summary(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: one row per file, then every finding."""
    lang = options.lang
    lines = [f"## {text('validate', 'summary_title', lang)}", ""]
    lines += _header(("file", "result", "errors", "warnings", "total", "grade"), lang)
    for outcome in outcomes:
        headline = outcome.headline
        total = format_points(headline.total) if headline else "—"
        grade = headline.grade.get(lang) if headline else "—"
        result = verdict_word(outcome, options)
        lines.append(
            _row([outcome.path, result, len(outcome.errors), len(outcome.warnings), total, grade])
        )
    found = list(_problems(outcomes))
    if found:
        lines += ["", f"### {text('validate', 'findings_title', lang)}", ""]
        lines += _header(("location", "code", "severity", "message"), lang)
        for item in found:
            severity = text("labels", item.severity.value, lang)
            body, _ = message(item.code, lang, item.params)
            lines.append(_row([str(item.location), item.code, severity, body]))
    return "\n".join(lines) + "\n\n"
