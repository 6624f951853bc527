"""The formula parser: a regex tokenizer and a recursive-descent parser — never `eval`.
Length and nesting are capped, so no input reaches Python's recursion limit."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from perfeval.load import scalars
from perfeval.metrics.syntax import Binary, Call, Formula, FormulaError, Node, Number, Ref, Unary

MAX_LENGTH = 500
MAX_DEPTH = 32
_ARITY = {  # (least, most or 0)
    "min": (1, 0),
    "max": (1, 0),
    "abs": (1, 1),
    "coalesce": (1, 0),
    "if": (3, 3),
}
_TOKEN = re.compile(
    r"[ \t\r\n]*(?:(?P<num>[0-9]+(?:\.[0-9]+)?%?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>])|(?P<bad>.))",
    re.DOTALL,
)
COMPARISONS = frozenset({"<", "<=", "==", "!=", ">=", ">"})
KEYWORDS = frozenset({"and", "or", "not"})


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
    """Recursive descent: expr := conj ('or' conj)*; conj := neg ('and' neg)*;
    neg := 'not' neg | comparison; comparison := sum (cmp sum)?; sum := term (+|- term)*;
    term := unary (*|/ unary)*; unary := '-' unary | primary;
    primary := number | path | call | '(' expr ')'. A comparison does not chain."""

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
        node = self.expression()
        if self.peek().kind != "end":
            raise self.fail(self.peek())
        return node

    def expression(self) -> Node:
        return self.logical("or")

    def logical(self, word: str) -> Node:
        """`or` over `and` over `not`: each word joins conditions (1 or 0)."""
        operand: Callable[[], Node] = self.negation
        if word == "or":
            operand = functools.partial(self.logical, "and")
        node = operand()
        while self.peek().kind == "name" and self.peek().text == word:
            token = self.take()
            self.enter(token)
            node = Binary(word, node, operand())
            self.depth -= 1
        return node

    def negation(self) -> Node:
        if not (self.peek().kind == "name" and self.peek().text == "not"):
            return self.comparison()
        self.enter(self.take())
        node = Unary("not", self.negation())
        self.depth -= 1
        return node

    def comparison(self) -> Node:
        node = self.binary("+-")
        if self.peek().kind == "op" and self.peek().text in COMPARISONS:
            node = Binary(self.take().text, node, self.binary("+-"))
            if self.peek().kind == "op" and self.peek().text in COMPARISONS:
                raise self.fail(self.peek(), "comparisons do not chain: join them with 'and'")
        return node

    def binary(self, ops: str) -> Node:
        operand = self.unary if ops == "*/" else lambda: self.binary("*/")
        node = operand()
        while self.peek().kind == "op" and self.peek().text in ops:
            node = Binary(self.take().text, node, operand())
        return node

    def number(self, token: _Token) -> Decimal:
        """A number in a formula, read like any figure (`perfeval.load.scalars`): `5%` is
        0.05, and the digit and exponent limits hold here too."""
        try:
            value = scalars.read(scalars.Kind.RATIO, token.text).value
        except scalars.Unreadable:
            problem = f"number longer than {scalars.MAX_DIGITS} digits"
            raise _error("PE205", self.source, token.pos, problem) from None
        if not isinstance(value, Decimal):
            raise _error("PE205", self.source, token.pos, "not a number")
        return value

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
            return Number(self.number(token))
        if token.kind == "name" and token.text not in KEYWORDS:
            return self.call(token) if self.peek().text == "(" else Ref(token.text)
        if token.text != "(":
            raise self.fail(token)
        self.enter(token)
        node = self.expression()
        self.close(token)
        return node

    def call(self, name: _Token) -> Node:
        if "." in name.text:
            raise self.fail(self.peek(), f"'{name.text}' is a path and cannot be called")
        if name.text not in _ARITY:
            raise self.fail(name, f"unknown function '{name.text}'", "PE206")
        opening = self.take()
        self.enter(opening)
        args: list[Node] = [] if self.peek().text == ")" else [self.expression()]
        while args and self.peek().text == ",":
            self.take()
            args.append(self.expression())
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


def parse_formula(source: str) -> Formula:
    """Parse ``source`` or raise :class:`FormulaError` (PE205/PE206/PE209)."""
    if len(source) > MAX_LENGTH:
        problem = f"longer than {MAX_LENGTH} characters"
        shown = source[:60] + "…"
        raise _error("PE209", shown, MAX_LENGTH, problem, limit=str(MAX_LENGTH))
    if not source.strip():
        raise _error("PE205", source, 0, "empty formula")
    return Formula(source, _Parser(source).parse())
