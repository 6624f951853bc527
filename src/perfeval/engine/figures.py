"""Looking up a submission's named figures by dotted path (`budget.executed`,
`data.staff.quota`) and evaluating the rubric's metrics over them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from perfeval.metrics import Formula, Unavailable, Value, evaluate_metrics, figure
from perfeval.models.submission import Submission

_ABSENT = object()


def raw_lookup(submission: Submission) -> Callable[[str], Any]:
    """A function from dotted path to the raw submitted value (or a sentinel if absent)."""
    roots: dict[str, Any] = {
        "budget": submission.budget.model_dump(),
        "data": submission.data,
    }

    def lookup(path: str) -> Any:
        node: Any = roots
        for part in path.split("."):
            if isinstance(node, dict):  # what the loader makes: tested first, it is quick
                node = node.get(part, _ABSENT)
            elif isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                return _ABSENT
        return node

    return lookup


def is_absent(value: object) -> bool:
    return value is _ABSENT


class Figures:
    """The metrics and figures of one submission, resolved once."""

    def __init__(
        self,
        submission: Submission,
        formulas: Mapping[str, Formula],
        order: Sequence[str] | None = None,  # the metrics' evaluation order, if known
    ) -> None:
        self._raw = raw_lookup(submission)
        self.metrics: dict[str, Value] = evaluate_metrics(formulas, self._figure, order)

    def _figure(self, path: str) -> Value:
        raw = self._raw(path)
        return figure(None if raw is _ABSENT else raw, path)

    def number(self, path: str) -> Value:
        """A metric (by name) or a figure (by path) as a number, or why it is unavailable."""
        if path in self.metrics:
            return self.metrics[path]
        return self._figure(path)

    def value(self, path: str) -> Decimal | bool | Unavailable:
        """Like `number`, but booleans pass through (for `boolean` rules on data paths)."""
        raw = self._raw(path)
        return raw if isinstance(raw, bool) else self.number(path)
