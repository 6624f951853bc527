"""Values a formula works with: a `Decimal`, or `Unavailable` saying why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias

from perfeval.load import scalars


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A value that cannot be computed; ``reason`` is a key, ``path`` says which figure.

    ``unreadable`` and ``refused`` are not like the others: the figure is there but is not
    a number (``unreadable``: its ``code`` and ``params`` say why, as `perfeval.load.scalars`
    read it), or it is a number no ratio can be taken over (``refused``: a divisor of 0
    under a number that is not 0, PE334, a negative divisor, PE335, or a negative figure
    divided as written, PE338 — see `divisor`).
    An absent figure or 0 ÷ 0 makes an indicator not applicable; these two are errors.
    """

    reason: str  # "missing" | "unreadable" | "refused" | "division_by_zero" | "overflow"
    path: str = ""  # the figure/metric path, or the formula text for arithmetic failures
    code: str = ""  # for "unreadable" and "refused": the diagnostic's code (PE111…)
    params: tuple[tuple[str, str], ...] = ()  # and its message values
    # where it is in the file when `path` is no place there (a dotted key, a formula's
    # divisor); not part of what the value is
    at: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        """An error at `path` (never N/A, never a `coalesce` fallback)."""
        return self.reason in ("unreadable", "refused")


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


def shaped_like(path: str, key: str, missing: str, inside: str = "") -> Unavailable:
    """`key`, at `path`, a mapping at the top of `data` that holds a figure the rubric reads
    under `missing` (`三公经费: {budget, actual}` where `data.three_public.actual` is read):
    the figure renamed, or the department's own figure of that shape while it has none of
    `missing` — an error there (PE336) offering both fixes, never a silent N/A."""
    name = missing.rpartition(".")[2]
    shape = f"{name}: {{{inside}}}" if inside else name  # three_public: {actual: …, budget: …}
    params = (("key", key), ("path", missing), ("name", name), ("shape", shape))
    return Unavailable("unreadable", path, "PE336", params)


def dotted_key(key: str, path: str) -> Unavailable:
    """`key`, a key of `data` holding dots (`three_public.budget: 15`), written for the
    figure `path` the rubric reads nested: an error at that key (PE337)."""
    head, _, tail = key.partition(".")
    params = (("key", key), ("head", head), ("tail", tail))
    return Unavailable("unreadable", path, "PE337", params, at=("data", key))


def unread_key(path: str, key: str, mapping: str, names: str = "") -> Unavailable:
    """`key`, at `path`, is no name the rubric reads in `mapping` (whose names it reads are
    `names`) and nothing the rubric reads there is close to it: an error there (PE330),
    never a figure quietly left out."""
    params = (("key", key), ("mapping", mapping), ("names", names))
    return Unavailable("unreadable", path, "PE330", params)


def not_a_mapping(path: str, value: object, key: str) -> Unavailable:
    """A value written at `path` where the rubric reads `path.key` (`satisfaction: 50%` for
    `satisfaction: {rate: 50%}`): an error there (PE331), never an absent figure."""
    shown = scalars.clip(str(value))
    return Unavailable("unreadable", path, "PE331", (("value", shown), ("key", key)))


def divisor(
    numerator: Decimal, value: Decimal, path: str, formula: str, read: str = ""
) -> Unavailable | None:
    """Why `numerator ÷ value` is no ratio, or None when it is one — the one rule for every
    divisor: each formula's `/` (bundled rubrics, a rubric's own metrics) and each rule that
    divides submitted figures (`spending_progress`). `path` is the figure divided by, if one
    is, where the error is located; `formula` is what is shown (`a / b`); `read` is the
    submitted figure the numerator is, when it is one as written (not an expression).

    - 0 ÷ 0: ``division_by_zero`` — nothing of that kind at all (no budget for 三公经费);
      the indicator is not applicable by the rubric's policy, with a warning.
    - x ÷ 0, x ≠ 0: PE334 — spending over a budget of 0 is a figure written wrongly (or an
      indicator to mark not applicable), never a quiet N/A that raises the total.
    - x ÷ a negative number: PE335 — a budget, plan or quota is never negative, and the
      ratio's sign would flip every comparison (−84% ≤ 100% scored full marks).
    - a negative figure over a positive one, when the numerator is that figure as written
      (`actual: -20` in `actual / budget`): PE338 at it — spending, a count or an amount
      is never negative, and −133% ≤ 100% would score full marks. A numerator that is an
      expression (`(actual - last_year) / last_year`, a change rate) may be negative.
    """
    if value > 0 and (not read or numerator >= 0):
        return None
    if value.is_zero() and numerator.is_zero():
        return Unavailable("division_by_zero", formula, at=tuple(path.split(".")) if path else ())
    shown = (("formula", scalars.clip(formula, 120)), ("numerator", f"{numerator:f}"))
    if value.is_zero():
        return Unavailable("refused", path, "PE334", shown)
    if value < 0:
        return Unavailable("refused", path, "PE335", (*shown, ("divisor", f"{value:f}")))
    return Unavailable("refused", read, "PE338", shown)
