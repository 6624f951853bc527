"""The terminal view: the indicator tree with weight, score and every deduction reason,
then the total, the grade and claimed vs computed. Rich is imported only here.

The table fits the width it is given (`RenderOptions.width`; None: rich's own — the
terminal's, or `COLUMNS`): names, weights and scores keep their width while the reasons
wrap inside their column; when the reasons would get fewer than `MIN_REASON` cells, the
names wrap too; when even then the reasons column would be narrower than `FOLD_BELOW`
cells, the reasons leave the table and follow it as a numbered list (each row refers to
its number), so nothing is lost on a 40-column terminal.
"""

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
MIN_REASON = 24  # cells the reasons column wants before the names start to wrap
FOLD_BELOW = 12  # a reasons column narrower than this is folded into a list below
MIN_NAME = 10
Row = tuple[NodeResult, str, str, str, list[str]]


def _rows(node: NodeResult, lang: Lang) -> Iterator[Row]:
    """Each node below `node` (itself first): indented name, weight, score, reasons."""
    name = "  " * node.depth + node.name.get(lang)
    yield node, name, format_points(node.weight), shown_score(node), reasons(node, lang)
    for child in node.children:
        yield from _rows(child, lang)


def _layout(rows: list[Row], headers: list[str], width: int) -> tuple[int, bool, bool]:
    """(name column width, names wrap, reasons folded below) for a table `width` wide."""
    columns = [[h, *(str(r[i + 1]) for r in rows)] for i, h in enumerate(headers[:3])]
    widths = [max(map(cell_len, column)) for column in columns]
    fixed = 4 * 2 + 5 + widths[1] + widths[2]  # padding and rules of four columns
    if width - fixed - widths[0] >= MIN_REASON:
        return widths[0], False, False
    name = max(MIN_NAME, min(widths[0], width - fixed - MIN_REASON))
    if width - fixed - name >= FOLD_BELOW:
        return name, True, False
    three = 3 * 2 + 4 + widths[1] + widths[2]  # the same without the reasons column
    return max(MIN_NAME, min(widths[0] + 5, width - three)), True, True


def scorecard_table(card: Scorecard, lang: Lang, width: int) -> tuple[Table, list[str]]:
    """The tree as a rich Table `width` wide, and the reasons folded below it (if any)."""
    rows = [row for node in card.indicators for row in _rows(node, lang)]
    headers = [text("labels", key, lang) for key in ("indicator", "weight", "score", "reason")]
    name_width, wrap, folded = _layout(rows, headers, width)
    title = RichText(f"{subject(card)} · {card.rubric.title.get(lang)}")
    table = Table(title=title, expand=False)
    table.add_column(headers[0], no_wrap=not wrap, overflow="fold", width=name_width)
    table.add_column(headers[1], justify="right", no_wrap=True)
    table.add_column(headers[2], justify="right", no_wrap=True)
    if not folded:
        table.add_column(headers[3], overflow="fold")
    below: list[str] = []
    for node, name, weight, score, why in rows:
        if folded and why:
            number = sum(line.startswith("[") for line in below) + 1
            below += [f"[{number}] {node.name.get(lang)}", *(f"  - {line}" for line in why)]
            name += f" [{number}]"
        cells = [
            RichText(name, style="bold" if node.children else ""),
            RichText(weight),
            RichText(score, style=_STATUS_STYLE[node.status]),
        ]
        table.add_row(*cells, *([] if folded else [RichText("\n".join(why))]))
    return table, below


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width,  # None: the terminal's width, or COLUMNS (rich reads both)
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
        table, below = scorecard_table(card, options.lang, console.width)
        console.print(table)
        for line in below:
            console.print(RichText(line))
        for line in summary_lines(card, options.lang):
            console.print(RichText(line))
    return buffer.getvalue()
