"""`perfeval rubric list | show | check`: the bundled rubrics, one rubric's weighted tree
with each leaf's effective share and 评分标准, and rubric validation."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from perfeval.engine.examples import review_rubric
from perfeval.errors import PerfevalError, Severity
from perfeval.i18n import Lang, text
from perfeval.load.sources import bundled_ids, load_rubric, rubric_for_cli
from perfeval.models.rubric import Group, Leaf, Rubric
from perfeval.render.diagnostics import format_diagnostics
from perfeval.render.neutral import neutral
from perfeval.render.wording import format_percent, format_points


def list_rubrics(lang: Lang) -> tuple[str, int]:
    """One line per bundled rubric; a broken one is reported, not fatal to the listing."""
    lines, problems, code = [], "", 0
    for rubric_id in bundled_ids():
        path, display = rubric_for_cli(rubric_id)
        try:
            rubric = load_rubric(path, display).rubric
        except PerfevalError as exc:
            problems += format_diagnostics(exc.diagnostics, lang)
            code = int(exc.exit_code)
            continue
        shown = neutral(f"{rubric.level}\t{rubric.version}\t{rubric.title.get(lang)}")
        lines.append(f"{rubric_id}\t{shown}")
    return "\n".join(lines) + "\n" + problems, code


def _branch(tree: Tree, node: Group | Leaf, total: Decimal, lang: Lang) -> None:
    share = format_percent((node.weight / total).quantize(Decimal("0.0001")))
    named = neutral(f"{node.name.get(lang)} [{node.id}]")
    head = f"{named} {format_points(node.weight)} ({share})"
    if isinstance(node, Leaf):
        branch = tree.add(Text(f"{head} · {node.rule.type}"))
        branch.add(Text(neutral(node.criteria.get(lang))))
        return
    branch = tree.add(Text(head))
    for child in node.children:
        _branch(branch, child, total, lang)


def rubric_tree(rubric: Rubric, lang: Lang) -> Tree:
    named = neutral(f"{rubric.title.get(lang)} ({rubric.id} {rubric.version})")
    title = f"{named} — {format_points(rubric.total)}"
    tree = Tree(Text(title))
    for node in rubric.indicators:
        _branch(tree, node, rubric.total, lang)
    return tree


def show_rubric(ref: str, lang: Lang) -> tuple[str, int]:
    path, display = rubric_for_cli(ref)
    try:
        rubric = load_rubric(path, display).rubric
    except PerfevalError as exc:
        return format_diagnostics(exc.diagnostics, lang), int(exc.exit_code)
    buffer = io.StringIO()
    Console(file=buffer, width=120, no_color=True, highlight=False).print(rubric_tree(rubric, lang))
    source = neutral(rubric.source.get(lang))
    return buffer.getvalue() + source + "\n", 0


def check_rubric_file(path: Path, lang: Lang) -> tuple[str, int]:
    try:
        loaded = load_rubric(path, str(path))
    except PerfevalError as exc:
        return format_diagnostics(exc.diagnostics, lang), int(exc.exit_code)
    rubric = loaded.rubric
    problems = review_rubric(loaded, path)
    said = format_diagnostics(problems, lang) if problems else ""
    if any(problem.severity is Severity.ERROR for problem in problems):
        return said, 1
    leaves, examples = len(rubric.leaves()), len(rubric.examples)
    tested = text("rubric_check", "examples", lang, {"count": examples}) if examples else ""
    shown = {"path": neutral(str(path)), "id": neutral(rubric.id), "leaves": leaves,
             "total": format_points(rubric.total), "tested": tested}  # fmt: skip
    return f"{said}{text('rubric_check', 'ok', lang, shown)}\n", 0
