"""Diagnostics as text: `path:line:col: [code] message`, then the fix hint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from perfeval.errors import Diagnostic, Severity
from perfeval.i18n import Lang, message, text


def format_diagnostic(found: Diagnostic, lang: Lang) -> str:
    body, hint = message(found.code, lang, found.params)
    severity = text("labels", found.severity.value, lang)
    line = f"{found.location}: [{found.code}] {severity}: {body}"
    if hint:
        line += f"\n    {text('labels', 'hint', lang)}: {hint}"
    return line


def format_diagnostics(found: Iterable[Diagnostic], lang: Lang) -> str:
    return "".join(format_diagnostic(d, lang) + "\n" for d in found)


def is_error(found: Diagnostic) -> bool:
    return found.severity is Severity.ERROR


def problem_data(found: Diagnostic, lang: Lang) -> dict[str, Any]:
    """A problem as the JSON formats hold it: where, what, in words and as parameters."""
    body, hint = message(found.code, lang, found.params)
    where = found.location
    return {
        "code": found.code,
        "severity": found.severity.value,
        "file": where.file,
        "line": where.line,
        "col": where.col,
        "message": body,
        "hint": hint,
        "params": found.params,
    }
