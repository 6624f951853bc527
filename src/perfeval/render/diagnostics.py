"""Diagnostics as text: `path:line:col: [code] message`, then the fix hint.

Every format words a diagnostic through `words`, so the user text in its parameters (a key,
a value, a file name) is always neutralised (`perfeval.render.neutral`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from perfeval.errors import Diagnostic, Severity
from perfeval.i18n import Lang, message, text
from perfeval.render.neutral import neutral


def words(found: Diagnostic, lang: Lang) -> tuple[str, str]:
    """The message and the fix hint, with the user text in them neutralised."""
    return message(found.code, lang, {name: neutral(v) for name, v in found.params.items()})


def where(found: Diagnostic) -> str:
    """`path:line:col` (or the path alone), the path neutralised."""
    return neutral(str(found.location))


def format_diagnostic(found: Diagnostic, lang: Lang) -> str:
    body, hint = words(found, lang)
    severity = text("labels", found.severity.value, lang)
    line = f"{where(found)}: [{found.code}] {severity}: {body}"
    if hint:
        line += f"\n    {text('labels', 'hint', lang)}: {hint}"
    return line


def format_diagnostics(found: Iterable[Diagnostic], lang: Lang) -> str:
    return "".join(format_diagnostic(d, lang) + "\n" for d in found)


def is_error(found: Diagnostic) -> bool:
    return found.severity is Severity.ERROR


def problem_data(found: Diagnostic, lang: Lang) -> dict[str, Any]:
    """A problem as the JSON formats hold it: where and what exactly, and in words."""
    body, hint = words(found, lang)
    location = found.location
    return {
        "code": found.code,
        "severity": found.severity.value,
        "file": location.file,
        "line": location.line,
        "col": location.col,
        "message": body,
        "hint": hint,
        "params": found.params,
    }
