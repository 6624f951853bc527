"""This year's `last_year` figures against what last year's file stated (for `compare`).

A figure is a mapping under `data` with `last_year` beside its `value` (or `total`), the
convention PE406 checks within one file::

    outgoing_documents: {value: 839, last_year: 940, change: -10.7%}

Last year's file states the same figure as the same path's `value` (or `total`, whichever
this year's uses), or as a plain number at that path. They agree when last year's figure,
rounded once, half-up, to the precision `last_year` is written at, equals it (940 against
940 or 939.6; 3,089.8 against 3,089.80). Figures are read by `perfeval.checks.base.number`,
the reader the consistency checks use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfeval.checks.base import dotted, mappings, number
from perfeval.errors import Location
from perfeval.load.sources import LoadedSubmission
from perfeval.run.compare import Figure


def _stated_last_year(node: Mapping[str, Any]) -> tuple[str, Decimal] | None:
    key = "value" if "value" in node else "total" if "total" in node else None
    stated = number(node.get("last_year"))
    return None if key is None or stated is None else (key, stated)


def _last_years_figure(data: Any, path: tuple[str | int, ...], key: str) -> Decimal | None:
    node = data
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return number(node.get(key)) if isinstance(node, Mapping) else number(node)


def agrees(stated: Decimal, found: Decimal) -> bool:
    """Last year's figure rounded to the precision `stated` is written at equals it."""
    return found.quantize(stated, rounding=ROUND_HALF_UP) == stated


def year_figures(
    old: LoadedSubmission, new: LoadedSubmission
) -> Iterator[tuple[Figure, Location, Location]]:
    """Each figure this year's file states `last_year` for and last year's file states too,
    with where last year's figure and this year's `last_year` are written."""
    for path, node in mappings(new.submission.data, ("data",)):
        stated = _stated_last_year(node)
        if stated is None:
            continue
        key, last_year = stated
        found = _last_years_figure(old.submission.data, path[1:], key)
        if found is None:
            continue
        figure = Figure(dotted(path), last_year, found, agrees(last_year, found))
        old_at = old.document.source_map.locate((*path, key))
        yield figure, old_at, new.document.source_map.locate((*path, "last_year"))
