"""What every rule type shares: the parameter base class, the context a rule reads and the
outcome it returns.

A rule never rounds, clamps, applies N/A policy or formats text: it reports raw points and
findings (with typed values); the engine and the renderers do the rest. A rule's findings
are `Found` tuples, not yet `Finding` models: the engine rounds their points and makes each
`Finding` once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, getcontext
from functools import lru_cache
from typing import Any, NamedTuple

from perfeval.metrics import Unavailable, Value
from perfeval.models.common import Strict, Text
from perfeval.models.result import Quantity, quantity, text_of
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


class RuleContext(NamedTuple):
    """What a rule may read: its weight, its resolved input, the entry and other figures.

    Made for every leaf of every file, so a named tuple: immutable like a frozen dataclass,
    made in half the time."""

    weight: Decimal
    value: Value | bool | None
    entry: Entry | None
    figure: Callable[[str], Value]
    raw: Callable[[str], Any] = lambda path: None  # the value as written at a data path


NO_FIGURES = RuleContext(ZERO, None, None, lambda path: Unavailable("missing", path))
"""A context with no figures: what a rule's declarations are asked with when no submission
is at hand (`perfeval init` lists the spending checkpoints a rubric follows)."""


class Found(NamedTuple):
    """What a rule found: a stable code, the raw points it deducts and the values behind them.

    The engine makes the scorecard's `Finding` from it, with the points rounded like the
    leaf's score, so a rule's finding is never built twice."""

    code: str
    deducted: Decimal
    values: dict[str, Quantity]


class Outcome(NamedTuple):
    """Raw points (None = not applicable), the findings behind them, and input problems;
    `from_total`: what the rubric takes from the whole score instead (指标偏离 `deduct_from:
    total`), which the engine deducts after the tree (`engine.adjust`).

    A named tuple, like `RuleContext`."""

    earned: Decimal | None
    findings: tuple[Found, ...] = ()
    unavailable: Unavailable | None = None
    problems: tuple[InputProblem, ...] = ()
    from_total: tuple[Found, ...] = ()  # points taken from the total, not the indicator


def not_applicable(reason: Unavailable) -> Outcome:
    return Outcome(earned=None, unavailable=reason)


def invalid(code: str, *path: str | int, **params: object) -> Outcome:
    """The entry is unusable: no points, one located problem."""
    problem = InputProblem(code, path, {k: str(v) for k, v in params.items()})
    return Outcome(earned=ZERO, problems=(problem,))


def number_input(ctx: RuleContext) -> Decimal | Unavailable:
    """The rule's numeric input, or why it is unavailable. A yes/no where a number is read
    is unreadable (an error at the entry's `value`: path ""), never absent."""
    value = ctx.value
    if isinstance(value, Decimal | Unavailable):
        return value
    if isinstance(value, bool):
        params = (("value", "true" if value else "false"), ("kind", "@types.number"))
        return Unavailable("unreadable", "", "PE116", params)
    return Unavailable("missing", "value")


def points(value: Decimal) -> Quantity:
    return quantity("points", value)


def percent(value: Decimal) -> Quantity:
    return quantity("percent", value)


def number(value: Decimal) -> Quantity:
    return quantity("number", value)


def shown(value: Decimal, display: str) -> Quantity:
    """A value shown as the rubric's `display` says: `percent` or `number`."""
    return percent(value) if display == "percent" else number(value)


DISPLAY_STEP = Decimal("0.0001")
"""How finely a computed value is shown when the rubric states no precision: a ratio to
0.01 percentage point (92.60%), a number to four decimals."""


def at_precision(value: Decimal, precision: Decimal | None) -> Decimal:
    """`value` rounded half-up at the precision the rubric states for it, or as it is.

    Scoring rounds once, at the leaf (the engine). A rule rounds its input earlier only
    where the rubric says so (`precision:`): then it compares and computes with the rounded
    number, which is also the number shown (docs/rubrics.md, "Rounding")."""
    return value if precision is None else quantize(value, precision)


def displayed(
    value: Decimal, display: str, precision: Decimal | None, *thresholds: Decimal | None
) -> Quantity:
    """`value` as a reason shows it: at the rubric's stated precision (the rule compared
    that number); as it is when it has no more digits than `DISPLAY_STEP` (a figure as
    written, 86.5%); else rounded half-up to `DISPLAY_STEP` — with more digits where that
    rounding would put it on, or across, a threshold it was compared with, so the printed
    number never contradicts the comparison (0.89996 against 90% shows 89.996%, not 90%)."""
    if precision is not None:
        return shown(quantize(value, precision), display)
    if int(value.as_tuple().exponent) >= int(DISPLAY_STEP.as_tuple().exponent):
        return shown(value, display)  # as written: 86.5%, 3, 2.4 — never padded to 86.50%
    step = DISPLAY_STEP
    for _ in range(12):
        rounded = quantize(value, step)
        if all(
            t is None or ((rounded < t) == (value < t) and (rounded == t) == (value == t))
            for t in thresholds
        ):
            return shown(rounded, display)
        step = step.scaleb(-1)
    return shown(value, display)


def money(value: Decimal) -> Quantity:
    return quantity("money", value)


def label(text: Text | str) -> Quantity:
    return _label_of(text) if isinstance(text, str) else quantity("text", text=text)


@lru_cache(maxsize=4096)
def _label_of(text: str) -> Quantity:
    """A plain text as a label, made once per text: units (次, 项, 万元) and names recur
    from file to file, and a `Quantity` is frozen, so findings can share it."""
    return quantity("text", text=text_of(text))


def finding(code: str, deducted: Decimal = ZERO, **values: Quantity) -> Found:
    return Found(code, deducted, values)


def quantize(value: Decimal, step: Decimal) -> Decimal:
    """Half-up rounding to `step` (e.g. 0.001): the compared number is the printed one.

    A value too large to pad to `step` within the context's precision (say 1e50 to 0.0001)
    has no digits finer than `step` and is returned as it is; otherwise the rounding gets
    the precision it needs, which is at most the value's own digit count.
    """
    exponent = int(step.as_tuple().exponent)
    needed = value.adjusted() - exponent + 1
    if needed <= getcontext().prec:
        return value.quantize(step, ROUND_HALF_UP)  # (rounding passed by position: quicker)
    if int(value.as_tuple().exponent) >= exponent:
        return value
    return value.quantize(step, rounding=ROUND_HALF_UP, context=Context(prec=needed + 1))
