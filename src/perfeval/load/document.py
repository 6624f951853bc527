"""Safe YAML loading that keeps source positions, and pydantic errors mapped to ``file:line:col``.

The YAML *event* stream is turned into plain data by an explicit stack (no recursion, no
PyYAML constructors), so scalars follow our rules rather than YAML 1.1's: only unquoted
``true``/``false``, ``null``/``~``/empty and plain decimal numbers are interpreted; numbers
become :class:`~decimal.Decimal` built from their text; everything else stays text. Aliases
to mappings or lists, merge keys, custom tags, several documents, oversize files and deep
nesting are rejected with a located diagnostic. Positions live in a :class:`SourceMap`
beside the data — no bookkeeping keys inside it. A plain file is read on the fast path
(`perfeval.load.yaml_plain`), which keeps libyaml's marks beside each collection; a path is
located from them, without a second parse, only when something has to be located.

Diagnostic params are language-neutral; a value written ``@types.<key>`` names an entry of
the locale's ``[types]`` section (see :func:`perfeval.i18n.localize_params`).
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from perfeval.errors import (
    InputError,
    Location,
    PerfevalError,
    diagnostic,
)
from perfeval.load.characters import explain_parse_error, refuse_unshown
from perfeval.load.files import read_input
from perfeval.load.limits import MAX_BYTES, MAX_DEPTH, MAX_DIGITS
from perfeval.load.yaml_events import (
    EventBuilder,
    LocPath,
    clip,
    fail,
)
from perfeval.load.yaml_plain import Marks, plain_data

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "Document",
    "SourceMap",
    "document_of",
    "load_document",
    "parse_bytes",
    "require_mapping",
    "validate",
]

M = TypeVar("M", bound=BaseModel)


class SourceMap:
    """Where each key (mapping entry) or item (sequence) of a document starts, 1-based.

    It holds one of: every position (the locating builder's); the data with the marks the
    fast path kept (`perfeval.load.yaml_plain`), walked along a path only when asked; or the
    text (a `.json` file read by the json parser), parsed by the locating builder the first
    time anything asks."""

    __slots__ = ("_marked", "_max_depth", "_positions", "_text", "file")

    def __init__(
        self,
        file: str,
        positions: dict[LocPath, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
        marked: tuple[Any, Marks] | None = None,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        if sum(source is not None for source in (positions, text, marked)) != 1:
            raise ValueError("a source map has positions, marks or the text to find them in")
        self.file, self._positions, self._text = file, positions, text
        self._marked, self._max_depth = marked, max_depth

    @property
    def positions(self) -> dict[LocPath, tuple[int, int]]:
        """Every position, by path (made from the marks or the text the first time)."""
        if self._positions is None:
            if self._marked is not None:
                self._positions = _every_position(*self._marked)
            else:
                text, self._text = self._text or "", None
                self._positions = _located(text, self.file, self._max_depth)[1].positions
        return self._positions

    def locate(self, loc: Sequence[str | int]) -> Location:
        """The nearest known ancestor of ``loc``; parts not in the map (union tags) are skipped."""
        if self._marked is not None and self._positions is None:
            line, col = _walk(*self._marked, loc)
            return Location(self.file, line, col)
        positions = self.positions
        path: LocPath = ()
        line, col = positions.get((), (1, 1))
        for part in loc:
            if (*path, part) in positions:
                path = (*path, part)
                line, col = positions[path]
        return Location(self.file, line, col)


def _walk(data: Any, marks: Marks, loc: Sequence[str | int]) -> tuple[int, int]:
    """The position of the deepest part of `loc` found in `data`, skipping parts that are
    not there (as `SourceMap.locate` does with positions)."""
    node, line, col = data, 1, 1
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            index = next(i for i, key in enumerate(node) if key == part)
        elif isinstance(node, list) and type(part) is int and 0 <= part < len(node):
            index = part
        else:
            continue
        mark = marks[id(node)][index]
        line, col = mark.line + 1, mark.column + 1
        node = node[part]
    return line, col


def _every_position(data: Any, marks: Marks) -> dict[LocPath, tuple[int, int]]:
    """The positions the locating builder would have made, from the fast path's marks."""
    positions: dict[LocPath, tuple[int, int]] = {(): (1, 1)}
    stack: list[tuple[LocPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict | list):
            entries = enumerate(node) if isinstance(node, list) else enumerate(node.items())
            for index, entry in entries:
                part, child = (index, entry) if isinstance(node, list) else entry
                mark = marks[id(node)][index]
                positions[(*path, part)] = (mark.line + 1, mark.column + 1)
                stack.append(((*path, part), child))
    return positions


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file: plain data plus where everything came from."""

    path: Path
    display: str
    data: Any
    source_map: SourceMap
    sha256: str


def _text_position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
"""How an .xlsx (a zip archive) and an .xls (an OLE compound file) begin."""


def _decode(raw: bytes, display: str) -> str:
    """UTF-8 text without BOM, or PE007 at the first offending byte or character; PE029
    for an Excel workbook (a zip archive, or the old binary format), which is imported
    first, not scored."""
    if raw.startswith(_WORKBOOK_MAGIC):
        raise fail("PE029", Location(display), file=display)
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise fail("PE007", Location(display, 1, 1), problem="UTF-32")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail("PE007", Location(display, 1, 1), problem="UTF-16")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _text_position(good, len(good))
        raise fail(
            "PE007", Location(display, line, col), problem=f"0x{raw[exc.start]:02X}"
        ) from None
    refuse_unshown(text, display)
    return text


def _syntax_error(exc: yaml.YAMLError, builder: EventBuilder, text: str) -> InputError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return fail("PE001", builder.where(None), problem=clip(str(exc), 200))
    where = builder.where(exc.problem_mark or exc.context_mark)
    hidden = explain_parse_error(text, builder.display, where.line)
    if hidden is not None:  # a tab, a full-width space or colon: name it, not the parser
        return hidden
    problem = exc.problem or exc.context or ""
    if "nesting depth" in problem:  # libyaml's own flow-depth cap, reached while scanning ahead
        return fail("PE005", where, limit=builder.max_depth)
    started = exc.context_mark
    if exc.context and started is not None and exc.problem_mark is not None:
        opened = builder.where(started)
        if (opened.line, opened.col) != (where.line, where.col):
            return fail(
                "PE015", where, problem=clip(problem, 200), line=opened.line, col=opened.col
            )
    return fail("PE001", where, problem=clip(problem, 200))


def parse_bytes(
    raw: bytes, display: str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> tuple[Any, SourceMap]:
    """Plain data and positions from YAML bytes; :class:`InputError` on any problem.

    A plain file is read on the fast path, its positions built only if asked for; anything
    else goes through the locating builder, which reports what is wrong where."""
    if len(raw) > max_bytes:
        raise fail("PE004", Location(display), size=len(raw), limit=max_bytes)
    text = _decode(raw, display)
    plain = plain_data(text, max_depth)
    if plain is not None:
        return plain[0], SourceMap(display, marked=plain, max_depth=max_depth)
    return _located(text, display, max_depth)


def _located(text: str, display: str, max_depth: int) -> tuple[Any, SourceMap]:
    """The locating builder: data and every position, or the located problem."""
    builder = EventBuilder(display, max_depth)
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.feed(event)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, builder, text) from None
    return builder.root, SourceMap(display, builder.positions)


def load_document(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Document:
    """Read (a regular file, at most `max_bytes`), size-check and parse one YAML file."""
    shown = str(path) if display is None else display
    raw = read_input(path, shown, max_bytes)
    return document_of(raw, path, shown, max_depth=max_depth)


def document_of(
    raw: bytes,
    path: Path,
    display: str,
    *,
    max_depth: int = MAX_DEPTH,
    sha256: str | None = None,
) -> Document:
    """The `Document` of bytes already read from `path`; `sha256` their digest when the
    caller has it (the run layer hashes a submission's bytes once, for its cache key)."""
    data, source_map = parse_bytes(raw, display, max_depth=max_depth)
    return Document(path, display, data, source_map, sha256 or hashlib.sha256(raw).hexdigest())


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


from perfeval.load.validation import validate  # noqa: E402 — re-exported for callers
