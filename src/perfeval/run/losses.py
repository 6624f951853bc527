"""Where points are lost across a batch: per indicator, the points lost summed and averaged
over the departments, and how many lost points there — the rubric's weak spots.

A batch may mix rubrics, so indicators are kept per rubric (its id and digest). The counters
are a few numbers per indicator, folded one scorecard at a time: a batch of any size keeps
nothing of a file once it is counted (the HTML page streams; the Excel summary sheet reads
the same table).

The rule, in one place: a leaf loses `weight − score` points when it was scored
(`status == "scored"`). A leaf not applicable or in error is left out of that indicator's
figures — not counted as a loss of zero — so the average is over the departments where the
indicator was scored (`scored`), as an inconclusive probe is left out of an aggregate. The
average is rounded once, half-up, at the rubric's leaf precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from perfeval.run.headline import Name

if TYPE_CHECKING:
    from perfeval.models.result import NodeResult, Scorecard


def points_lost(leaf: NodeResult) -> Decimal | None:
    """The points a leaf lost (weight − score), or None when it was not scored (N/A or in
    error: no figure for that department)."""
    return leaf.weight - leaf.score if leaf.status == "scored" else None


@dataclass(slots=True)
class IndicatorLoss:
    """One leaf of one rubric over the batch."""

    id: str
    name: Name
    weight: Decimal
    places: int  # the rubric's leaf precision: the average is rounded to it
    scored: int = 0  # departments where this leaf was scored
    losing: int = 0  # … of which lost points here
    lost: Decimal = Decimal(0)  # points lost, summed over them

    @property
    def average(self) -> Decimal | None:
        """Points lost per department where the leaf was scored, rounded once, half-up, at
        the leaf precision; None when no department was scored on it."""
        if self.scored == 0:
            return None
        from perfeval.engine.totals import round_half_up

        return round_half_up(self.lost / self.scored, self.places)


@dataclass(slots=True)
class RubricLosses:
    """Every leaf of one rubric (by id and digest), in the rubric's order."""

    rubric: str
    sha256: str
    title: Name
    files: int = 0  # scorecards counted
    indicators: dict[str, IndicatorLoss] = field(default_factory=dict)

    def add(self, card: Scorecard) -> None:
        self.files += 1
        for leaf in card.leaves():
            found = self.indicators.get(leaf.id)
            if found is None:
                found = IndicatorLoss(leaf.id, Name.of(leaf.name), leaf.weight, card.leaf_places)
                self.indicators[leaf.id] = found
            lost = points_lost(leaf)
            if lost is None:
                continue
            found.scored += 1
            found.lost += lost
            found.losing += lost > 0

    def worst_first(self) -> list[IndicatorLoss]:
        """The indicators by points lost, most first; ties in the rubric's order."""
        return sorted(self.indicators.values(), key=lambda item: -item.lost)


@dataclass(slots=True)
class LossTally:
    """The batch's losses, one `RubricLosses` per rubric in order of first appearance."""

    rubrics: dict[tuple[str, str], RubricLosses] = field(default_factory=dict)

    def add(self, card: Scorecard) -> None:
        key = (card.rubric.id, card.rubric.sha256)
        found = self.rubrics.get(key)
        if found is None:
            found = RubricLosses(card.rubric.id, card.rubric.sha256, Name.of(card.rubric.title))
            self.rubrics[key] = found
        found.add(card)

    def tables(self) -> list[RubricLosses]:
        return list(self.rubrics.values())
