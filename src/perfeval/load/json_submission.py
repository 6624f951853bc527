"""`.json` submissions, read with the standard json parser (much faster than any YAML parser).

JSON is YAML, so the YAML loader is the reference: the fast path yields exactly the data it
would (Decimals from the number's text, no floats) and is taken only when nothing can go
wrong. Anything unusual — a syntax error, a duplicate key, a number past the loader's limits,
deep nesting, a character the loader rejects, data that fails validation — goes through the
YAML loader instead, which reports it located at `file:line:col` as for any submission.

Positions are not tracked on the fast path; they are built (by the YAML loader) the first
time a later stage asks where something is, e.g. to locate a scoring warning.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from perfeval.load.characters import UNSHOWN
from perfeval.load.document import Document, SourceMap
from perfeval.load.limits import MAX_BYTES, MAX_DEPTH, MAX_TEXT, MAX_VALUES
from perfeval.load.scalars import Unreadable, number_of
from perfeval.models.submission import Submission


class _NotPlain(ValueError):
    """The fast path cannot vouch for this file: use the YAML loader."""


def _number(text: str) -> Decimal:
    """A JSON number as the one reader reads it (limits included); past a limit the YAML
    loader reports it (PE009)."""
    try:
        value = number_of(text)
    except Unreadable:
        raise _NotPlain(text) from None
    if value is None:  # pragma: no cover — json only hands over numbers
        raise _NotPlain(text)
    return value


def _constant(name: str) -> Any:
    raise _NotPlain(name)  # NaN, Infinity: not JSON the loader accepts as numbers


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _NotPlain("duplicate key")
    return mapping


def _within_limits(data: Any) -> bool:
    """Nesting, values and text within the limits every door holds (`perfeval.load.limits`);
    past one, the YAML loader reads the file and says which."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    values = text = 0
    while stack:
        node, depth = stack.pop()
        values += 1
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                return False
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
            if isinstance(node, dict):
                text += sum(len(key) for key in node)
        elif isinstance(node, str):
            text += len(node)
    return values <= MAX_VALUES and text <= MAX_TEXT


def _fast(raw: bytes) -> dict[str, Any] | None:
    """Plain data from JSON bytes, or None when the YAML loader must decide."""
    if len(raw) > MAX_BYTES or raw.startswith(b"\xef\xbb\xbf"):
        return None
    if raw.count(b",") > MAX_VALUES:  # each comma parts two values: too many to hold
        return None
    try:
        text = raw.decode("utf-8")
        if UNSHOWN.search(text):
            return None
        data = json.loads(
            text,
            parse_float=_number,
            parse_int=_number,
            parse_constant=_constant,
            object_pairs_hook=_mapping,
        )
    except (ValueError, RecursionError):  # includes UnicodeDecodeError and _NotPlain
        return None
    if not isinstance(data, dict) or not _within_limits(data):
        return None
    return data


def json_submission(
    raw: bytes, path: Path, display: str, sha256: str | None = None
) -> tuple[Submission, Document] | None:
    """A `.json` submission's model and document on the fast path, or None when the file is
    not plain and valid (then the YAML loader reads the same bytes and says what is wrong).
    `sha256`: the bytes' digest when the caller has it."""
    data = _fast(raw)
    if data is None:
        return None
    try:
        submission = Submission.model_validate(data)
    except ValidationError:
        return None
    source_map = SourceMap(display, text=raw.decode("utf-8"))  # positions if asked
    digest = sha256 or hashlib.sha256(raw).hexdigest()
    return submission, Document(path, display, data, source_map, digest)
