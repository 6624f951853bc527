"""The pieces of the batch page (`perfeval.render.html_batch`), each returned as HTML.

Every user text passes through `esc` — `neutral` (controls and bidirectional marks shown
escaped) then HTML escaping — so a department name can neither inject markup nor reorder
what is shown. Numbers are formatted by `perfeval.render.wording` only; nothing here
computes a figure (the counters are `perfeval.run.losses`).
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval.errors import Diagnostic
from perfeval.i18n import Lang, text
from perfeval.render.diagnostics import format_diagnostic
from perfeval.render.neutral import neutral
from perfeval.render.summary import Record
from perfeval.render.wording import format_points, reasons, shown_score, summary_lines
from perfeval.run.losses import IndicatorLoss, RubricLosses

if TYPE_CHECKING:
    from perfeval.models.result import NodeResult, Scorecard

ASSETS = Path(__file__).resolve().parent.parent / "templates"
DIGEST_SHOWN = 12  # hex digits of a rubric's digest in a cell; the whole one in its title


def esc(value: str) -> str:
    """User text made safe for an HTML text node or a quoted attribute."""
    return html.escape(neutral(value), quote=True)


def word(key: str, lang: Lang, values: Mapping[str, object] | None = None) -> str:
    """A word of the page's own (`[batch_html]`), escaped like any text."""
    return html.escape(text("batch_html", key, lang, values), quote=True)


def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Row:
    """What the ranking keeps of one file: its number in input order (its anchor `f-N`),
    the batch record the CSV writes too (with the rubric's digest), the rubric's level and
    its grade names (best first)."""

    number: int
    record: Record
    level: str
    grades: tuple[str, ...]


def _points_cell(value: Decimal | None, css: str = "n", mark: str = "") -> str:
    if value is None:
        return f'<td class="{css}">—</td>'
    return f'<td class="{css}" data-v="{value}">{mark}{format_points(value)}</td>'


def _rubric_cell(row: Row) -> str:
    if not row.record.rubric:
        return "<td></td>"
    digest = row.record.rubric_sha256
    short = esc(digest[:DIGEST_SHOWN])
    title = f' title="sha256 {esc(digest)}"' if digest else ""
    return f'<td{title}>{html.escape(row.record.rubric)} <span class="digest">{short}</span></td>'


def flagged_links(rows: Sequence[Row], lang: Lang) -> str:
    """The files that failed or claim a score that differs, each a link to its part."""
    links = [f'<a href="#f-{row.number}">{shown_name(row.record)}</a>'
             for row in rows if row.record.status != "scored" or _differs(row.record)]  # fmt: skip
    if not links:
        return ""
    return f'<p class="flagged">{word("flagged", lang, {"count": len(links)})} {"".join(links)}</p>'


def shown_name(record: Record) -> str:
    """The department (neutralised by the record), or the file when it was not scored."""
    return html.escape(record.department or record.path)


def _differs(record: Record) -> bool:
    return (
        record.claimed is not None and record.total is not None and record.claimed != record.total
    )


def ranking_row(rank: int, row: Row, lang: Lang) -> str:
    """One `<tr>` of the ranking; a failed file and a claimed score that differs are marked
    (`failed`, `differs`) and link to the file's problems."""
    record = row.record
    differs = _differs(record)
    css = " ".join(c for c, on in (("failed", record.status != "scored"),
                                   ("differs", differs)) if on)  # fmt: skip
    anchor = f"#f-{row.number}"
    name = shown_name(record)
    level = word(f"level_{row.level}", lang) if row.level else ""
    status = text("batch", f"status_{record.status}", lang)
    if record.status != "scored":
        status = f'<a href="{anchor}">{html.escape(status)}</a>'
    claimed = _points_cell(record.claimed, "n claimed", "≠ " if differs else "")
    return (
        f'<tr class="{css}" data-path="{html.escape(record.path)}"><td class="n">{rank}</td>'
        f'<td><a href="{anchor}">{name}</a></td><td class="n">{record.year}</td>'
        f"<td>{level}</td>{_rubric_cell(row)}{_points_cell(record.total)}"
        f'{claimed}<td>{html.escape(record.grade)}</td><td class="status">{status}</td>'
        f'<td class="n">{record.errors}</td><td class="n">{record.warnings}</td></tr>\n'
    )


def _th(words: str, numeric: bool) -> str:
    return f'<th class="n">{words}</th>' if numeric else f"<th>{words}</th>"


