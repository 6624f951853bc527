"""The terminal view: the indicator tree with weight, score and every deduction reason,
then the total, the grade and claimed vs computed. Rich is imported only here."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from perfeval.i18n import Lang, text
from perfeval.models.result import NodeResult, Scorecard
from perfeval.render import RenderOptions
from perfeval.run import FileOutcome
from perfeval.wording import format_points, reasons, shown_score, subject, summary_lines

_STATUS_STYLE = {"scored": "", "not_applicable": "yellow", "error": "bold red"}


def _row(table: Table, node: NodeResult, lang: Lang) -> None:
    name = RichText("  " * node.depth + node.name.get(lang), style="bold" if node.children else "")
    score = RichText(shown_score(node), style=_STATUS_STYLE[node.status])
    why = RichText("\n".join(reasons(node, lang)))
    table.add_row(name, RichText(format_points(node.weight)), score, why)
    for child in node.children:
        _row(table, child, lang)


def scorecard_table(card: Scorecard, lang: Lang) -> Table:
    title = RichText(f"{subject(card)} · {card.rubric.title.get(lang)}")
    table = Table(title=title, expand=False)
    table.add_column(text("labels", "indicator", lang), no_wrap=True)
    table.add_column(text("labels", "weight", lang), justify="right")
    table.add_column(text("labels", "score", lang), justify="right")
    table.add_column(text("labels", "reason", lang), overflow="fold")
    for node in card.indicators:
        _row(table, node, lang)
    return table


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width or 120,
        highlight=False,
        emoji=False,
    )
    for outcome in outcomes:
        card = outcome.scorecard
        if card is None:
            console.print(
                RichText(text("summary", "not_scored", options.lang, {"path": outcome.path}))
            )
            continue
        console.print(scorecard_table(card, options.lang))
        for line in summary_lines(card, options.lang):
            console.print(RichText(line))
    return buffer.getvalue()
