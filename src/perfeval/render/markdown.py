"""Markdown: each submission's score table, for a pull-request comment or a wiki page.

The same content as the terminal table — indicator, weight, score, every deduction reason
— then the total, the grade and claimed vs computed. User text is escaped, so a pipe or
markup in a department name cannot break the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from perfeval.i18n import Lang, text
from perfeval.models.result import NodeResult, Scorecard
from perfeval.narrative.escape import md_cell, md_inline
from perfeval.render import RenderOptions
from perfeval.render.wording import format_points, reasons, shown_score, subject, summary_lines
from perfeval.run.outcome import FileOutcome

_INDENT = "　"  # an ideographic space per level keeps the tree readable in any renderer


def _rows(node: NodeResult, lang: Lang) -> Iterator[str]:
    name = _INDENT * node.depth + md_cell(node.name.get(lang))
    if node.children:
        name = f"**{name}**"
    why = md_cell("；".join(reasons(node, lang)))
    cells = [name, format_points(node.weight), shown_score(node), why]
    yield "| " + " | ".join(cells) + " |"
    for child in node.children:
        yield from _rows(child, lang)


def card_markdown(card: Scorecard, lang: Lang) -> str:
    title = f"{subject(card)} · {card.rubric.title.get(lang)}"
    header = [text("labels", key, lang) for key in ("indicator", "weight", "score", "reason")]
    lines = [f"### {md_inline(title)}", "", "| " + " | ".join(header) + " |"]
    lines.append("|---|--:|--:|---|")
    for node in card.indicators:
        lines.extend(_rows(node, lang))
    lines.append("")
    lines.extend(f"- {md_inline(line)}" for line in summary_lines(card, lang))
    return "\n".join(lines) + "\n"


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    parts = []
    for outcome in outcomes:
        if outcome.scorecard is None:
            values = {"path": outcome.path}
            parts.append(md_inline(text("summary", "not_scored", options.lang, values)) + "\n")
        else:
            parts.append(card_markdown(outcome.scorecard, options.lang))
    return "\n".join(parts)
