"""Stated totals with parts add up (PE405, error); their figures are numbers (PE407, error).

Convention for `data`: any mapping with both `total` and `parts` states a total and its
breakdown, at any depth under `data`; `parts` maps each part's name to its figure, and the
parts must add up to `total` within rounding (see `checks.base`). The seed writes::

    incoming_documents: {total: 10452, parts: {市收文: 9113, 区收文: 1339}}

Passes as written (9113 + 1339 = 10452); `total: 10542` would fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from perfeval.checks.base import ZERO, Path, dotted, mappings, not_a_number, number, rounding_slack
from perfeval.errors import Diagnostic, Locate, diagnostic
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission
from perfeval.render.wording import format_number


def _stated_total(path: Path, stated: Mapping[str, Any], locate: Locate) -> list[Diagnostic]:
    total, parts = number(stated["total"]), stated["parts"]
    if not isinstance(parts, Mapping) or not parts:
        return [not_a_number(locate, (*path, "parts"), parts)]
    figures = [number(v) for v in parts.values()]
    problems = [
        not_a_number(locate, (*path, "parts", k), v)
        for (k, v), f in zip(parts.items(), figures, strict=True)
        if f is None
    ]
    if total is None:
        problems.append(not_a_number(locate, (*path, "total"), stated["total"]))
    given = [f for f in figures if f is not None]
    if problems or total is None:
        return problems
    added = sum(given, ZERO)
    if abs(added - total) <= rounding_slack(total, *given):
        return []
    return [
        diagnostic(
            "PE405",
            locate((*path, "total")),
            path=dotted(path),
            total=format_number(total),
            sum=format_number(added),
            parts=" + ".join(format_number(f) for f in given),
        )
    ]


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, node in mappings(submission.data, ("data",)):
        if "total" in node and "parts" in node:
            found.extend(_stated_total(path, node, locate))
    return found
