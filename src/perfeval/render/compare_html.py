"""`perfeval compare -f html`: one self-contained page in the batch page's style (its CSS,
no script, no external reference): the pairs, largest drop first, each linking to what
moved — every indicator with its score and reasons on both sides, and the year-on-year
figures checked — then the files not paired."""

from __future__ import annotations

import html
from collections.abc import Mapping

from perfeval.i18n import Lang, text
from perfeval.render.compare_table import (
    counts,
    figure_words,
    pair_values,
    reasons_words,
    unpaired_words,
)
from perfeval.render.comparison import signed
from perfeval.render.html_parts import asset, esc
from perfeval.render.wording import format_points
from perfeval.run.compare import Comparison, Pair

_HTML_LANG = {"zh": "zh-CN", "en": "en"}


def _word(key: str, lang: Lang, values: Mapping[str, object] | None = None) -> str:
    return html.escape(text("compare", key, lang, values))


def _head(cells: tuple[str, ...], lang: Lang) -> str:
    return (
        "<thead><tr>"
        + "".join(f"<th>{_word(f'col_{c}', lang)}</th>" for c in cells)
        + "</tr></thead>"
    )


def _figures(pair: Pair, lang: Lang) -> str:
    checked, differ = len(pair.figures), sum(not f.agrees for f in pair.figures)
    if not checked:
        return _word("figures_none", lang)
    return _word("figures", lang, {"checked": checked, "differs": differ})


def _pair_row(number: int, pair: Pair, lang: Lang) -> str:
    values = pair_values(pair, lang)
    css = ' class="failed"' if any(not f.agrees for f in pair.figures) else ""
    level = html.escape(text("batch_html", f"level_{pair.new.key[0]}", lang))
    return (
        f'<tr{css}><td><a href="#p-{number}">{html.escape(values["department"])}</a></td>'
        f"<td>{level}</td><td>{values['old_year']} → {values['new_year']}</td>"
        f'<td class="n">{values["old_total"]}</td><td class="n">{values["new_total"]}</td>'
        f'<td class="n">{values["change"]}</td>'
        f"<td>{html.escape(values['old_grade'])} → {html.escape(values['new_grade'])}</td>"
        f'<td class="n">{len(pair.moved)}</td><td>{_figures(pair, lang)}</td></tr>\n'
    )


def _detail(number: int, pair: Pair, lang: Lang) -> str:
    rows = "".join(
        f'<tr><td>{esc(m.new.name)}</td><td class="n">{m.old.shown}</td>'
        f'<td class="n">{m.new.shown}</td><td class="n">{signed(format_points(m.change))}</td>'
        f"<td>{esc(reasons_words(m.old.reasons, lang))}</td>"
        f"<td>{esc(reasons_words(m.new.reasons, lang))}</td></tr>\n"
        for m in pair.moved
    )
    moved = ("indicator", "old", "new", "change", "old_reason", "new_reason")
    parts = [f'<section class="file" id="p-{number}">'
             f"<h3>{html.escape(text('compare', 'pair', lang, pair_values(pair, lang)))}</h3>"
             f'<p class="path">{esc(pair.old.path)} → {esc(pair.new.path)}</p>']  # fmt: skip
    if rows:
        parts.append(f'<table class="moved">{_head(moved, lang)}<tbody>{rows}</tbody></table>')
    if pair.figures:
        figure_rows = "".join(_figure_row(pair, index, lang) for index in range(len(pair.figures)))
        head = _head(("path", "stated", "found", "agrees"), lang)
        parts.append(f"<table>{head}<tbody>{figure_rows}</tbody></table>")
    return "".join(parts) + "</section>\n"


def _figure_row(pair: Pair, index: int, lang: Lang) -> str:
    figure = pair.figures[index]
    words = figure_words(figure, lang)
    css = "" if figure.agrees else ' class="failed"'
    return (f"<tr{css}><td>{html.escape(words['path'])}</td><td class=\"n\">{words['stated']}"
            f"</td><td class=\"n\">{words['found']}</td><td>{html.escape(words['verdict'])}"
            "</td></tr>")  # fmt: skip


def render(comparison: Comparison, lang: Lang) -> str:
    title = _word("title", lang)
    pairs = sorted(comparison.pairs, key=lambda p: p.change)
    columns = ("department", "level", "years", "old", "new", "change", "grades", "moved",
               "figures")  # fmt: skip
    unpaired = "".join(f"<li>{html.escape(unpaired_words(u, lang))}</li>"
                       for u in comparison.unpaired)  # fmt: skip
    nav = "".join(f'<a href="#{key}">{_word(f"nav_{key}", lang)}</a>'
                  for key in ("pairs", "unpaired", "details"))  # fmt: skip
    return (
        f'<!DOCTYPE html>\n<html lang="{_HTML_LANG[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{asset('batch.css')}</style>\n</head>\n<body>\n"
        f"<header><h1>{title}</h1><nav>{nav}</nav></header>\n<main>\n"
        f'<section id="pairs"><h2>{_word("nav_pairs", lang)}</h2>'
        f'<p class="note">{_word("counts", lang, counts(comparison))}</p>'
        f'<p class="note">{_word("pairs_note", lang)}</p>'
        f"<table>{_head(columns, lang)}<tbody>\n"
        + "".join(_pair_row(n, p, lang) for n, p in enumerate(pairs, 1))
        + "</tbody></table></section>\n"
        f'<section id="unpaired"><h2>{_word("nav_unpaired", lang)}</h2>'
        f"<ul>{unpaired or '<li>' + _word('unpaired_none', lang) + '</li>'}</ul></section>\n"
        f'<section id="details"><h2>{_word("nav_details", lang)}</h2>\n'
        + "".join(_detail(n, p, lang) for n, p in enumerate(pairs, 1))
        + "</section>\n</main>\n</body>\n</html>\n"
    )
