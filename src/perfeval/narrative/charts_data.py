"""What the report's charts show, taken from the Scorecard (no arithmetic: values and
references are the card's own numbers, labels are formatted by `wording`).

* `spending`: cumulative spending share at each checkpoint against the required share — the
  chart behind the 均衡性 deduction, when the rubric has checkpoints;
* `scores`: each scored indicator's score against its weight, the ones that lost points
  drawn apart, so a reader sees at a glance where the points went.
"""

from __future__ import annotations

from perfeval.i18n import Lang
from perfeval.models.result import Scorecard
from perfeval.narrative.model import Bar, Chart
from perfeval.narrative.words import word
from perfeval.render.wording import NA_MARK, format_points, format_share


def charts(card: Scorecard, lang: Lang) -> tuple[Chart, ...]:
    """Chart data: spending progress at the checkpoints (if any), then score vs weight."""
    found = []
    points = [c for c in card.budget.checkpoints if c.progress is not None]
    if points:
        bars = tuple(
            Bar(
                c.label.get(lang),
                c.progress,
                c.required,
                format_share(c.progress),
                format_share(c.required, c.progress),
            )
            for c in points
            if c.progress is not None
        )
        found.append(_chart(lang, "spending", bars, percent=True))
    bars = tuple(
        Bar(
            leaf.name.get(lang),
            leaf.score,
            leaf.weight,
            NA_MARK if leaf.status != "scored" else format_points(leaf.score),
            format_points(leaf.weight),
        )
        for leaf in card.leaves()
    )
    found.append(_chart(lang, "scores", bars, percent=False))
    return tuple(found)


def _chart(lang: Lang, key: str, bars: tuple[Bar, ...], percent: bool) -> Chart:
    """Words from `[report.labels]` `<key>_chart`, `_value`, `_short`, `_reference`."""
    return Chart(
        key=key,
        title=word(lang, "labels", f"{key}_chart"),
        value_label=word(lang, "labels", f"{key}_value"),
        reference_label=word(lang, "labels", f"{key}_reference"),
        bars=bars,
        percent=percent,
        short_label=word(lang, "labels", f"{key}_short"),
    )
