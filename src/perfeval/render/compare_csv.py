"""`perfeval compare -f csv`: a record per pair, then one per file not paired. Headers in
the chosen language; cells neutralised for spreadsheets as `-f csv` does."""

from __future__ import annotations

import csv
import io

from perfeval.i18n import Lang, text
from perfeval.render.comparison import signed
from perfeval.render.csv_format import neutralise
from perfeval.render.neutral import neutral
from perfeval.render.wording import format_points
from perfeval.run.compare import Comparison, Pair, Unpaired

COLUMNS = ("status", "old_path", "new_path", "department", "level", "project", "old_year",
           "new_year", "old_total", "new_total", "change", "old_grade", "new_grade", "moved",
           "figures_checked", "figures_differ")  # fmt: skip


def _moved(pair: Pair) -> str:
    return "；".join(f"{m.new.name} {m.old.shown}→{m.new.shown}" for m in pair.moved)


def _pair_cells(pair: Pair, lang: Lang) -> list[str]:
    level, department, project = pair.new.key
    differ = sum(not f.agrees for f in pair.figures)
    level_words = text("batch_html", f"level_{level}", lang)
    words = [_cell(c) for c in (text("compare", "status_paired", lang), pair.old.path,
                                pair.new.path, department, level_words, project)]  # fmt: skip
    numbers = [str(pair.old.year or ""), str(pair.new.year or ""), format_points(pair.old.total),
               format_points(pair.new.total), signed(format_points(pair.change))]  # fmt: skip
    return [*words, *numbers, _cell(pair.old.grade), _cell(pair.new.grade), _cell(_moved(pair)),
            str(len(pair.figures)), str(differ)]  # fmt: skip


def _cell(words: str) -> str:
    """Text (user text among it) as a cell a spreadsheet shows, never evaluates; a signed
    change is perfeval's own number and is written as it is."""
    return neutralise(neutral(words))


def _unpaired_cells(item: Unpaired, lang: Lang) -> list[str]:
    cells = [""] * len(COLUMNS)
    cells[0] = _cell(text("compare", f"why_{item.why}", lang))
    cells[1 if item.side == "old" else 2] = _cell(item.path)
    cells[3] = _cell(item.department)
    return cells


def render(comparison: Comparison, lang: Lang) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = [_cell(text("compare", f"csv_{column}", lang)) for column in COLUMNS]
    rows = [header]
    rows += [_pair_cells(pair, lang) for pair in comparison.pairs]
    rows += [_unpaired_cells(item, lang) for item in comparison.unpaired]
    writer.writerows(rows)
    return buffer.getvalue()
