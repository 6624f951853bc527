"""The terminal view: the indicator tree with weight, score and every deduction reason,
then the total, the grade and claimed vs computed. Rich is imported only here."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from perfeval.i18n import Lang, text
from perfeval.models.result import NodeResult, Scorecard
from perfeval.render import RenderOptions
from perfeval.render.wording import format_points, reasons, shown_score, subject, summary_lines
from perfeval.run.outcome import FileOutcome

_STATUS_STYLE = {"scored": "", "not_applicable": "yellow", "error": "bold red"}


def _rows(node: NodeResult, lang: Lang) -> Iterator[tuple[NodeResult, str, str, str]]:
    """Each node below `node` (itself first) with its indented name, weight and score."""
    yield (
        node,
        "  " * node.depth + node.name.get(lang),
        format_points(node.weight),
        shown_score(node),
    )
    for child in node.children:
        yield from _rows(child, lang)


def scorecard_table(card: Scorecard, lang: Lang) -> Table:
    """The tree as a rich Table of plain Text cells. The name, weight and score columns get
    their width from their longest cell up front, so rich measures only the reasons."""
    rows = [row for node in card.indicators for row in _rows(node, lang)]
    headers = [text("labels", key, lang) for key in ("indicator", "weight", "score", "reason")]
    columns = [[headers[0]], [headers[1]], [headers[2]]]
    for _, *cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            column.append(cell)
    widths = [max(map(cell_len, column)) for column in columns]
    title = RichText(f"{subject(card)} · {card.rubric.title.get(lang)}")
    table = Table(title=title, expand=False)
    table.add_column(headers[0], no_wrap=True, width=widths[0])
    table.add_column(headers[1], justify="right", no_wrap=True, width=widths[1])
    table.add_column(headers[2], justify="right", no_wrap=True, width=widths[2])
    table.add_column(headers[3], overflow="fold")
    for node, name, weight, score in rows:
        table.add_row(
            RichText(name, style="bold" if node.children else ""),
            RichText(weight),
            RichText(score, style=_STATUS_STYLE[node.status]),
            RichText("\n".join(reasons(node, lang))),
        )
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
