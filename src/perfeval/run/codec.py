"""The byte encoding of an outcome: what a cache entry holds and what crosses from a worker
process to the reader (JSON, cheaper than pickling the models).

A JSON header line with the outcome's own fields and headline, then the Scorecard's JSON —
unless the run shows no tree. `decode` trusts nothing: a payload of the wrong shape is a
ValueError (and a cache miss, or that file scored again by the reader).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from perfeval.errors import Diagnostic, Location, Severity
from perfeval.run.headline import Headline
from perfeval.run.outcome import Card, FileOutcome, HeadlineOutcome, Outcome, holds_tree

CODED_FIELDS = ("path", "problems", "cannot_run", "rubric_path", "headline", "card")
"""Every field of `FileOutcome` the codec keeps: all but the gate findings, which belong to
a run's gates, not to the file (a test fails when the two disagree)."""


def _problem_data(found: Diagnostic) -> dict[str, Any]:
    where = found.location
    return {"code": found.code, "file": where.file, "line": where.line, "col": where.col,
            "params": found.params, "severity": found.severity.value}  # fmt: skip


def _problem(data: dict[str, Any]) -> Diagnostic:
    where = Location(str(data["file"]), int(data["line"]), int(data["col"]))
    params = {str(k): str(v) for k, v in dict(data["params"]).items()}
    return Diagnostic(str(data["code"]), where, params, Severity(data["severity"]))


def encode(outcome: HeadlineOutcome, tree: bool = True) -> bytes:
    """An outcome as bytes (the cache payload, and what crosses from a worker process): a
    JSON header line with the outcome's own fields and headline, then the Scorecard's JSON
    — unless `tree` is off (a headline-only run: the scorecard stays behind)."""
    card = outcome.card if isinstance(outcome, FileOutcome) else None
    headline = outcome.headline
    header = {
        "path": outcome.path,
        "cannot_run": outcome.cannot_run,
        "rubric_path": None if outcome.rubric_path is None else str(outcome.rubric_path),
        "headline": None if headline is None else headline.to_json(),
        "problems": [_problem_data(p) for p in outcome.problems],
        "tree": tree,
    }
    body = card.json() if card is not None and tree else b""
    return json.dumps(header, ensure_ascii=False).encode() + b"\n" + body


def decode(payload: bytes, view: type[Outcome]) -> Outcome:
    """The outcome `encode` wrote, as `view` (`FileOutcome` or `HeadlineOutcome`); raises
    ValueError (pydantic's included) if it is not one, or if `view` needs the scorecard and
    the payload left it behind. A `FileOutcome`'s scorecard is validated now."""
    head, _, body = payload.partition(b"\n")
    return outcome_of(head, body, view)


def outcome_of(head: bytes, body: bytes | None, view: type[Outcome]) -> Outcome:
    """`decode`'s work; `body` None: the scorecard was not brought along (a cache entry read
    for its headline only, whose body is neither read into models nor checked)."""
    header = json.loads(head)
    data = header["headline"]
    headline = None if data is None else Headline.from_json(data)
    carried = header["tree"] is True and body is not None
    if not carried and body:
        raise ValueError("a headline-only outcome with a body")
    if carried and (headline is None) != (not body):
        raise ValueError("a scorecard comes with its headline")
    rubric_path = header["rubric_path"]
    fields: dict[str, Any] = {
        "path": _text(header["path"]),
        "problems": tuple(_problem(p) for p in header["problems"]),
        "cannot_run": header["cannot_run"] is True,
        "rubric_path": None if rubric_path is None else Path(_text(rubric_path)),
        "headline": headline,
    }
    if not holds_tree(view):
        return cast(Outcome, HeadlineOutcome(**fields))
    if not carried:
        raise ValueError("a headline-only outcome where the tree is needed")
    card = Card(json=body) if body else None
    if card is not None:
        card.get()
    return cast(Outcome, FileOutcome(**fields, card=card))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value
