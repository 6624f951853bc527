"""The finance bureau's page: `perfeval score DIR -f html -o 汇总.html`.

One self-contained HTML file (inline CSS and SVG; no external reference; whole with scripts
off — the one small inline script only sorts the ranking): the ranking of every submission
(department, year, level, rubric and its digest, computed and claimed score, grade, errors
and warnings; failed files and claimed ≠ computed marked and linked to their problems), the
grade distribution, where points are lost (per indicator, `perfeval.run.losses`), and each
department's scored tree with its reasons, folded behind its anchor `#f-N` (N: the file's
place in input order).

Streamed: each file's part is written as its outcome arrives and the outcome is dropped;
what the tables at the end need is kept small — one ranking row per file (the record the CSV
writes) and a few counters per indicator. The file parts come first in the source and are
shown last (CSS `order`), so the page is written in one pass.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterable, Sequence

from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions, Write
from perfeval.render.html_parts import (
    Row,
    asset,
    esc,
    flagged_links,
    grade_bars,
    losses_table,
    problems_list,
    ranking_head,
    ranking_row,
    scored_tree,
    shown_name,
    word,
)
from perfeval.render.summary import rank_key, record
from perfeval.render.wording import format_points
from perfeval.run.losses import LossTally
from perfeval.run.outcome import FileOutcome

_HTML_LANG = {"zh": "zh-CN", "en": "en"}


def _head(lang: Lang) -> str:
    title = word("title", lang)
    nav = "".join(f'<a href="#{key}">{word(f"nav_{key}", lang)}</a>'
                  for key in ("grades", "losses", "ranking", "files"))  # fmt: skip
    return (
        f'<!DOCTYPE html>\n<html lang="{_HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{asset('batch.css')}</style>\n</head>\n<body>\n"
        f"<header><h1>{title}</h1><nav>{nav}</nav></header>\n<main>\n"
        f'<section id="files"><h2>{word("nav_files", lang)}</h2>\n'
    )


def _file_part(number: int, outcome: FileOutcome, row: Row, lang: Lang) -> str:
    """A file's heading, path, problems (as text) and its folded scored tree."""
    shown = row.record
    heading = f"{number}. {shown_name(shown)}"
    if shown.total is not None:
        heading += f" · {shown.year} · {format_points(shown.total)} {html.escape(shown.grade)}"
    else:
        heading += f" · {html.escape(text('batch', 'status_not_scored', lang))}"
    card = outcome.scorecard
    tree = "" if card is None else scored_tree(card, lang)
    return (
        f'<section class="file" id="f-{number}"><h3>{heading}</h3>'
        f'<p class="path">{esc(outcome.path)}</p>'
        f"{problems_list(outcome.reported, lang)}{tree}</section>\n"
    )


def _distribution(rows: Sequence[Row], lang: Lang) -> str:
    """Grades best first (the order of each file's rubric), then the files not scored."""
    counts = Counter(row.record.grade for row in rows if row.record.total is not None)
    order: list[str] = []
    for row in rows:
        for name in row.grades:
            if name not in order:
                order.append(name)
    bars = [(html.escape(name), counts[name], False) for name in order]
    bars += [(html.escape(name), n, False) for name, n in counts.items() if name not in order]
    unscored = sum(1 for row in rows if row.record.total is None)
    if unscored:
        bars.append((html.escape(text("batch", "not_scored", lang)), unscored, True))
    return (
        f'<section id="grades"><h2>{word("nav_grades", lang)}</h2>'
        f"{grade_bars(bars, lang)}</section>\n"
    )


def _losses(tally: LossTally, lang: Lang) -> str:
    parts = [f'<section id="losses"><h2>{word("nav_losses", lang)}</h2>'
             f'<p class="note">{word("losses_note", lang)}</p>']  # fmt: skip
    for table in tally.tables():
        values = {"rubric": table.rubric, "files": table.files}
        parts.append(f"<h3>{word('losses_rubric', lang, values)} "
                     f'<span class="digest">{esc(table.sha256)}</span></h3>')  # fmt: skip
        parts.append(losses_table(table, lang))
    return "".join(parts) + "</section>\n"


def _ranking(rows: Sequence[Row], lang: Lang, write: Write) -> None:
    failed = sum(1 for row in rows if row.record.status != "scored")
    values = {"count": len(rows), "failed": failed}
    order = sorted(rows, key=lambda row: rank_key(row.record))
    write(f'<section id="ranking"><h2>{word("nav_ranking", lang)}</h2>'
          f'<p class="note">{word("ranking_note", lang, values)}</p>{flagged_links(rows, lang)}'
          f"{ranking_head(lang)}")  # fmt: skip
    for rank, row in enumerate(order, 1):
        write(ranking_row(rank, row, lang))
    write("</tbody></table></section>\n")


def stream(outcomes: Iterable[FileOutcome], options: RenderOptions, write: Write) -> None:
    """Write each file's part as it comes; the ranking, the grades and the losses once the
    last file is in (shown first)."""
    lang = options.lang
    write(_head(lang))
    rows: list[Row] = []
    tally = LossTally()
    for number, outcome in enumerate(outcomes, 1):
        card = outcome.scorecard
        headline = outcome.headline
        level = "" if card is None else card.rubric.level
        grades = () if headline is None else tuple(g.get(lang) for g in headline.grades)
        row = Row(number, record(outcome, options), level, grades)
        if card is not None:
            tally.add(card)
        write(_file_part(number, outcome, row, lang))
        rows.append(row)
    write("</section>\n")
    _ranking(rows, lang, write)
    write(_distribution(rows, lang) + _losses(tally, lang))
    write(f"</main>\n<script>\n{asset('batch-sort.js')}</script>\n</body>\n</html>\n")


def render(outcomes: Sequence[FileOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
