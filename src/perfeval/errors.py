"""Error types, diagnostics and the exit-code contract.

Exit codes are defined once here (DESIGN §6):

* ``0`` — every file passed;
* ``1`` — a submission failed: invalid data, an error finding, a gate not met;
* ``2`` — perfeval could not do its job: bad usage, missing file, invalid rubric,
  internal error.

A :class:`Diagnostic` is a located problem with a stable code; its text lives in the
locale files (``locales/*.toml``), never here.
"""

from __future__ import annotations

import enum
import errno
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1
    CANNOT_RUN = 2


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based position in a user file."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem with user input: a stable code, a severity, a place and message values."""

    code: str
    location: Location
    params: dict[str, str] = field(default_factory=dict)
    severity: Severity = Severity.ERROR


Locate = Callable[[Sequence[str | int]], Location]
"""Maps a path into a user file (e.g. `("indicators", "budget_execution")`) to its position."""


def with_severity(problems: Iterable[Diagnostic], severity: Severity) -> list[Diagnostic]:
    return [p for p in problems if p.severity is severity]


class PerfevalError(Exception):
    """Base of every error perfeval raises on purpose."""

    exit_code: ExitCode = ExitCode.CANNOT_RUN

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(", ".join(d.code for d in diagnostics))
        self.diagnostics = diagnostics


class InputError(PerfevalError):
    """The submission is not usable: exit 1."""

    exit_code = ExitCode.FAILED


class RubricError(PerfevalError):
    """The rubric is broken: perfeval cannot score against it, exit 2."""

    exit_code = ExitCode.CANNOT_RUN


class CannotRunError(PerfevalError):
    """A missing file, unreadable path or similar: exit 2."""

    exit_code = ExitCode.CANNOT_RUN


def diagnostic(code: str, location: Location, /, **params: object) -> Diagnostic:
    """Build an error; every parameter is stored as text for the message templates."""
    return Diagnostic(code, location, {k: str(v) for k, v in params.items()})


def warning(code: str, location: Location, /, **params: object) -> Diagnostic:
    """Build a warning; parameters as for `diagnostic`."""
    return Diagnostic(code, location, {k: str(v) for k, v in params.items()}, Severity.WARNING)


_OS_ERRORS = {
    errno.ENOENT: "not_found",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EISDIR: "is_directory",
    errno.ENOTDIR: "not_directory",
    errno.ENAMETOOLONG: "name_too_long",
    errno.ELOOP: "link_loop",
    errno.ENOSPC: "no_space",
    errno.EROFS: "read_only",
}


def os_problem(exc: OSError) -> str:
    """Why the system refused a file, as a diagnostic parameter: `@os_errors.<key>` for the
    usual causes (worded in the user's language, `[os_errors]` of the locales), else the
    system's own text (which is English whatever the user's language)."""
    key = _OS_ERRORS.get(exc.errno or 0)
    if key is not None:
        return f"@os_errors.{key}"
    return exc.strerror or type(exc).__name__
