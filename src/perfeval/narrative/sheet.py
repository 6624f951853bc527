"""The official 自评表 as rows of text: the report's 附表 in every format.

Nine columns (`SHEET_COLUMNS`, worded by the locale's `[excel.columns]`, so the report and
the Excel sheet share their headers): 一级/二级/三级指标, 分值, 评分标准, 指标值, 完成值,
得分, 扣分原因. A scored indicator is one row; each item of its entry's list (a performance
target of a `targets` indicator: the rule's `TRAITS.rows`) is a row of its own below it,
carrying its own 指标值, 完成值 and reason.
An indicator left out and rescaled shows `NA_MARK` as its score; the 合计 row states the
rescaling arithmetic once. Nothing here computes a score.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from perfeval.i18n import Lang, catalogue, text
from perfeval.models.result import Finding, NodeResult, Scorecard
from perfeval.models.submission import Submission
from perfeval.narrative.model import SheetRow
from perfeval.narrative.sheet_values import LeafInput, leaf_values, row_values
from perfeval.render.wording import (
    adjustment_sentences,
    describe,
    format_points,
    reasons,
    rescaling_sentence,
    shown_score,
)
from perfeval.rules import traits

SHEET_COLUMNS = (
    "level1",
    "level2",
    "level3",
    "weight",
    "criteria",
    "target",
    "actual",
    "score",
    "reason",
)


def sheet_columns(lang: Lang) -> tuple[str, ...]:
    words = catalogue(lang)["excel"]["columns"]
    return tuple(str(words[key]) for key in SHEET_COLUMNS)


Keyed = tuple[tuple[str, str], SheetRow]  # (the 一级 and 二级 cells' owners, the row)


def _levels(names: list[str]) -> tuple[str, str, str]:
    deeper = " / ".join(names[2:])
    padded = [*names[:2], deeper, "", ""]
    return padded[0], padded[1], padded[2]


def _item_reasons(
    leaf: NodeResult, rows: Sequence[Any], named_by: str, lang: Lang
) -> tuple[list[str], list[Finding]]:
    """Each item row's reason (its finding, matched by the item's name in order) and the
    findings that belong to no row."""
    texts = [""] * len(rows)
    left = []
    for found in leaf.findings:
        name = found.values.get(named_by)
        shown = name.text.zh if name is not None and name.text is not None else None
        index = next((i for i, row in enumerate(rows) if row.name == shown and not texts[i]), None)
        if index is None:
            left.append(found)
        else:
            texts[index] = describe(found, lang, leaf.reason_template)
    return texts, left


def _leaf_rows(
    leaf: NodeResult,
    path: list[NodeResult],
    given: LeafInput | None,
    submission: Submission,
    lang: Lang,
) -> Iterator[Keyed]:
    names = [node.name.get(lang) for node in path]
    level1, level2, level3 = _levels(names)
    keys = (path[0].id, path[1].id if len(path) > 1 else path[0].id)
    entry = submission.indicators.get(leaf.id)
    listed = traits(given.rule).rows if given is not None else None
    items = list(getattr(entry, listed.field) or []) if entry is not None and listed else []
    target, actual = leaf_values(given) if given is not None else ("", "")
    separator = text("labels", "separator", lang)
    if items and listed is not None and leaf.status == "scored":
        texts, left = _item_reasons(leaf, items, listed.named_by, lang)
        why = separator.join(describe(f, lang, leaf.reason_template) for f in left)
    else:
        texts, why = [], separator.join(reasons(leaf, lang))
    criteria = leaf.criteria.get(lang) if leaf.criteria else ""
    weight, score = format_points(leaf.weight), shown_score(leaf)
    cells = (level1, level2, level3, weight, criteria, target, actual, score, why)
    yield keys, SheetRow(cells, "leaf")
    for row, reason in zip(items, texts or [""] * len(items), strict=True):
        wanted, reached = row_values(given.rule, row, lang) if given else ("", "")
        cells = (level1, level2, row.name, "", "", wanted, reached, "", reason)
        yield keys, SheetRow(cells, "target")


def _walk(
    node: NodeResult,
    path: list[NodeResult],
    inputs: dict[str, LeafInput],
    submission: Submission,
    lang: Lang,
) -> Iterator[Keyed]:
    path = [*path, node]
    if not node.children:
        yield from _leaf_rows(node, path, inputs.get(node.id), submission, lang)
        return
    for child in node.children:
        yield from _walk(child, path, inputs, submission, lang)


def _spanned(keyed: list[Keyed]) -> list[SheetRow]:
    """Each row with how many rows its 一级 and 二级 cells cover (0 under the first)."""
    rows = []
    for index, (keys, row) in enumerate(keyed):
        spans = []
        for level in (0, 1):
            wanted = keys[: level + 1]
            if index and keyed[index - 1][0][: level + 1] == wanted:
                spans.append(0)
                continue
            count = 1
            while index + count < len(keyed) and keyed[index + count][0][: level + 1] == wanted:
                count += 1
            spans.append(count)
        rows.append(SheetRow(row.cells, row.kind, (spans[0], spans[1])))
    return rows


def total_row(card: Scorecard, lang: Lang) -> SheetRow:
    """合计: the total weight and score, the rescaling arithmetic and what was taken from
    the total (the score ceiling, 指标偏离) if any, and the grade."""
    grade = text("summary", "grade", lang, {"grade": card.grade.get(lang)})
    rescaled = rescaling_sentence(card, lang)
    said = [*([rescaled] if rescaled else []), *adjustment_sentences(card, lang), grade]
    why = text("labels", "separator", lang).join(said)
    total = text("excel", "total", lang)
    cells = (total, "", "", format_points(card.total_weight), "", "", "")
    return SheetRow((*cells, format_points(card.total), why), "total")


def sheet_rows(
    card: Scorecard, submission: Submission, inputs: dict[str, LeafInput], lang: Lang
) -> list[SheetRow]:
    """The 附表's rows in rubric order, then the 合计 row."""
    keyed = [row for node in card.indicators for row in _walk(node, [], inputs, submission, lang)]
    return [*_spanned(keyed), total_row(card, lang)]
