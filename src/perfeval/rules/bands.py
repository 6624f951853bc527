"""`bands` — the input falls into an interval, each interval earns fixed points.

Intervals are written in interval notation, e.g. `"[0.8, 0.9)"`; a closed end (`[` or `]`)
is what the official text marks 含 (inclusive). Open-ended bands use `inf`/`-inf`.
Overlapping bands are a rubric error; with `complete: true`, gaps between the lowest and the
highest end are a rubric error too. A value in no band earns 0 with a finding.

Passing::

    rule: {type: bands, bands: [{range: "[0.9, inf)", points: 10}, {range: "[0, 0.9)", points: 6}]}
    # x = 0.95 → 10

Failing::

    # same rule, x = 0.85 → 6, deducts 4
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from perfeval.metrics import Unavailable
from perfeval.models.common import Strict
from perfeval.render.wording import interval_words
from perfeval.rules.base import (
    ZERO,
    Outcome,
    RuleContext,
    RuleParams,
    at_precision,
    displayed,
    finding,
    label,
    not_applicable,
    number_input,
    points,
)
from perfeval.rules.interval import Interval, no_overlap, parse_interval, uncovered
from perfeval.rules.shown import Shown, measured
from perfeval.rules.traits import Cell, RubricProblem, Site, Traits


class Band(Strict):
    range: str
    points: Decimal = Field(ge=0)

    @field_validator("range")
    @classmethod
    def _parse(cls, value: str) -> str:
        parse_interval(value)
        return value

    @property
    def interval(self) -> Interval:
        return parse_interval(self.range)


class Params(RuleParams):
    type: Literal["bands"]
    bands: list[Band] = Field(min_length=1)
    complete: bool = False
    precision: Decimal | None = Field(default=None, gt=0)
    display: Literal["percent", "number"] = "number"

    @model_validator(mode="after")
    def _no_overlap(self) -> Self:
        no_overlap([band.range for band in self.bands], self.complete)
        return self


def _ends(params: Params) -> tuple[Decimal | None, ...]:
    """Every band's ends: the thresholds the input was placed between."""
    return tuple(end for b in params.bands for end in (b.interval.low, b.interval.high))


def evaluate(params: Params, ctx: RuleContext) -> Outcome:
    x = number_input(ctx)
    if isinstance(x, Unavailable):
        return not_applicable(x)
    x = at_precision(x, params.precision)
    band = next((b for b in params.bands if b.interval.contains(x)), None)
    earned = band.points if band else ZERO
    if earned >= ctx.weight:
        return Outcome(earned=earned)
    code = "bands.in_band" if band else "bands.no_band"
    found = finding(
        code,
        ctx.weight - earned,
        actual=displayed(x, params.display, params.precision, *_ends(params)),
        earned=points(earned),
        **({"range": label(band.range)} if band else {}),
    )
    return Outcome(earned=earned, findings=(found,))


def checks(params: Params, site: Site) -> Iterator[RubricProblem]:
    """PE223 (a warning): a stretch of the input's declared range (`input.range`; the whole
    line when none is declared) that no band holds — a value there falls in no band and
    earns nothing (a negative 预算调整率 after a mid-year cut, say)."""
    domain = parse_interval(site.range or "(-inf, inf)")
    for gap in uncovered(domain, [band.interval for band in params.bands]):
        yield RubricProblem("PE223", ("bands",), {"interval": gap}, warning=True)


def most(params: Params) -> Decimal:
    """The points of the best band: the leaf's weight (PE214 otherwise)."""
    return max(band.points for band in params.bands)


def on_sheet(given: Shown) -> tuple[str, str]:
    """指标值 the best band in the official words (90%（含）以上), 完成值 the input."""
    rule: Params = given.rule
    best = max(rule.bands, key=lambda band: band.points)
    return interval_words(best.range, given.lang), measured(given, rule.display, *_ends(rule))


TRAITS: Traits[Params] = Traits(
    fields=("value",),
    example=("value: 92%",),
    cells=(Cell("actual", "value", "ratio"),),
    most=most,
    checks=checks,
    on_sheet=on_sheet,
)
