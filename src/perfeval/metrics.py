"""Rubric metrics: a tiny, safe arithmetic formula language (DESIGN §4.1).

Formulas (numbers, ``5%``, dotted paths, ``+ - * /``, unary minus, parentheses, ``min``,
``max``, ``abs``, ``coalesce``) are parsed by our own recursive-descent parser — never
``eval`` — and evaluated in ``Decimal``. A missing figure, division by zero or overflow gives
:class:`Unavailable` (the engine makes the indicator N/A), never an exception or a silent 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
from typing import NamedTuple, TypeAlias

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_MAGNITUDE = 99  # a result above 10**99 is overflow, like an input number (loader)
_ARITY = {"min": (1, 0), "max": (1, 0), "abs": (1, 1), "coalesce": (1, 0)}  # (least, most or 0)
_TOKEN = re.compile(
    r"[ \t\r\n]*(?:(?P<num>[0-9]+(?:\.[0-9]+)?%?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op>[-+*/(),])|(?P<bad>.))",
    re.DOTALL,
)
_FIGURE = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*([%％]?)")


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A value that cannot be computed; ``reason`` is a key, ``path`` says which figure."""

    reason: str  # "missing" | "not_a_number" | "division_by_zero" | "overflow"
    path: str = ""  # the figure/metric path, or the formula text for arithmetic failures


Value: TypeAlias = Decimal | Unavailable


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
        context = Context(
            prec=28,
            Emax=999999,
            Emin=-999999,
            traps=[InvalidOperation, Overflow, Underflow, DivisionByZero],
        )
        with localcontext(context):
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


class _Token(NamedTuple):
    kind: str  # "num" | "name" | "op" | "end"
    text: str
    pos: int


def _error(code: str, source: str, pos: int, problem: str, **extra: str) -> FormulaError:
    params = {"formula": source, "problem": problem, "column": str(pos + 1), **extra}
    return FormulaError(code, pos, params)


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup or "bad"
        if kind == "bad":
            problem = f"unexpected character {match[kind]!r}"
            raise _error("PE205", source, match.start(kind), problem)
        tokens.append(_Token(kind, match[kind], match.start(kind)))
    return [*tokens, _Token("end", "", len(source))]


class _Parser:
    """Recursive descent: expr := term (+|- term)*; term := unary (*|/ unary)*;
    unary := '-' unary | primary; primary := number | path | call | '(' expr ')'."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def fail(self, token: _Token, problem: str = "", code: str = "PE205") -> FormulaError:
        if not problem:
            what = {"num": "number ", "name": "name ", "op": "", "end": ""}[token.kind]
            problem = (
                f"unexpected {what}'{token.text}'" if token.text else "unexpected end of formula"
            )
        return _error(code, self.source, token.pos, problem)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            problem = f"nested more than {MAX_DEPTH} levels deep"
            raise _error("PE209", self.source, token.pos, problem, limit=str(MAX_DEPTH))

    def parse(self) -> Node:
        node = self.binary("+-")
        if self.peek().kind != "end":
            raise self.fail(self.peek())
        return node

    def binary(self, ops: str) -> Node:
        operand = self.unary if ops == "*/" else lambda: self.binary("*/")
        node = operand()
        while self.peek().kind == "op" and self.peek().text in ops:
            node = Binary(self.take().text, node, operand())
        return node

    def unary(self) -> Node:
        if self.peek().text != "-":
            return self.primary()
        self.enter(self.take())
        node = Unary("-", self.unary())
        self.depth -= 1
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "num":
            return Number(_number(token.text))
        if token.kind == "name":
            return self.call(token) if self.peek().text == "(" else Ref(token.text)
        if token.text != "(":
            raise self.fail(token)
        self.enter(token)
        node = self.binary("+-")
        self.close(token)
        return node

    def call(self, name: _Token) -> Node:
        if "." in name.text:
            raise self.fail(self.peek(), f"'{name.text}' is a path and cannot be called")
        if name.text not in _ARITY:
            raise self.fail(name, f"unknown function '{name.text}'", "PE206")
        opening = self.take()
        self.enter(opening)
        args: list[Node] = [] if self.peek().text == ")" else [self.binary("+-")]
        while args and self.peek().text == ",":
            self.take()
            args.append(self.binary("+-"))
        self.close(opening)
        low, high = _ARITY[name.text]
        if len(args) < low or len(args) > (high or len(args)):
            wanted = f"exactly {low}" if low == high else f"at least {low}"
            problem = f"{name.text}() takes {wanted} argument(s), {len(args)} given"
            raise self.fail(name, problem, "PE206")
        return Call(name.text, tuple(args))

    def close(self, opening: _Token) -> None:
        token = self.take()
        if token.text != ")":
            unclosed = f"'(' at column {opening.pos + 1} is never closed"
            raise self.fail(token, unclosed if token.kind == "end" else "")
        self.depth -= 1


def _number(text: str) -> Decimal:
    number = Decimal(text.rstrip("%％"))
    if text[-1] not in "%％":
        return number
    return number.scaleb(-2, Context(prec=len(number.as_tuple().digits) + 1))


def parse_formula(source: str) -> Formula:
    """Parse ``source`` or raise :class:`FormulaError` (PE205/PE206/PE209)."""
    if len(source) > MAX_LENGTH:
        problem = f"longer than {MAX_LENGTH} characters"
        shown = source[:60] + "…"
        raise _error("PE209", shown, MAX_LENGTH, problem, limit=str(MAX_LENGTH))
    if not source.strip():
        raise _error("PE205", source, 0, "empty formula")
    return Formula(source, _Parser(source).parse())


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Metric names so that each comes after the metrics it references; a cycle is PE210."""
    order: list[str] = []
    state: dict[str, bool] = {}  # False while being visited, True when done

    def deps(name: str) -> list[str]:
        return sorted(ref for ref in formulas[name].references() if ref in formulas)

    for root in formulas:
        if root in state:
            continue
        path, stack, state[root] = [root], [iter(deps(root))], False
        while stack:
            dep = next(stack[-1], None)
            if dep is None:
                stack.pop()
                state[path[-1]] = True
                order.append(path.pop())
            elif state.get(dep) is False:
                cycle = " → ".join([*path[path.index(dep) :], dep])
                raise FormulaError("PE210", 0, {"cycle": cycle, "metric": dep})
            elif dep not in state:
                state[dep] = False
                path.append(dep)
                stack.append(iter(deps(dep)))
    return order


def evaluate_metrics(
    formulas: Mapping[str, Formula], lookup: Callable[[str], Value]
) -> dict[str, Value]:
    """Every metric's value; a reference naming a metric reads that metric's value."""
    results: dict[str, Value] = {}

    def resolve(path: str) -> Value:
        return results[path] if path in formulas else lookup(path)

    for name in evaluation_order(formulas):
        results[name] = formulas[name].evaluate(resolve)
    return {name: results[name] for name in formulas}


def figure(value: object, path: str) -> Value:
    """A raw submission value as a :data:`Value` (numbers built from text, never float)."""
    if value is None:
        return Unavailable("missing", path)
    if isinstance(value, Unavailable):
        return value
    if isinstance(value, Decimal):
        return value if value.is_finite() else Unavailable("not_a_number", path)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    match = _FIGURE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return Unavailable("not_a_number", path)
    return _number(match[1] + match[2])