RANKING_COLUMNS = ("rank", "department", "year", "level", "rubric", "total", "claimed",
                   "grade", "status", "errors", "warnings")  # fmt: skip
_NUMERIC = {"rank", "year", "total", "claimed", "errors", "warnings"}


def ranking_head(lang: Lang) -> str:
    cells = "".join(_th(word(f"col_{key}", lang), key in _NUMERIC) for key in RANKING_COLUMNS)
    return f'<table class="sortable" id="ranking-table"><thead><tr>{cells}</tr></thead><tbody>\n'


def grade_bars(counts: Sequence[tuple[str, int, bool]], lang: Lang) -> str:
    """An inline SVG bar per grade (name, count, whether it is the not-scored bar)."""
    most = max((count for _, count, _ in counts), default=0) or 1
    bar, gap, label, width = 24, 8, 90, 420
    height = len(counts) * (bar + gap) + gap
    box = f"0 0 {label + width + 70} {height}"
    parts = [f'<svg class="bars" viewBox="{box}" role="img" aria-label="{word("grades", lang)}">']
    for index, (name, count, none) in enumerate(counts):
        y = gap + index * (bar + gap)
        length = round(width * count / most)
        css = ' class="none"' if none else ""
        parts.append(
            f'<text x="{label - 8}" y="{y + 17}" text-anchor="end">{name}</text>'
            f'<rect{css} x="{label}" y="{y}" width="{length}" height="{bar}"/>'
            f'<text x="{label + length + 6}" y="{y + 17}">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def losses_table(table: RubricLosses, lang: Lang) -> str:
    """Where points are lost under one rubric: an indicator a row, most points lost first."""
    items = table.worst_first()
    most = max((item.lost for item in items), default=Decimal(0)) or Decimal(1)
    keys = ("indicator", "weight", "scored", "losing", "lost", "average")
    head = "".join(_th(word(f"loss_{key}", lang), key != "indicator") for key in keys)
    rows = [_loss_row(item, most, lang) for item in items]
    return f"<table><thead><tr>{head}<th></th></tr></thead><tbody>\n{''.join(rows)}</tbody></table>"


def _loss_row(item: IndicatorLoss, most: Decimal, lang: Lang) -> str:
    width = int(item.lost * 120 / most)
    bar = f'<span class="bar" style="width:{width}px"></span>' if width else ""
    average = "—" if item.average is None else format_points(item.average)
    return (
        f'<tr><td>{esc(item.name.get(lang))}</td><td class="n">{format_points(item.weight)}'
        f'</td><td class="n">{item.scored}</td><td class="n">{item.losing}</td>'
        f'<td class="n">{format_points(item.lost)}</td><td class="n">{average}</td>'
        f"<td>{bar}</td></tr>\n"
    )


def problems_list(found: Sequence[Diagnostic], lang: Lang) -> str:
    """A file's problems and failed gates, `path:line:col: [code] …` as text."""
    if not found:
        return ""
    items = "".join(
        f'<li class="{d.severity.value}">{html.escape(format_diagnostic(d, lang))}</li>'
        for d in found
    )
    return f'<ul class="problems">{items}</ul>'


def _tree_rows(node: NodeResult, lang: Lang) -> Iterator[str]:
    lost = " lost" if not node.children and node.status == "scored" and node.deducted > 0 else ""
    why = esc("；".join(reasons(node, lang)))
    yield (f'<tr class="d{min(node.depth, 3)}{lost}"><td>{esc(node.name.get(lang))}'
           f"<td>{format_points(node.weight)}<td>{shown_score(node)}<td>{why}\n")  # fmt: skip
    for child in node.children:
        yield from _tree_rows(child, lang)


def scored_tree(card: Scorecard, lang: Lang) -> str:
    """The scored tree with every reason, folded, then the total, claimed and completeness."""
    head = "".join(f"<th>{html.escape(text('labels', k, lang))}</th>"
                   for k in ("indicator", "weight", "score", "reason"))  # fmt: skip
    rows = "".join(row for node in card.indicators for row in _tree_rows(node, lang))
    lines = "".join(f"<p>{esc(line)}</p>" for line in summary_lines(card, lang))
    leaves = len(card.leaves())
    return (
        f"<details><summary>{word('detail', lang, {'leaves': leaves})}</summary>"
        f'<table class="tree"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>'
        f"{lines}</details>"
    )
