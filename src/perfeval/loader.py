"""Safe YAML loading that keeps source positions, and pydantic errors mapped to ``file:line:col``.

The YAML *event* stream is turned into plain data by an explicit stack (no recursion, no
PyYAML constructors), so scalars follow our rules rather than YAML 1.1's: only unquoted
``true``/``false``, ``null``/``~``/empty and plain decimal numbers are interpreted; numbers
become :class:`~decimal.Decimal` built from their text; everything else stays text. Aliases
to mappings or lists, merge keys, custom tags, several documents, oversize files and deep
nesting are rejected with a located diagnostic. Positions live in a :class:`SourceMap`
beside the data — no bookkeeping keys inside it.

Diagnostic params are language-neutral; a value written ``@types.<key>`` names an entry of
the locale's ``[types]`` section (see :func:`perfeval.i18n.localize_params`).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel

from perfeval.errors import (
    CannotRunError,
    Diagnostic,
    InputError,
    Location,
    PerfevalError,
    diagnostic,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "Document",
    "SourceMap",
    "load_document",
    "parse_bytes",
    "require_mapping",
    "validate",
]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_DIGITS = 40
MAX_EXPONENT = 99

LocPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class _Mark(Protocol):
    """A PyYAML or libyaml position (0-based)."""

    line: int
    column: int


_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE][-+]?0*([0-9]+))?")
_TRUE, _FALSE = {"true", "True", "TRUE"}, {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null")} | {"!"}
_TAG_KINDS: dict[str, type] = {f"{_STD}int": Decimal, f"{_STD}float": Decimal, f"{_STD}bool": bool}
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Where each key (mapping entry) or item (sequence) of a document starts, 1-based."""

    file: str
    positions: dict[LocPath, tuple[int, int]]

    def locate(self, loc: Sequence[str | int]) -> Location:
        """The nearest known ancestor of ``loc``; parts not in the map (union tags) are skipped."""
        path: LocPath = ()
        line, col = self.positions.get((), (1, 1))
        for part in loc:
            if (*path, part) in self.positions:
                path = (*path, part)
                line, col = self.positions[path]
        return Location(self.file, line, col)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file: plain data plus where everything came from."""

    path: Path
    display: str
    data: Any
    source_map: SourceMap
    sha256: str


def _fail(code: str, where: Location, **params: object) -> InputError:
    return InputError([Diagnostic(code, where, {k: str(v) for k, v in params.items()})])


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(raw: bytes, display: str) -> str:
    """UTF-8 text without BOM, or PE007 at the first offending byte or character."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _fail("PE007", Location(display, 1, 1), problem="UTF-32")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail("PE007", Location(display, 1, 1), problem="UTF-16")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _text_position(good, len(good))
        raise _fail(
            "PE007", Location(display, line, col), problem=f"0x{raw[exc.start]:02X}"
        ) from None
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _text_position(text, bad.start())
        raise _fail("PE007", Location(display, line, col), problem=f"U+{ord(bad.group()):04X}")
    return text


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: LocPath
    key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Consumes YAML events and builds plain data and positions with an explicit stack."""

    def __init__(self, display: str, max_depth: int) -> None:
        self.display, self.max_depth = display, max_depth
        self.stack: list[_Frame] = []
        self.positions: dict[LocPath, tuple[int, int]] = {(): (1, 1)}
        self.anchors: dict[str, tuple[Any, str] | None] = {}  # None: a mapping or a list
        self.root: Any = None
        self.documents = 0

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
                raise _fail("PE008", self.where(event.start_mark))
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
        if tag is not None and tag not in _SCALAR_TAGS:
            raise _fail("PE006", self.where(mark), tag=_clip(tag))
        if self.wants_key():
            if event.style in (None, "") and tag is None and event.value == "<<":
                raise _fail("PE011", self.where(mark))
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
        if text in _TRUE or text in _FALSE:
            value: Any = text in _TRUE
        elif text in _NULL:
            value = None
        elif match := _NUMBER.fullmatch(text):
            value = self.number(match, event.start_mark)
        else:
            value = text
        if tag is not None and not isinstance(value, _TAG_KINDS.get(tag, type(None))):
            raise _fail("PE006", self.where(event.start_mark), tag=_clip(tag))
        return value

    def number(self, match: re.Match[str], mark: _Mark | None) -> Decimal:
        text = match.group()
        digits = (match.group(1) + (match.group(2) or "")).lstrip("0")
        exponent = match.group(3) or ""
        value = None
        if len(digits) <= MAX_DIGITS and len(exponent) <= len(str(MAX_EXPONENT)) + 1:
            value = Decimal(text)
        if value is None or abs(value.adjusted()) > MAX_EXPONENT:
            raise _fail("PE009", self.where(mark), value=_clip(text), digits=MAX_DIGITS)
        return value

    def alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor or ""
        if name not in self.anchors:
            raise _fail("PE014", self.where(event.start_mark), alias=_clip(name))
        target = self.anchors[name]
        if target is None:
            raise _fail("PE003", self.where(event.start_mark), alias=_clip(name))
        if self.wants_key():
            self.key(target[1], event.start_mark)
        else:
            self.add(target[0], event.start_mark)

    def key(self, text: str, mark: _Mark | None) -> None:
        top = self.stack[-1]
        where = self.where(mark)
        if text in top.key_lines:
            raise _fail("PE002", where, key=_clip(text), first_line=top.key_lines[text])
        top.key_lines[text] = where.line
        top.key = text
        self.positions[(*top.path, text)] = (where.line, where.col)

    def open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        is_map = isinstance(event, yaml.MappingStartEvent)
        where = self.where(event.start_mark)
        if self.wants_key():
            raise _fail("PE013", where)
        if event.tag is not None and event.tag != _STD + ("map" if is_map else "seq"):
            raise _fail("PE006", where, tag=_clip(event.tag))
        if len(self.stack) >= self.max_depth:
            raise _fail("PE005", where, limit=self.max_depth)
        container: dict[str, Any] | list[Any] = {} if is_map else []
        path = self.add(container, event.start_mark)
        self.stack.append(_Frame(container, path))
        if event.anchor is not None:
            self.anchors[event.anchor] = None

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


def _syntax_error(exc: yaml.YAMLError, builder: _Builder) -> InputError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return _fail("PE001", builder.where(None), problem=_clip(str(exc), 200))
    where = builder.where(exc.problem_mark or exc.context_mark)
    problem = exc.problem or exc.context or ""
    if "nesting depth" in problem:  # libyaml's own flow-depth cap, reached while scanning ahead
        return _fail("PE005", where, limit=builder.max_depth)
    started = exc.context_mark
    if exc.context and started is not None and exc.problem_mark is not None:
        opened = builder.where(started)
        if (opened.line, opened.col) != (where.line, where.col):
            return _fail(
                "PE015", where, problem=_clip(problem, 200), line=opened.line, col=opened.col
            )
    return _fail("PE001", where, problem=_clip(problem, 200))


def parse_bytes(
    raw: bytes, display: str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> tuple[Any, SourceMap]:
    """Plain data and positions from YAML bytes; :class:`InputError` on any problem."""
    if len(raw) > max_bytes:
        raise _fail("PE004", Location(display), size=len(raw), limit=max_bytes)
    text = _decode(raw, display)
    builder = _Builder(display, max_depth)
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.feed(event)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, builder) from None
    return builder.root, SourceMap(display, builder.positions)


def load_document(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Document:
    """Read, size-check and parse one YAML file."""
    shown = str(path) if display is None else display
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > max_bytes else handle.read(max_bytes + 1)
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
        raise CannotRunError([diagnostic("PE012", Location(shown), problem=problem)]) from None
    if size > max_bytes or len(raw) > max_bytes:
        raise _fail("PE004", Location(shown), size=max(size, len(raw)), limit=max_bytes)
    data, source_map = parse_bytes(raw, shown, max_bytes=max_bytes, max_depth=max_depth)
    return Document(path, shown, data, source_map, hashlib.sha256(raw).hexdigest())


def require_mapping(
    document: Document, *, error: type[PerfevalError] = InputError
) -> dict[str, Any]:
    """The document's top level as a mapping, or PE010 naming what was found."""
    data = document.data
    if isinstance(data, dict):
        return data
    found = {list: "list", str: "text", Decimal: "number", bool: "boolean"}.get(type(data), "empty")
    where = document.source_map.locate(())
    raise error([diagnostic("PE010", where, found=f"@types.{found}")])


from perfeval.validation import validate  # noqa: E402 — re-exported for callers

__all__ = ["Document", "SourceMap", "load_document", "parse_bytes", "require_mapping", "validate"]
