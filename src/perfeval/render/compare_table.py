"""`perfeval compare` as text: each pair's score and grade change, the indicators that
moved with the reasons on both sides, the year-on-year figures checked, then what was not
paired. User text is neutralised (`perfeval.render.neutral`)."""

from __future__ import annotations

from collections.abc import Iterator

from perfeval.i18n import Lang, text
from perfeval.render.comparison import signed
from perfeval.render.neutral import neutral
from perfeval.render.wording import format_number, format_points
from perfeval.run.compare import Comparison, Figure, Moved, Pair, Unpaired


def counts(comparison: Comparison) -> dict[str, int]:
    pairs, unpaired = len(comparison.pairs), comparison.unpaired
    return {"old": pairs + sum(u.side == "old" for u in unpaired),
            "new": pairs + sum(u.side == "new" for u in unpaired),
            "pairs": pairs, "unpaired": len(unpaired)}  # fmt: skip


def pair_values(pair: Pair, lang: Lang) -> dict[str, str]:
    old, new = pair.old, pair.new
    return {"department": department_words(pair.new.key, lang), "old_year": str(old.year or "—"),
            "new_year": str(new.year or "—"), "old_total": format_points(old.total),
            "new_total": format_points(new.total), "change": signed(format_points(pair.change)),
            "old_grade": neutral(old.grade), "new_grade": neutral(new.grade)}  # fmt: skip


def department_words(key: tuple[str, str, str], lang: Lang) -> str:
    """The department, and for a project its project: `明湖区文化局“文化惠民工程”`."""
    _, department, project = key
    if not project:
        return neutral(department)
    values = {"department": neutral(department), "project": neutral(project)}
    return text("compare", "with_project", lang, values)


def reasons_words(reasons: tuple[str, ...], lang: Lang) -> str:
    return neutral("；".join(reasons)) if reasons else text("compare", "no_reason", lang)


def _moved(item: Moved, lang: Lang) -> Iterator[str]:
    values = {"indicator": neutral(item.new.name), "old": item.old.shown, "new": item.new.shown,
              "change": signed(format_points(item.change))}  # fmt: skip
    yield "  " + text("compare", "moved_line", lang, values)
    for side, leaf in (("old_reasons", item.old), ("new_reasons", item.new)):
        reasons = reasons_words(leaf.reasons, lang)
        yield "    " + text("compare", side, lang, {"reasons": reasons})


def figure_words(figure: Figure, lang: Lang) -> dict[str, str]:
    verdict = text("compare", "agrees" if figure.agrees else "differs", lang)
    return {"path": neutral(figure.path), "stated": format_number(figure.stated),
            "found": format_number(figure.found), "verdict": verdict}  # fmt: skip


def unpaired_words(item: Unpaired, lang: Lang) -> str:
    side = text("compare", f"side_{item.side}", lang)
    why = text("compare", f"why_{item.why}", lang)
    values = {"side": side, "path": neutral(item.path), "why": why,
              "department": neutral(item.department or "—")}  # fmt: skip
    return text("compare", "unpaired_line", lang, values)


def render(comparison: Comparison, lang: Lang) -> str:
    lines = [text("compare", "title", lang),
             text("compare", "counts", lang, counts(comparison)), ""]  # fmt: skip
    for pair in sorted(comparison.pairs, key=lambda p: p.change):
        lines.append(text("compare", "pair", lang, pair_values(pair, lang)))
        for item in pair.moved:
            lines.extend(_moved(item, lang))
        for figure in pair.figures:
            lines.append("  " + text("compare", "figure_line", lang, figure_words(figure, lang)))
    lines.append("")
    if not comparison.unpaired:
        lines.append(text("compare", "unpaired_none", lang))
    else:
        lines.append(text("compare", "unpaired", lang))
        lines.extend("  " + unpaired_words(item, lang) for item in comparison.unpaired)
    return "\n".join(lines) + "\n"
