"""The formula tree and its evaluation in `Decimal`, inside a local context whose traps turn
overflow and invalid operations into `Unavailable` — never an exception or a silent 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import (
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    Underflow,
    localcontext,
)
from typing import TypeAlias

from perfeval.metrics.values import Unavailable, Value, divisor

MAX_MAGNITUDE = 99  # a result above 10**99 is overflow, like an input number (loader)

_CONTEXT = Context(
    prec=28,
    Emax=999999,
    Emin=-999999,
    traps=[InvalidOperation, Overflow, Underflow, DivisionByZero],
)
"""Where formulas are evaluated: `localcontext` works on a copy, so this one stays clean."""


class FormulaError(Exception):
    """A formula (or a set of metrics) that cannot be used; text lives in the locale files."""

    def __init__(self, code: str, position: int, params: dict[str, str]) -> None:
        super().__init__(f"{code} at {position}: {params.get('problem', params)}")
        self.code = code
        self.position = position
        self.params = params


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Ref:
    path: str


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node: TypeAlias = Number | Ref | Unary | Binary | Call
Resolve: TypeAlias = Callable[[str], Value]
Compiled: TypeAlias = Callable[[Resolve], Value]
"""A formula turned into nested closures: one per node, each calling its operands'."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula; it compiles itself to closures once, when it is made (a rubric's
    metrics are evaluated for every file, and walking the tree each time was most of the
    cost)."""

    source: str
    tree: Node
    compiled: Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", _compile(self.tree, self.source))

    def references(self) -> frozenset[str]:
        """Every dotted name the formula reads (function names excluded)."""
        return frozenset(_refs(self.tree))

    def like_groups(self) -> list[tuple[str, ...]]:
        """The figures the formula adds, subtracts, divides or picks between as like with
        like (`a / b`, `a - b`, `min(a, b)`): each group must be written in one form, all
        percentages or none (a rate times an amount, `a * b`, is not such a group)."""
        groups: list[tuple[str, ...]] = []
        stack: list[Node] = [self.tree]
        while stack:
            node = stack.pop()
            match node:
                case Binary(op, left, right):
                    stack += [left, right]
                    if op not in ("*", "and", "or"):  # conditions are not like with like
                        groups.append(tuple(_direct_refs(left, right)))
                case Call(name, args):
                    stack += args
                    picked = args[1:] if name == "if" else args  # if: the two branches
                    groups.append(tuple(_direct_refs(*picked)))
                case Unary(_, operand):
                    stack.append(operand)
        return [group for group in groups if len(group) > 1]

    def evaluate(self, resolve: Callable[[str], Value]) -> Value:
        """Evaluate with ``resolve`` giving each referenced path's value."""
        with localcontext(_CONTEXT):
            result = self.compiled(resolve)
        if isinstance(result, Decimal) and result.adjusted() > MAX_MAGNITUDE:
            return Unavailable("overflow", self.source)  # rules must never see such a number
        return result


def _direct_refs(*nodes: Node) -> list[str]:
    """The paths among `nodes` that are figures read as they are (or negated)."""
    found = []
    for node in nodes:
        inner = node.operand if isinstance(node, Unary) else node
        if isinstance(inner, Ref):
            found.append(inner.path)
    return found


def _refs(node: Node) -> list[str]:
    match node:
        case Ref(path):
            return [path]
        case Unary(_, operand):
            return _refs(operand)
        case Binary(_, left, right):
            return _refs(left) + _refs(right)
        case Call(_, args):
            return [path for arg in args for path in _refs(arg)]
    return []


_OUT_OF_RANGE = (Overflow, Underflow, InvalidOperation)
"""What `_CONTEXT` traps in arithmetic: a result out of range, never a silent 0 or inf."""


def _compile(node: Node, source: str) -> Compiled:
    """The closure evaluating `node`; an unavailable operand is the result, unchanged."""
    match node:
        case Number(number):
            return lambda resolve: number
        case Ref(path):
            return _reference(path)
        case Unary("not", operand):
            return _not(_compile(operand, source))
        case Unary(_, operand):
            return _negation(_compile(operand, source), source)
        case Binary(("and" | "or") as op, left, right):
            return _logical(op, _compile(left, source), _compile(right, source))
        case Binary(op, left, right):
            refuse = _divisor_rule(left, right, source) if op == "/" else None
            return _binary(op, _compile(left, source), _compile(right, source), source, refuse)
        case Call("if", (condition, then, otherwise)):
            branches = (_compile(then, source), _compile(otherwise, source))
            return _if(_compile(condition, source), *branches)
        case Call(name, args):
            return _call(name, tuple(_compile(arg, source) for arg in args), source)
    raise AssertionError(f"not a formula node: {node!r}")


def _reference(path: str) -> Compiled:
    def reference(resolve: Resolve) -> Value:
        value = resolve(path)
        if isinstance(value, Decimal) and not value.is_finite():  # the reader refuses these
            return Unavailable(
                "unreadable", path, "PE009", (("value", str(value)), ("digits", "40"))
            )
        return value

    return reference


