"""What every consistency check shares: its signature, locating, and rounding tolerance.

A check is a pure function `(submission, scorecard, locate) -> list[Diagnostic]`. It reads
the validated submission and the engine's scorecard, never files, and locates each problem
with the loader's source map.

Tolerance follows the precision a figure is written at: a figure with decimals stands for
any value that rounds to it, so it may be off by half a unit in its last written place
(`3089.8` by 0.05, `29.77%` by 0.005%). When every figure compared is a whole number
(documents 9113 + 1339 = 10452) they are counts and must agree exactly; a whole number
beside figures with decimals (a total of 3090 万元 over parts 2000.45 + 1089.35) is taken
as rounded to units, off by up to 0.5.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.load import scalars
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission

Check = Callable[[Submission, Scorecard, Locate], list[Diagnostic]]
Path = tuple[str | int, ...]

ZERO = Decimal(0)
_CONTAINERS = (Mapping, list)  # what `mappings` looks inside
_PLAIN = (dict, list)  # the containers the loader makes, known without the Mapping ABC check
_SCALARS = (Decimal, str, int)  # figures and text (a bool is an int), never containers


def half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last written decimal place; zero for a whole number."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return ZERO
    return Decimal(5).scaleb(exponent - 1)


def rounding_slack(*figures: Decimal) -> Decimal:
    """How far a sum of these figures may miss, given the precision each is written at."""
    halves = [half_unit(f) for f in figures]
    if not any(halves):
        return ZERO
    return sum((h or Decimal("0.5") for h in halves), ZERO)


def unspaced(text: str) -> str:
    """`text` without whitespace: `str.split` splits at exactly the characters `\\s`
    matches (`str.isspace`), and is several times quicker than a regex substitution."""
    return "".join(text.split())


def dotted(path: Path) -> str:
    """`("data", "documents", "total")` → `data.documents.total` (list items as `[i]`)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def mappings(node: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every mapping inside `node` (itself included), with its path, depth first."""
    stack: list[tuple[Path, Any]] = [(path, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict | Mapping):  # a dict is found before the ABC check
            yield where, value
            items: Iterable[tuple[str | int, Any]] = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        inside = [
            ((*where, k), v)
            for k, v in items
            if isinstance(v, _PLAIN) or (not isinstance(v, _SCALARS) and isinstance(v, _CONTAINERS))
        ]
        stack.extend(reversed(inside))


def number(value: Any) -> Decimal | None:
    """A figure under `data` as a number (text read by `perfeval.load.scalars`, ratios as
    `92.5%` or `0.925`), else None: absent, not a scalar, or unreadable (`not_a_number`
    says why)."""
    if type(value) is Decimal:
        return value
    if isinstance(value, dict | list):
        return None
    try:
        read = scalars.read(scalars.Kind.FIGURE, value).value
    except scalars.Unreadable:
        return None
    return read if isinstance(read, Decimal) else None


def not_a_number(locate: Locate, path: Path, value: Any) -> Diagnostic:
    """Why the figure at `path` is not a number: the reader's own code (PE111–PE116, PE009)
    quoting it, or PE407 for a mapping, a list or nothing at all."""
    if value is not None and not isinstance(value, dict | list):
        try:
            scalars.read(scalars.Kind.FIGURE, value)
        except scalars.Unreadable as exc:
            return diagnostic(exc.code, locate(path), **exc.params)
    return diagnostic("PE407", locate(path), path=dotted(path))
