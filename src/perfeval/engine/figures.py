"""Looking up a submission's named figures by dotted path (`budget.executed`,
`data.staff.quota`) and evaluating the rubric's metrics over them.

A figure that is not there is absent — its indicator not applicable — unless a key beside
where it should be looks like it was meant to be it (`Q２` for `Q2`, `Rate` for `rate`,
`satisfation` for `satisfaction`): that is a mistyped key, an error at that key (PE313),
never a silent N/A. Inside a mapping of `data` the rubric reads from (`data.procurement`),
a key the rubric does not read there stands for the missing one (`done:` where `executed:`
is read) and is an error too (PE330); so is a value written where the rubric reads a mapping
(`satisfaction: 50%` for `satisfaction: {rate: 50%}`, PE331). At the top of `data`, figures
the rubric does not read are the department's own (the narrative may quote them) — unless
one has the shape of a figure the rubric misses there (`三公: {budget: 15}` where
`data.three_public.actual` and `.budget` are read) or a name that is part of the name of
the indicator reading it (`满意度: 50%`, 服务对象满意度): that key was meant to be it, or it
is the department's own figure and the indicator is to be marked not applicable (PE336).
A key with dots there (`three_public.budget: 15`) is no nesting (PE337).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from perfeval.load.scalars import Kind, Unreadable, clip, is_yes_no, nearest, normalised, read
from perfeval.metrics import Formula, Unavailable, Value, evaluate_metrics, figure
from perfeval.metrics.values import dotted_key, mistyped, not_a_mapping, shaped_like, unread_key
from perfeval.models.submission import Submission

_ABSENT = object()


def raw_lookup(
    submission: Submission,
    read: frozenset[str] = frozenset(),
    readers: Mapping[str, tuple[str, ...]] | None = None,
) -> Callable[[str], Any]:
    """A function from dotted path to the raw submitted value: the value, `_ABSENT`, or an
    `Unavailable` naming a mistyped or unread key where the path's key is missing. `read`
    is every figure path the rubric reads (`RubricPlan.read_paths`), `readers` the names
    of the indicators reading under each key of data (`RubricPlan.readers`)."""
    roots: dict[str, Any] = {
        "budget": submission.budget.model_dump(),
        "data": submission.data,
    }
    known: dict[str, Any] = {}  # each path looked up once per file

    def lookup(path: str) -> Any:
        if path in known:
            return known[path]
        known[path] = found = _lookup(roots, path, read, readers or {})
        return found

    return lookup


def _lookup(
    roots: dict[str, Any], path: str, read: frozenset[str], readers: Mapping[str, tuple[str, ...]]
) -> Any:
    node: Any = roots
    walked = ""
    parts = path.split(".")
    for index, part in enumerate(parts):
        if not isinstance(node, Mapping):
            inside = walked.startswith("data.") and node is not None
            return not_a_mapping(walked, node, part) if inside else _ABSENT
        if walked == "data" and (dotted := _dotted(node, parts[index:])) is not None:
            return dotted_key(dotted, path)
        found = node.get(part, _ABSENT)
        if found is _ABSENT:
            return _near_miss(node, walked, parts[index:], read, readers)
        node, walked = found, f"{walked}.{part}" if walked else part
    return node


def _near_miss(
    node: Mapping[str, Any],
    walked: str,
    missing: list[str],
    read: frozenset[str],
    readers: Mapping[str, tuple[str, ...]],
) -> Any:
    """The key beside where `missing[0]` should be that was most likely meant to be it: a
    close name anywhere; inside a mapping of `data`, a key the rubric does not read there;
    at the top of `data`, the first key the rubric does not read whose mapping holds any
    figure the rubric reads under the missing one (`三公: {budget: 15}` where
    `data.three_public.actual` and `.budget` are read), whichever figure is looked up, or
    whose name is part of the name of an indicator reading it, or holds that name whole
    (`满意度: 50%` for `data.satisfaction.rate`, read by 服务对象满意度)."""
    part = missing[0]
    others = [key for key in node if isinstance(key, str)]
    meant = nearest(part, others) if others else None
    if meant is not None:
        return mistyped(f"{walked}.{meant}" if walked else meant, meant, part)
    unread = [key for key in others if not _is_read(f"{walked}.{key}", read)]
    if walked.startswith("data.") and unread:
        read_there = ", ".join(dict.fromkeys(rest[0] for rest in _read_under(walked, read)))
        return unread_key(f"{walked}.{unread[0]}", unread[0], walked, read_there)
    if walked == "data":
        inside = _read_under(f"data.{part}", read)
        names = readers.get(part, ())
        shaped = (
            key
            for key in unread
            if any(_holds(node[key], rest) for rest in inside) or _named(key, names)
        )
        if (key := next(shaped, None)) is not None:
            return shaped_like(f"data.{key}", key, f"data.{part}", _shape(inside))
    return _ABSENT


def _read_under(path: str, read: frozenset[str]) -> list[list[str]]:
    """The figures the rubric reads inside `path`, each as the parts of its path there."""
    return [r[len(path) + 1 :].split(".") for r in sorted(read) if r.startswith(path + ".")]


def _shape(inside: list[list[str]]) -> str:
    """The figures read inside a mapping as its fix writes them (`actual: …, budget: …`);
    deeper paths dotted."""
    return ", ".join(f"{'.'.join(rest)}: …" for rest in inside)


def _named(key: str, names: tuple[str, ...]) -> bool:
    """Whether `key` (two letters or more) is part of one of `names` or holds one, quotes
    and signs aside (`三公经费` and “三公”经费控制)."""
    key = _letters(key)
    return len(key) > 1 and any(key in name or name in key for name in map(_letters, names))


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def _dotted(node: Mapping[str, Any], rest: list[str]) -> str | None:
    """The key of `node` writing two or more of `rest`'s parts joined by dots, if any
    (`three_public.budget: 15` at the top of data for `data.three_public.budget`)."""
    for end in range(len(rest), 1, -1):
        if (key := ".".join(rest[:end])) in node:
            return key
    return None


def _holds(node: Any, rest: list[str]) -> bool:
    """Whether `node` is a mapping with the dotted path `rest` inside it."""
    for part in rest:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _is_read(path: str, read: frozenset[str]) -> bool:
    """Whether the rubric reads `path` or a figure inside it."""
    return path in read or any(r.startswith(path + ".") for r in read)


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
        read_paths: frozenset[str] = frozenset(),  # see `RubricPlan.read_paths`
        readers: Mapping[str, tuple[str, ...]] | None = None,  # see `RubricPlan.readers`
    ) -> None:
        self.raw = raw_lookup(submission, read_paths, readers)
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
