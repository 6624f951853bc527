"""Assembling the `Report` from a Scorecard and the submission's own paragraphs.

The outline belongs to the rubric's level (`OUTLINES`): a department's 部门整体支出 report
(一、部门基本情况 …) or a project's 项目支出 report (一、项目概况 …), each closing with its
自评表. The department's paragraphs are carried verbatim; sentences that come from numbers
are worded by `sentences`; headings come from the locale; proposed problems from
`problems` (the rule `validate` uses). Nothing here computes a score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from perfeval.i18n import Lang
from perfeval.models.result import NodeResult, Scorecard
from perfeval.models.submission import Submission
from perfeval.narrative import sentences
from perfeval.narrative.charts_data import charts
from perfeval.narrative.model import Analysis, Block, Report, ScoreRow, Section
from perfeval.narrative.problems import problems
from perfeval.narrative.sheet import sheet_columns, sheet_rows
from perfeval.narrative.sheet_values import LeafInput
from perfeval.narrative.words import group_words, level_word, ordinal, word
from perfeval.render.wording import format_points, reasons, shown_score, subject


@dataclass(frozen=True, slots=True)
class Parts:
    """What the outline's sections are written from."""

    card: Scorecard
    submission: Submission
    lang: Lang
    headings: dict[str, str]
    missing: str


Body = Callable[[Parts], list[Block]]


def _paragraphs(texts: list[str] | tuple[str, ...], parts: Parts) -> list[Block]:
    return [Block("paragraph", t) for t in texts] or [Block("paragraph", parts.missing)]


def _functions(parts: Parts) -> list[Block]:
    functions = parts.submission.department.functions
    open_, close = ("（", "）") if parts.lang == "zh" else ("(", ") ")
    items = [f"{open_}{i}{close}{text}" for i, text in enumerate(functions, 1)]
    if not items:
        return _paragraphs([], parts)
    return _paragraphs([parts.headings["functions_list"], *items], parts)


def _tasks(parts: Parts) -> list[Block]:
    tasks = parts.submission.department.tasks
    return _paragraphs([f"{i}. {text}" for i, text in enumerate(tasks, 1)], parts)


def _goal(parts: Parts) -> list[Block]:
    goal = parts.submission.department.goal
    return _paragraphs([goal] if goal else [], parts)


def _finance(parts: Parts) -> list[Block]:
    card, submission, lang = parts.card, parts.submission, parts.lang
    found = (
        sentences.execution(card, lang),
        sentences.overview(card, submission, lang),
        sentences.progress(card, lang),
    )
    blocks = _paragraphs([s for s in found if s is not None], parts)
    if any(c.progress is not None for c in card.budget.checkpoints):
        blocks.append(Block("chart", "spending"))
    return blocks


def _management(parts: Parts) -> list[Block]:
    text = parts.submission.narrative.performance_management
    return _paragraphs([text] if text else [], parts)


def _project(parts: Parts) -> list[Block]:
    project, lang = parts.submission.project, parts.lang
    department = parts.submission.department.name
    name = project.name if project else department
    found = [word(lang, "sentences", "project_lead", project=name, department=department)]
    if project is not None and project.category:
        found.append(word(lang, "sentences", "project_category", category=project.category))
    lead = "".join(found) if lang == "zh" else " ".join(found)
    described = [project.description] if project and project.description else []
    tasks = parts.submission.department.tasks
    items = [f"{i}. {text}" for i, text in enumerate(tasks, 1)]
    return _paragraphs([lead, *described, *items], parts)


def _conclusion(parts: Parts) -> list[Block]:
    own = parts.submission.narrative.conclusion
    texts = [sentences.conclusion(parts.card, parts.lang), *([own] if own else [])]
    return [*_paragraphs(texts, parts), Block("chart", "scores")]


def _problems(parts: Parts) -> list[Block]:
    found = problems(parts.card, parts.submission.narrative.problems, parts.lang)
    blocks = [Block("generated" if p.generated else "paragraph", p.text) for p in found]
    return blocks or _paragraphs([], parts)


def _measures(parts: Parts) -> list[Block]:
    return _paragraphs(parts.submission.narrative.measures, parts)


