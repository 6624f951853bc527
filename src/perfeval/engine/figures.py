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

from perfeval.load.scalars import Kind, Unreadable, is_yes_no, nearest, read
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

    def lookup(path: str) -> Any:
        node: Any = roots
        walked = ""
        for part in path.split("."):
            if isinstance(node, Mapping):
                found = node.get(part, _ABSENT)
            else:
                return _ABSENT
            if found is _ABSENT:
                return _near_miss(node, walked, part) if isinstance(node, Mapping) else _ABSENT
            node, walked = found, f"{walked}.{part}" if walked else part
        return node

    return lookup


def _near_miss(node: Mapping[str, Any], walked: str, part: str) -> Any:
    others = [key for key in node if isinstance(key, str) and key != part]
    meant = next((key for key in others if nearest(key, [part]) == part), None)
    if meant is None:
        return _ABSENT
    return mistyped(f"{walked}.{meant}" if walked else meant, meant, part)


class Figures:
    """The metrics and figures of one submission, resolved once."""

    def __init__(
        self,
        submission: Submission,
        formulas: Mapping[str, Formula],
        order: Sequence[str] | None = None,  # the metrics' evaluation order, if known
    ) -> None:
        self.raw = raw_lookup(submission)
        self.read: dict[str, Decimal] = {}  # every figure read as a number, by path
        self.metrics: dict[str, Value] = evaluate_metrics(formulas, self._figure, order)

    def _figure(self, path: str) -> Value:
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