def _negation(operand: Compiled, source: str) -> Compiled:
    def negation(resolve: Resolve) -> Value:
        inner = operand(resolve)
        if isinstance(inner, Unavailable):
            return inner
        try:
            return -inner
        except _OUT_OF_RANGE:
            return Unavailable("overflow", source)

    return negation


ONE, ZERO = Decimal(1), Decimal(0)


def _truth(value: bool) -> Decimal:
    """A condition where a number is needed: 1 or 0."""
    return ONE if value else ZERO


def _not(operand: Compiled) -> Compiled:
    def negated(resolve: Resolve) -> Value:
        inner = operand(resolve)
        return inner if isinstance(inner, Unavailable) else _truth(inner.is_zero())

    return negated


def _logical(op: str, left: Compiled, right: Compiled) -> Compiled:
    """`and`/`or` on conditions (any number not 0 is true), 1 or 0; the right side is read
    only when the left does not decide (so `b > 0 and a / b > 1` never divides by 0)."""
    decides = op == "or"  # `or` is decided by a true left side, `and` by a false one

    def logical(resolve: Resolve) -> Value:
        lhs = left(resolve)
        if isinstance(lhs, Unavailable):
            return lhs
        if (not lhs.is_zero()) == decides:
            return _truth(decides)
        rhs = right(resolve)
        return rhs if isinstance(rhs, Unavailable) else _truth(not rhs.is_zero())

    return logical


def _if(condition: Compiled, then: Compiled, otherwise: Compiled) -> Compiled:
    """`if(cond, a, b)`: `a` when `cond` is true (not 0), else `b`; only the branch taken is
    read, so the other may divide by zero or read a figure that is absent."""

    def choose(resolve: Resolve) -> Value:
        chosen = condition(resolve)
        if isinstance(chosen, Unavailable):
            return chosen
        return otherwise(resolve) if chosen.is_zero() else then(resolve)

    return choose


Refuse: TypeAlias = Callable[[Decimal, Decimal], Unavailable | None]
"""Why two operands make no result (a divisor's rule), or None."""


def _divisor_rule(left: Node, right: Node, source: str) -> Refuse:
    """`a / b`, when `b` reads a submitted figure, by the one rule for divisors
    (`values.divisor`: 0 ÷ 0 unavailable, x ÷ 0 and a negative divisor errors), located at
    the figure `b` reads when it reads one; `a` held to it too when `a` is a figure as
    written (a negative one is an error at it). A divisor of the rubric's own numbers
    (`a / 2`, `a / -1`) is plain arithmetic: only a zero makes the value unavailable."""
    read = set(_refs(right))
    if not read:
        return lambda lhs, rhs: Unavailable("division_by_zero", source) if rhs.is_zero() else None
    path = next(iter(read)) if len(read) == 1 else ""
    figure = left.path if isinstance(left, Ref) else ""
    return lambda lhs, rhs: divisor(lhs, rhs, path, source, figure)


def _binary(
    op: str, left: Compiled, right: Compiled, source: str, refuse: Refuse | None
) -> Compiled:
    compute = _BINARY[op]

    def binary(resolve: Resolve) -> Value:
        lhs = left(resolve)
        if isinstance(lhs, Unavailable):
            return lhs
        rhs = right(resolve)
        if isinstance(rhs, Unavailable):
            return rhs
        refused = refuse(lhs, rhs) if refuse is not None else None
        if refused is not None:
            return refused
        try:
            return compute(lhs, rhs)
        except _OUT_OF_RANGE:
            return Unavailable("overflow", source)

    return binary


def _call(name: str, args: tuple[Compiled, ...], source: str) -> Compiled:
    def call(resolve: Resolve) -> Value:
        values: list[Decimal] = []
        last = Unavailable("missing", source)
        for arg in args:
            value = arg(resolve)
            if name == "coalesce":
                if isinstance(value, Decimal) or value.is_error:
                    return value  # a figure written wrongly is an error, never a fallback
                last = value
            elif isinstance(value, Unavailable):
                return value
            else:
                values.append(value)
        if name == "coalesce":
            return last
        if name == "abs":
            try:
                return abs(values[0])
            except _OUT_OF_RANGE:
                return Unavailable("overflow", source)
        return min(values) if name == "min" else max(values)

    return call


_BINARY: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": Decimal.__add__,
    "-": Decimal.__sub__,
    "*": Decimal.__mul__,
    "/": Decimal.__truediv__,
    "<": lambda a, b: _truth(a < b),
    "<=": lambda a, b: _truth(a <= b),
    "==": lambda a, b: _truth(a == b),
    "!=": lambda a, b: _truth(a != b),
    ">=": lambda a, b: _truth(a >= b),
    ">": lambda a, b: _truth(a > b),
}
