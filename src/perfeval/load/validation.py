"""Validating loaded documents: every pydantic error becomes one located diagnostic.

The loader keeps a parallel tree of source positions (`SourceMap`); this module maps each
pydantic error `loc` to `file:line:col` (nearest ancestor for a missing key), turns the error
type into a stable code with language-neutral parameters, and never echoes the input.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from perfeval.errors import (
    Diagnostic,
    InputError,
    Location,
    PerfevalError,
    Severity,
    diagnostic,
)
from perfeval.load import scalars
from perfeval.load.limits import first_problems
from perfeval.models.common import NOTE, NOTES_READ

if TYPE_CHECKING:
    from perfeval.load.document import Document, SourceMap

M = TypeVar("M", bound=BaseModel)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_RANGE = {
    "greater_than": (">", "gt"),
    "greater_than_equal": ("≥", "ge"),
    "less_than": ("<", "lt"),
    "less_than_equal": ("≤", "le"),
}
_TYPE_KEYS = {
    "decimal": "number", "float": "number", "finite_number": "number", "int": "integer",
    "int_from_float": "integer", "bool": "boolean", "string": "text", "str": "text",
    "bytes": "text", "dict": "mapping", "model": "mapping", "model_attributes": "mapping",
    "dataclass": "mapping", "list": "list", "tuple": "list", "set": "list",
    "frozen_set": "list", "iterable": "list", "date": "date", "datetime": "datetime",
}  # fmt: skip


def _type_key(kind: str) -> str | None:
    if kind in _TYPE_KEYS:
        return _TYPE_KEYS[kind]
    if not kind.endswith(("_type", "_parsing")):
        return None
    return _TYPE_KEYS.get(kind.rsplit("_", 1)[0], "value")


def _expand(tp: Any) -> list[Any]:
    """Unwrap ``Annotated`` and unions into the member types."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _expand(get_args(tp)[0])
    if origin is Union or origin is UnionType:
        return [member for arg in get_args(tp) for member in _expand(arg)]
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _step(tp: Any, part: str | int) -> list[Any]:
    """The type(s) reached from ``tp`` through one loc part."""
    origin, args = get_origin(tp), get_args(tp)
    if _is_model(tp) and isinstance(part, str):
        return [f.annotation for n, f in tp.model_fields.items() if part in (n, f.alias)]
    if isinstance(origin, type) and args:
        if issubclass(origin, Mapping) and isinstance(part, str):
            return [args[-1]]
        if issubclass(origin, Sequence | set | frozenset) and isinstance(part, int):
            return [args[0]]
    return []


def _has_tag(tp: Any, part: str | int) -> bool:
    return any(
        get_origin(f.annotation) is Literal and part in get_args(f.annotation)
        for f in tp.model_fields.values()
    )


def _allowed_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names (and aliases) of the model(s) at ``loc``; union tags narrow the choice."""
    types: list[Any] = [model]
    for part in loc:
        members = [m for tp in types for m in _expand(tp)]
        stepped = [t for m in members for t in _step(m, part)]
        tagged = [m for m in members if _is_model(m) and _has_tag(m, part)]
        types = stepped or tagged or members
    names = {
        name
        for tp in types
        for m in _expand(tp)
        if _is_model(m)
        for key, f in m.model_fields.items()
        for name in (key, f.alias)
        if name
    }
    return sorted(names)


def _unknown_key(model: type[BaseModel], loc: tuple[str | int, ...], where: Location) -> Diagnostic:
    key = str(loc[-1]) if loc else ""
    allowed = [name for name in _allowed_keys(model, loc[:-1]) if name != key]
    close = difflib.get_close_matches(key, allowed, n=1)
    if close:
        return diagnostic("PE105", where, key=_clip(key), suggestion=close[0])
    return diagnostic("PE103", where, key=_clip(key))


def _to_diagnostic(model: type[BaseModel], source_map: SourceMap, err: ErrorDetails) -> Diagnostic:
    kind, loc, ctx = err["type"], tuple(err["loc"]), err.get("ctx") or {}
    if kind == "missing":
        key = str(loc[-1]) if loc else ""
        return diagnostic("PE102", source_map.locate(loc[:-1]), key=_clip(key))
    where = source_map.locate(loc)
    if kind == "extra_forbidden":
        return _unknown_key(model, loc, where)
    if kind in ("perfeval", NOTE) and "code" in ctx:
        if "at" in ctx:  # a model's own check names the field it is about
            where = source_map.locate((*loc, str(ctx["at"])))
        params = {k: _clip(str(v), 200) for k, v in ctx.items() if k not in ("code", "at")}
        severity = Severity.WARNING if kind == NOTE else Severity.ERROR
        return Diagnostic(str(ctx["code"]), where, params, severity)
    if kind == "union_tag_not_found":
        return diagnostic("PE102", where, key=_clip(str(ctx.get("discriminator", "")).strip("'")))
    if kind in _RANGE:
        op, name = _RANGE[kind]
        return diagnostic("PE106", where, op=op, limit=_clip(str(ctx.get(name, ""))))
    if kind in ("literal_error", "enum", "union_tag_invalid"):
        allowed = str(ctx.get("expected_tags", ctx.get("expected", "")))
        return diagnostic("PE107", where, expected=_clip(allowed.replace(" or ", ", "), 200))
    type_key = _type_key(kind)
    if type_key is not None:
        return diagnostic("PE104", where, expected=f"@types.{type_key}")
    return diagnostic("PE101", where, detail=_clip(err["msg"], 200))


def validate(
    model: type[M],
    document: Document,
    *,
    error: type[PerfevalError] = InputError,
    context: dict[str, Any] | None = None,
    notes: list[Diagnostic] | None = None,
) -> M:
    """Validate the document's data; every pydantic error becomes one located diagnostic.

    A value written with full-width forms (``５０％``) is read, and a PE110 warning located
    at it is added to `notes`; without `notes` (a rubric, whose author must write it
    plainly) it is an error. Such values make a second validation pass, which reads them:
    a file without any validates once."""
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    found = [_to_diagnostic(model, document.source_map, err) for err in errors]
    found.sort(key=lambda d: (d.location.line, d.location.col))
    read = [d for d in found if d.severity is Severity.WARNING]
    if notes is None:
        raise error([replace(d, severity=Severity.ERROR) for d in found])
    if len(read) < len(found):
        raise error(list(first_problems(found, document.display)))
    notes.extend(read)
    return validate(model, document, error=error, context={**(context or {}), NOTES_READ: True})


def figure_notes(data: Any, source_map: SourceMap) -> list[Diagnostic]:
    """PE110 warnings for the figures under `data` written with full-width forms
    (``５０％``): the engine and the checks read them (`perfeval.load.scalars`), so the
    submitter is told where, like for a typed field. Text that reads as no figure is left
    alone here: it is an error only where something reads it as a number."""
    found: list[Diagnostic] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [(("data",), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
        elif isinstance(node, str) and node.isascii() is False:
            note = _full_width_figure(node)
            if note is not None:
                found.append(Diagnostic("PE110", source_map.locate(path), note, Severity.WARNING))
    found.sort(key=lambda d: (d.location.line, d.location.col))
    return found


def _full_width_figure(text: str) -> dict[str, str] | None:
    kind = scalars.Kind.YES_NO if scalars.is_yes_no(text) else scalars.Kind.RATIO
    try:
        written = scalars.read(kind, text).written
    except scalars.Unreadable:
        return None
    if written is None:
        return None
    read, chars = scalars.normalised(written), scalars.widened(written)
    return {"value": _clip(written), "read": read, "chars": chars}
