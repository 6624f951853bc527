"""Every limit on the work one input file can make perfeval do, in one place.

A finance bureau scores files it did not write, so each file gets a budget: its size, its
nesting, how many values it holds, how much text those values add up to once aliases are
expanded, how long a number may be, and how many problems are reported for it. Every door
(YAML, JSON, an Excel form) applies the same numbers; SECURITY.md lists them with the test
that holds each.
"""

from __future__ import annotations

from collections.abc import Sequence

from perfeval.errors import Diagnostic, Location, Severity, diagnostic, warning

MAX_BYTES = 5 * 1024 * 1024
"""A submission or rubric file, in bytes (PE004)."""

MAX_DEPTH = 64
"""Mappings and lists inside each other (PE005)."""

MAX_DIGITS = 40
"""Significant digits of one number, written quoted or not (PE009)."""

MAX_EXPONENT = 99
"""The largest decimal exponent of one number, either way: 1e99 and 1e-99 (PE009)."""

MAX_VALUES = 50_000
"""Scalars, mappings and lists in one file, aliases counted again where used (PE017). The
largest real submissions hold a few thousand; a list of millions of one-letter items is
refused while it is being read."""

MAX_TEXT = 8 * 1024 * 1024
"""Characters of text in one file once every alias is expanded (PE018): a scalar alias
counts at the size of what it repeats, so `&a` on a long paragraph used a thousand times
is refused instead of multiplying the narrative checks' work."""

MAX_PROBLEMS = 200
"""Problems reported for one file; past it, one more says how many were left out (PE019)."""


def first_problems(found: Sequence[Diagnostic], file: str) -> tuple[Diagnostic, ...]:
    """At most `MAX_PROBLEMS` of a file's problems, errors before warnings (so a file with
    an error is never reported as passing), in file order; when some are left out, one
    more (PE019) says how many, as an error if an error was among them."""
    if len(found) <= MAX_PROBLEMS:
        return tuple(found)
    errors = [d for d in found if d.severity is Severity.ERROR]
    kept = errors[:MAX_PROBLEMS]
    kept += [d for d in found if d.severity is Severity.WARNING][: MAX_PROBLEMS - len(kept)]
    kept.sort(key=lambda d: (d.location.line, d.location.col, d.code))
    left = len(found) - len(kept)
    make = diagnostic if len(errors) > MAX_PROBLEMS else warning
    return (*kept, make("PE019", Location(file), count=left, limit=MAX_PROBLEMS))
