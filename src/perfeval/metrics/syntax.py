"""The formula tree and its evaluation in `Decimal`, inside a local context whose traps turn
overflow and invalid operations into `Unavailable` — never an exception or a silent 0."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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

from perfeval.metrics.values import Unavailable, Value

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


@dataclass(frozen=True, slots=True)
class Formula:
    source: str
    tree: Node

    def references(self) -> frozenset[str]:
        """Every dotted name the formula reads (function names excluded)."""
        return frozenset(_refs(self.tree))

    def evaluate(self, resolve: Callable[[str], Value]) -> Value:
        """Evaluate with ``resolve`` giving each referenced path's value."""
        with localcontext(_CONTEXT):
            result = _eval(self.tree, resolve, self.source)
        if isinstance(result, Decimal) and result.adjusted() > MAX_MAGNITUDE:
            return Unavailable("overflow", self.source)  # rules must never see such a number
        return result


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


def _eval(node: Node, resolve: Callable[[str], Value], source: str) -> Value:
    match node:
        case Number(number):
            return number
        case Ref(path):
            value = resolve(path)
            if isinstance(value, Decimal) and not value.is_finite():
                return Unavailable("not_a_number", path)
            return value
        case Unary(_, operand):
            inner = _eval(operand, resolve, source)
            return inner if isinstance(inner, Unavailable) else _guarded(lambda: -inner, source)
        case Binary(op, left, right):
            lhs = _eval(left, resolve, source)
            if isinstance(lhs, Unavailable):
                return lhs
            rhs = _eval(right, resolve, source)
            if isinstance(rhs, Unavailable):
                return rhs
            if op == "/" and rhs.is_zero():
                return Unavailable("division_by_zero", source)
            return _guarded(lambda: _BINARY[op](lhs, rhs), source)
    return _call(node, resolve, source)


def _call(node: Call, resolve: Callable[[str], Value], source: str) -> Value:
    values: list[Decimal] = []
    last = Unavailable("missing", source)
    for arg in node.args:
        value = _eval(arg, resolve, source)
        if node.name == "coalesce":
            if isinstance(value, Decimal):
                return value
            last = value
        elif isinstance(value, Unavailable):
            return value
        else:
            values.append(value)
    if node.name == "coalesce":
        return last
    if node.name == "abs":
        return _guarded(lambda: abs(values[0]), source)
    return min(values) if node.name == "min" else max(values)


_BINARY: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": Decimal.__add__,
    "-": Decimal.__sub__,
    "*": Decimal.__mul__,
    "/": Decimal.__truediv__,
}


def _guarded(compute: Callable[[], Decimal], source: str) -> Value:
    try:
        return compute()
    except (Overflow, Underflow, InvalidOperation):  # out of range: never a silent 0 or inf
        return Unavailable("overflow", source)
