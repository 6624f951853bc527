"""YAML events → plain data and source positions, with an explicit stack (no recursion, no
PyYAML constructors). Scalars follow our rules, not YAML 1.1's: only unquoted
``true``/``false``, ``null``/``~``/empty and plain decimal numbers are interpreted; numbers
become `Decimal` built from their text; everything else stays text. Aliases to mappings or
lists, merge keys, custom tags, several documents and deep nesting raise a located
`InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import yaml

from perfeval.errors import Diagnostic, InputError, Location
from perfeval.load.limits import MAX_DIGITS, MAX_TEXT, MAX_VALUES
from perfeval.load.scalars import Unreadable, number_of

LocPath = tuple[str | int, ...]


class _Mark(Protocol):
    """A PyYAML or libyaml position (0-based)."""

    line: int
    column: int


_TRUE, _FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null")} | {"!"}
_TAG_KINDS: dict[str, type] = {f"{_STD}int": Decimal, f"{_STD}float": Decimal, f"{_STD}bool": bool}


_CONSTANTS: dict[str, bool | None] = {
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
    **dict.fromkeys(_NULL),
}
_NUMBER_START = frozenset("-+0123456789")


def plain_value(text: str) -> Any:
    """An unquoted, untagged scalar under our rules: true/false, null, a decimal number as
    `Decimal` from its text, else the text. OverflowError for a number past the limits of
    `perfeval.load.scalars` (the one reader's, shared by every door). A number with a
    leading zero (`010`) stays text, as YAML 1.2 reads it: it is not plainly decimal."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if not text or text[0] not in _NUMBER_START:
        return text
    try:
        value = number_of(text)
    except Unreadable:
        raise OverflowError(text) from None
    if value is None:
        return text
    whole = text.lstrip("+-")
    if len(whole) > 1 and whole[0] == "0" and whole[1] not in ".eE":
        return text
    return value


def fail(code: str, where: Location, **params: object) -> InputError:
    return InputError([Diagnostic(code, where, {k: str(v) for k, v in params.items()})])


def clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: LocPath
    key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


class EventBuilder:
    """Consumes YAML events and builds plain data and positions with an explicit stack."""

    def __init__(self, display: str, max_depth: int) -> None:
        self.display, self.max_depth = display, max_depth
        self.stack: list[_Frame] = []
        self.positions: dict[LocPath, tuple[int, int]] = {(): (1, 1)}
        self.anchors: dict[str, tuple[Any, str] | None] = {}  # None: a mapping or a list
        self.root: Any = None
        self.documents = 0
        self.values = 0  # scalars and collections so far, aliases counted again (PE017)
        self.text = 0  # characters of text so far, an alias at its expanded size (PE018)

    def where(self, mark: _Mark | None) -> Location:
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Location(self.display, line, col)

    def wants_key(self) -> bool:
        top = self.stack[-1] if self.stack else None
        return top is not None and isinstance(top.container, dict) and top.key is None

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise fail("PE008", self.where(event.start_mark))
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.open(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()

    def scalar(self, event: yaml.ScalarEvent) -> None:
        tag, mark = event.tag, event.start_mark
        self.spend(event.value, mark)
        if tag is not None and tag not in _SCALAR_TAGS:
            raise fail("PE006", self.where(mark), tag=clip(tag))
        if self.wants_key():
            if event.style in (None, "") and tag is None and event.value == "<<":
                raise fail("PE011", self.where(mark))
            self.key(event.value, mark)
            value: Any = event.value
        else:
            value = self.interpret(event)
            self.add(value, mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, event.value)

    def interpret(self, event: yaml.ScalarEvent) -> Any:
        text, tag = event.value, event.tag
        if tag in (f"{_STD}str", "!") or event.style not in (None, ""):
            return text
        try:
            value = plain_value(text)
        except OverflowError:
            where = self.where(event.start_mark)
            raise fail("PE009", where, value=clip(text), digits=MAX_DIGITS) from None
        if tag is not None and not isinstance(value, _TAG_KINDS.get(tag, type(None))):
            raise fail("PE006", self.where(event.start_mark), tag=clip(tag))
        return value

    def alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor or ""
        if name not in self.anchors:
            raise fail("PE014", self.where(event.start_mark), alias=clip(name))
        target = self.anchors[name]
        if target is None:
            raise fail("PE003", self.where(event.start_mark), alias=clip(name))
        self.spend(target[1], event.start_mark)  # a repeated scalar costs what it repeats
        if self.wants_key():
            self.key(target[1], event.start_mark)
        else:
            self.add(target[0], event.start_mark)

    def key(self, text: str, mark: _Mark | None) -> None:
        top = self.stack[-1]
        where = self.where(mark)
        if text in top.key_lines:
            raise fail("PE002", where, key=clip(text), first_line=top.key_lines[text])
        top.key_lines[text] = where.line
        top.key = text
        self.positions[(*top.path, text)] = (where.line, where.col)

    def open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        is_map = isinstance(event, yaml.MappingStartEvent)
        self.spend("", event.start_mark)
        where = self.where(event.start_mark)
        if self.wants_key():
            raise fail("PE013", where)
        if event.tag is not None and event.tag != _STD + ("map" if is_map else "seq"):
            raise fail("PE006", where, tag=clip(event.tag))
        if len(self.stack) >= self.max_depth:
            raise fail("PE005", where, limit=self.max_depth)
        container: dict[str, Any] | list[Any] = {} if is_map else []
        path = self.add(container, event.start_mark)
        self.stack.append(_Frame(container, path))
        if event.anchor is not None:
            self.anchors[event.anchor] = None

    def spend(self, text: str, mark: _Mark | None) -> None:
        """Count one value and its text against the file's budget (`perfeval.load.limits`)."""
        self.values += 1
        self.text += len(text)
        if self.values > MAX_VALUES:
            raise fail("PE017", self.where(mark), limit=MAX_VALUES)
        if self.text > MAX_TEXT:
            raise fail("PE018", self.where(mark), limit=MAX_TEXT)

    def add(self, value: Any, mark: _Mark | None) -> LocPath:
        """Attach a value to the open collection (or make it the root); return its path."""
        if not self.stack:
            self.root = value
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            where = self.where(mark)
            self.positions[path] = (where.line, where.col)
            top.container.append(value)
            return path
        if top.key is None:  # wants_key() routes keys elsewhere; this cannot happen
            raise AssertionError("a mapping value without a key")
        top.container[top.key] = value
        path, top.key = (*top.path, top.key), None
        return path