ANALYSES = (
    "analyses"  # the outline's place for 二、(二)(三)…: one section per first-level indicator
)
Outline = tuple[tuple[str, int, Body | None], ...]
_HEAD: Outline = (("evaluation", 1, None), ("conclusion", 2, _conclusion))
_TAIL: Outline = (("problems", 1, _problems), ("measures", 1, _measures))
OUTLINES: dict[str, Outline] = {
    "department": (
        ("basics", 1, None),
        ("functions", 2, _functions),
        ("tasks", 2, _tasks),
        ("goal", 2, _goal),
        ("finance", 2, _finance),
        ("management", 2, _management),
        *_HEAD,
        (ANALYSES, 2, None),
        *_TAIL,
    ),
    "project": (
        ("project_overview", 1, None),
        ("project_basics", 2, _project),
        ("project_funds", 2, _finance),
        ("project_goal", 2, _goal),
        ("project_management", 2, _management),
        *_HEAD,
        (ANALYSES, 2, None),
        *_TAIL,
    ),
}
"""Each level's outline: (heading key of `[report.headings]`, depth, what the body holds)."""


def _analysis(node: NodeResult, index: int, parts: Parts) -> Analysis:
    lang = parts.lang
    heading = word(
        lang, "headings", "analysis", ordinal=ordinal(index + 2, lang), name=node.name.get(lang)
    )
    return Analysis(
        id=node.id,
        heading=heading,
        summary=sentences.analysis(node, lang),
        paragraph=parts.submission.narrative.analysis.get(node.id),
    )


def _sections(parts: Parts, analyses: tuple[Analysis, ...]) -> tuple[Section, ...]:
    found = []
    for key, depth, body in OUTLINES.get(parts.card.rubric.level, OUTLINES["department"]):
        if key == ANALYSES:
            found += [
                Section(
                    a.id,
                    a.heading,
                    depth,
                    tuple(_paragraphs([a.summary, *([a.paragraph] if a.paragraph else [])], parts)),
                )
                for a in analyses
            ]
            continue
        blocks = tuple(body(parts)) if body is not None else ()
        found.append(Section(key, parts.headings[key], depth, blocks))
    return tuple(found)


def _headings(card: Scorecard, submission: Submission, lang: Lang) -> dict[str, str]:
    headings = group_words(lang, "headings")
    values = {
        "year": card.submission.year or "",
        "department": subject(card),
        "kind": level_word(card.rubric.level, lang),
        "project": card.submission.project or submission.department.name,
    }
    project = card.rubric.level == "project"
    headings["title"] = word(lang, "headings", "project_title" if project else "title", **values)
    values["department"] = submission.department.name
    headings["project_unit"] = word(lang, "headings", "project_unit", **values)
    headings["annex"] = headings["project_annex" if project else "annex"]
    return headings


def build_report(
    card: Scorecard, submission: Submission, lang: Lang, inputs: dict[str, LeafInput]
) -> Report:
    """The whole report; `inputs` are the leaves' figures for 指标值/完成值 (`sheet_values`)."""
    headings = _headings(card, submission, lang)
    labels = group_words(lang, "labels")
    parts = Parts(card, submission, lang, headings, labels["not_provided"])
    analyses = tuple(_analysis(node, i, parts) for i, node in enumerate(card.indicators))
    return Report(
        lang=lang,
        title=headings["title"],
        department=subject(card),
        headings=headings,
        labels=labels,
        functions=tuple(submission.department.functions),
        tasks=tuple(submission.department.tasks),
        goal=submission.department.goal,
        finance=tuple(b.text for b in _finance(parts) if b.kind == "paragraph"),
        performance_management=submission.narrative.performance_management,
        conclusion=tuple(b.text for b in _conclusion(parts) if b.kind == "paragraph"),
        analyses=analyses,
        problems=problems(card, submission.narrative.problems, lang),
        measures=tuple(submission.narrative.measures),
        score_rows=tuple(score_rows(card, lang)),
        total_line=_total_line(card, lang),
        footer=word(
            lang, "sentences", "footer", rubric=card.rubric.id, version=card.rubric.version
        ),
        charts=charts(card, lang),
        level=card.rubric.level,
        sections=_sections(parts, analyses),
        annex=headings["annex"],
        sheet_columns=sheet_columns(lang),
        sheet_rows=tuple(sheet_rows(card, submission, inputs, lang)),
    )


def _total_line(card: Scorecard, lang: Lang) -> str:
    return word(
        lang,
        "sentences",
        "total",
        weight=format_points(card.total_weight),
        total=format_points(card.total),
        grade=card.grade.get(lang),
    )


def score_rows(card: Scorecard, lang: Lang) -> list[ScoreRow]:
    """One row per leaf under its first-level indicator (the short table of `score_rows`,
    kept for user templates; the bundled ones show `sheet_rows`)."""
    return [
        ScoreRow(
            group=group.name.get(lang),
            indicator=leaf.name.get(lang),
            weight=format_points(leaf.weight),
            score=shown_score(leaf),
            reasons=tuple(reasons(leaf, lang)),
            note=leaf.note or "",
        )
        for group in card.indicators
        for leaf in group.leaves()
    ]
