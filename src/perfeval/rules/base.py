"""What every rule type shares: the parameter base class, the context a rule reads and the
outcome it returns.

A rule never rounds, clamps, applies N/A policy or formats text: it reports raw points and
findings (with typed values); the engine and the renderers do the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, getcontext

from perfeval.metrics import Unavailable, Value
from perfeval.models.common import Strict, Text
from perfeval.models.result import Finding, Quantity
from perfeval.models.submission import Entry

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class RuleParams(Strict):
    """Base of each rule's parameter model; `type` is the discriminator."""

    type: str

    def reads_entry(self) -> bool:
        """Whether the rule reads the submission's entry for its leaf (most do)."""
        return True


@dataclass(frozen=True, slots=True)
class InputProblem:
    """The entry does not give the rule what it needs (an error located inside the entry)."""

    code: str
    path: tuple[str | int, ...] = ()
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may read: its weight, its resolved input, the entry and other figures."""

    weight: Decimal
    value: Value | bool | None
    entry: Entry | None
    figure: Callable[[str], Value]


@dataclass(frozen=True, slots=True)
class Outcome:
    """Raw points (None = not applicable), the findings behind them, and input problems."""

    earned: Decimal | None
    findings: tuple[Finding, ...] = ()
    unavailable: Unavailable | None = None
    problems: tuple[InputProblem, ...] = ()


def not_applicable(reason: Unavailable) -> Outcome:
    return Outcome(earned=None, unavailable=reason)


def invalid(code: str, *path: str | int, **params: object) -> Outcome:
    """The entry is unusable: no points, one located problem."""
    problem = InputProblem(code, path, {k: str(v) for k, v in params.items()})
    return Outcome(earned=ZERO, problems=(problem,))


def number_input(ctx: RuleContext) -> Decimal | Unavailable:
    """The rule's numeric input, or why it is unavailable."""
    if isinstance(ctx.value, Decimal | Unavailable):
        return ctx.value
    return Unavailable("missing", "value")


def points(value: Decimal) -> Quantity:
    return Quantity(kind="points", value=value)


def percent(value: Decimal) -> Quantity:
    return Quantity(kind="percent", value=value)


def number(value: Decimal) -> Quantity:
    return Quantity(kind="number", value=value)


def shown(value: Decimal, display: str) -> Quantity:
    """A value shown as the rubric's `display` says: `percent` or `number`."""
    return percent(value) if display == "percent" else number(value)


def money(value: Decimal) -> Quantity:
    return Quantity(kind="money", value=value)


def label(text: Text | str) -> Quantity:
    return Quantity(kind="text", text=text if isinstance(text, Text) else Text(zh=text))


def finding(code: str, deducted: Decimal = ZERO, **values: Quantity) -> Finding:
    return Finding(code=code, deducted=deducted, values=values)


def quantize(value: Decimal, step: Decimal) -> Decimal:
    """Half-up rounding to `step` (e.g. 0.001): the compared number is the printed one.

    A value too large to pad to `step` within the context's precision (say 1e50 to 0.0001)
    has no digits finer than `step` and is returned as it is; otherwise the rounding gets
    the precision it needs, which is at most the value's own digit count.
    """
    exponent = int(step.as_tuple().exponent)
    needed = value.adjusted() - exponent + 1
    if needed <= getcontext().prec:
        return value.quantize(step, rounding=ROUND_HALF_UP)
    if int(value.as_tuple().exponent) >= exponent:
        return value
    return value.quantize(step, rounding=ROUND_HALF_UP, context=Context(prec=needed + 1))
