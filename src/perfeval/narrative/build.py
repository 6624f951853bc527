"""Assembling the `Report` from a Scorecard and the submission's own paragraphs.

The department's paragraphs are carried verbatim; sentences that come from numbers are
worded by `sentences`; the outline's headings come from the locale. A deduction that no
submitted problem mentions (by the indicator's name) gets a proposed problem worded from
the rubric's 评分标准, marked as generated.
"""

from __future__ import annotations

from perfeval.i18n import Lang
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.submission import Submission
from perfeval.narrative import sentences
from perfeval.narrative.model import Analysis, Bar, Chart, Problem, Report, ScoreRow
from perfeval.narrative.words import group_words, level_word, ordinal, share, word
from perfeval.render.wording import format_points, reasons, subject


def build_report(card: Scorecard, submission: Submission, lang: Lang) -> Report:
    """The whole report; nothing here computes a score."""
    narrative = submission.narrative
    headings = _headings(card, lang)
    finance = (
        sentences.execution(card, lang),
        sentences.overview(card, submission, lang),
        sentences.progress(card, lang),
    )
    return Report(
        lang=lang,
        title=headings["title"],
        department=subject(card),
        headings=headings,
        labels=group_words(lang, "labels"),
        functions=tuple(submission.department.functions),
        tasks=tuple(submission.department.tasks),
        goal=submission.department.goal,
        finance=tuple(s for s in finance if s is not None),
        performance_management=narrative.performance_management,
        conclusion=_conclusion(card, submission, lang),
        analyses=tuple(
            _analysis(node, i, submission, lang) for i, node in enumerate(card.indicators)
        ),
        problems=problems(card, submission, lang),
        measures=tuple(narrative.measures),
        score_rows=tuple(score_rows(card, lang)),
        total_line=_total_line(card, lang),
        footer=word(
            lang, "sentences", "footer", rubric=card.rubric.id, version=card.rubric.version
        ),
        charts=charts(card, lang),
    )


def _headings(card: Scorecard, lang: Lang) -> dict[str, str]:
    headings = group_words(lang, "headings")
    headings["title"] = word(
        lang,
        "headings",
        "title",
        year=card.submission.year or "",
        department=subject(card),
        kind=level_word(card.rubric.level, lang),
    )
    return headings


def _total_line(card: Scorecard, lang: Lang) -> str:
    return word(
        lang,
        "sentences",
        "total",
        weight=format_points(card.total_weight),
        total=format_points(card.total),
        grade=card.grade.get(lang),
    )


def _conclusion(card: Scorecard, submission: Submission, lang: Lang) -> tuple[str, ...]:
    own = submission.narrative.conclusion
    generated = sentences.conclusion(card, lang)
    return (generated, own) if own else (generated,)


def _analysis(node: NodeResult, index: int, submission: Submission, lang: Lang) -> Analysis:
    heading = word(
        lang, "headings", "analysis", ordinal=ordinal(index + 2, lang), name=node.name.get(lang)
    )
    return Analysis(
        id=node.id,
        heading=heading,
        summary=sentences.analysis(node, lang),
        paragraph=submission.narrative.analysis.get(node.id),
    )


def _mentions(problem: str, leaf: NodeResult) -> bool:
    names = {leaf.name.zh, leaf.name.en or leaf.name.zh}
    return any(name.casefold() in problem.casefold() for name in names)


def problems(card: Scorecard, submission: Submission, lang: Lang) -> tuple[Problem, ...]:
    """The submitted problems verbatim, then one proposed per deduction none of them names."""
    own = [Problem(p) for p in submission.narrative.problems]
    proposed = [
        Problem(
            word(
                lang,
                "sentences",
                "proposed_problem",
                indicator=leaf.name.get(lang),
                deducted=format_points(leaf.deducted),
                details=sentences.leaf_details(leaf, lang),
                criteria=leaf.criteria.get(lang) if leaf.criteria else "—",
            ),
            generated=True,
        )
        for leaf in sentences.deducted_leaves(card.leaves())
        if not any(_mentions(p, leaf) for p in submission.narrative.problems)
    ]
    return tuple(own + proposed)


def score_rows(card: Scorecard, lang: Lang) -> list[ScoreRow]:
    """One row per leaf of the rubric, under its first-level indicator."""
    return [
        ScoreRow(
            group=group.name.get(lang),
            indicator=leaf.name.get(lang),
            weight=format_points(leaf.weight),
            score=format_points(leaf.score),
            reasons=tuple(reasons(leaf, lang)),
            note=leaf.note or "",
        )
        for group in card.indicators
        for leaf in group.leaves()
    ]


def charts(card: Scorecard, lang: Lang) -> tuple[Chart, ...]:
    """Chart data: spending progress at the checkpoints (if any), score vs weight."""
    found = []
    points = [c for c in card.budget.checkpoints if c.progress is not None]
    if points:
        bars = tuple(
            Bar(c.label.get(lang), c.progress, c.required, share(c.progress), share(c.required))
            for c in points
            if c.progress is not None
        )
        found.append(_chart(lang, "spending", bars, percent=True))
    bars = tuple(
        Bar(g.name.get(lang), g.score, g.weight, format_points(g.score), format_points(g.weight))
        for g in card.indicators
    )
    found.append(_chart(lang, "scores", bars, percent=False))
    return tuple(found)


def _chart(lang: Lang, key: str, bars: tuple[Bar, ...], percent: bool) -> Chart:
    """Chart words come from `[report.labels]` `<key>_chart`, `<key>_value`, `<key>_reference`."""
    return Chart(
        key=key,
        title=word(lang, "labels", f"{key}_chart"),
        value_label=word(lang, "labels", f"{key}_value"),
        reference_label=word(lang, "labels", f"{key}_reference"),
        bars=bars,
        percent=percent,
    )
