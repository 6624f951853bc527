"""Looking up a submission's named figures by dotted path (`budget.executed`,
`data.staff.quota`) and evaluating the rubric's metrics over them.

A figure that is not there is absent — its indicator not applicable — unless a key beside
where it should be looks like it was meant to be it (`Q２` for `Q2`, `Rate` for `rate`,
`satisfation` for `satisfaction`): that is a mistyped key, an error at that key (PE313),
never a silent N/A.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from perfeval.load.scalars import Kind, Unreadable, clip, is_yes_no, nearest, normalised, read
from perfeval.metrics import Formula, Unavailable, Value, evaluate_metrics, figure
from perfeval.metrics.values import mistyped
from perfeval.models.submission import Submission

_ABSENT = object()


def raw_lookup(submission: Submission) -> Callable[[str], Any]:
    """A function from dotted path to the raw submitted value: the value, `_ABSENT`, or an
    `Unavailable` naming a mistyped key where the path's key is missing."""
    roots: dict[str, Any] = {
        "budget": submission.budget.model_dump(),
        "data": submission.data,
    }
    known: dict[str, Any] = {}  # each path looked up once per file

    def lookup(path: str) -> Any:
        if path in known:
            return known[path]
        known[path] = found = _lookup(roots, path)
        return found

    return lookup


def _lookup(roots: dict[str, Any], path: str) -> Any:
    node: Any = roots
    walked = ""
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return _ABSENT
        found = node.get(part, _ABSENT)
        if found is _ABSENT:
            return _near_miss(node, walked, part)
        node, walked = found, f"{walked}.{part}" if walked else part
    return node


def _near_miss(node: Mapping[str, Any], walked: str, part: str) -> Any:
    """The key beside where `part` should be that was most likely meant to be it."""
    others = [key for key in node if isinstance(key, str)]
    meant = nearest(part, others) if others else None
    if meant is None:
        return _ABSENT
    return mistyped(f"{walked}.{meant}" if walked else meant, meant, part)


def _is_percent(raw: Any) -> bool:
    return isinstance(raw, str) and normalised(raw).endswith("%")


def _mixed_forms(
    raw: Callable[[str], Any], groups: Sequence[tuple[str, ...]]
) -> dict[str, Unavailable]:
    """Percentages among figures a metric combines with plain numbers (`executed: 420%`
    over `planned: 420`): each such percentage is an error at it (PE117), never a ratio
    quietly divided by an amount."""
    refused: dict[str, Unavailable] = {}
    for group in groups:
        written = {path: raw(path) for path in group}
        percents = [path for path, value in written.items() if _is_percent(value)]
        if percents and len(percents) < sum(value is not _ABSENT for value in written.values()):
            for path in percents:
                params = (("value", clip(str(written[path]))), ("kind", "@types.number"))
                refused[path] = Unavailable("unreadable", path, "PE117", params)
    return refused


class Figures:
    """The metrics and figures of one submission, resolved once."""

    def __init__(
        self,
        submission: Submission,
        formulas: Mapping[str, Formula],
        order: Sequence[str] | None = None,  # the metrics' evaluation order, if known
        like_groups: Sequence[tuple[str, ...]] = (),  # see `Formula.like_groups`
    ) -> None:
        self.raw = raw_lookup(submission)
        self.read: dict[str, Decimal] = {}  # every figure read as a number, by path
        self.refused = _mixed_forms(self.raw, like_groups)
        self.metrics: dict[str, Value] = evaluate_metrics(formulas, self._figure, order)

    def _figure(self, path: str) -> Value:
        if path in self.refused:
            return self.refused[path]
        raw = self.raw(path)
        value = figure(None if raw is _ABSENT else raw, path)
        if isinstance(value, Decimal):
            self.read[path] = value
        return value

    def number(self, path: str) -> Value:
        """A metric (by name) or a figure (by path) as a number, or why it is unavailable."""
        if path in self.metrics:
            return self.metrics[path]
        return self._figure(path)

    def value(self, path: str) -> Decimal | bool | Unavailable:
        """Like `number`, but yes/no passes through (for `boolean` rules on data paths)."""
        raw = self.raw(path)
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and is_yes_no(raw):
            try:
                return bool(read(Kind.YES_NO, raw).value)
            except Unreadable:  # pragma: no cover — is_yes_no said it reads
                pass
        return self.number(path)
