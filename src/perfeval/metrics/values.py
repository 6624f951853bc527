"""Values a formula works with: a `Decimal`, or `Unavailable` saying why not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from perfeval.load import scalars


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A value that cannot be computed; ``reason`` is a key, ``path`` says which figure.

    ``unreadable`` is not like the others: the figure is there but is not a number (its
    ``code`` and ``params`` say why, as `perfeval.load.scalars` read it). An absent figure
    or a division by zero makes an indicator not applicable; an unreadable one is an error.
    """

    reason: str  # "missing" | "unreadable" | "division_by_zero" | "overflow"
    path: str = ""  # the figure/metric path, or the formula text for arithmetic failures
    code: str = ""  # for "unreadable": the reader's code (PE111…)
    params: tuple[tuple[str, str], ...] = ()  # and its message values


Value: TypeAlias = Decimal | Unavailable


def figure(value: object, path: str) -> Value:
    """A raw submission value as a :data:`Value`, read by the one reader of typed values
    (`perfeval.load.scalars`, as a ratio: ``96%`` or ``0.96``). Absent or empty text is
    ``missing``; text that is not a number, a yes/no, a mapping or a list is ``unreadable``.
    """
    if value is None:
        return Unavailable("missing", path)
    if isinstance(value, Unavailable):
        return value
    if type(value) is Decimal and value.is_finite():
        return value
    if isinstance(value, dict | list):
        return Unavailable("unreadable", path, "PE407", (("path", path),))
    try:
        read = scalars.read(scalars.Kind.FIGURE, value).value
    except scalars.Unreadable as exc:
        return Unavailable("unreadable", path, exc.code, tuple(exc.params.items()))
    return Unavailable("missing", path) if read is None else Decimal(read)


def mistyped(path: str, key: str, expected: str) -> Unavailable:
    """`key`, at `path`, written where the rubric reads `expected` (a name close to it, or
    the one the rubric misses beside it): an error there (PE313), never an absent figure."""
    return Unavailable("unreadable", path, "PE313", (("key", key), ("suggestion", expected)))


def unread_key(path: str, key: str, mapping: str) -> Unavailable:
    """`key`, at `path`, is no name the rubric reads in `mapping` and nothing the rubric
    reads there is close to it: an error there (PE330), never a figure quietly left out."""
    return Unavailable("unreadable", path, "PE330", (("key", key), ("mapping", mapping)))


def not_a_mapping(path: str, value: object, key: str) -> Unavailable:
    """A value written at `path` where the rubric reads `path.key` (`satisfaction: 50%` for
    `satisfaction: {rate: 50%}`): an error there (PE331), never an absent figure."""
    shown = scalars.clip(str(value))
    return Unavailable("unreadable", path, "PE331", (("value", shown), ("key", key)))
