"""`perfeval compare -f json`: one document, numbers as strings (nothing lost), user text
exact (escaped the JSON way, `perfeval.render.neutral.json_text`)."""

from __future__ import annotations

from typing import Any

from perfeval import __version__
from perfeval.i18n import Lang
from perfeval.render.diagnostics import problem_data
from perfeval.run.compare import Comparison, Leaf, Pair, Side

SCHEMA_VERSION = "1"


def _side(side: Side) -> dict[str, Any]:
    return {"path": side.path, "year": side.year, "rubric": side.rubric,
            "total": str(side.total), "grade": side.grade}  # fmt: skip


def _leaf(leaf: Leaf) -> dict[str, Any]:
    return {"score": str(leaf.score), "status": leaf.status, "reasons": list(leaf.reasons)}


def _pair(pair: Pair, lang: Lang) -> dict[str, Any]:
    level, department, project = pair.new.key
    return {
        "level": level, "department": department, "project": project or None,
        "old": _side(pair.old), "new": _side(pair.new), "change": str(pair.change),
        "moved": [{"id": m.new.id, "name": m.new.name, "weight": str(m.new.weight),
                   "change": str(m.change), "old": _leaf(m.old), "new": _leaf(m.new)}
                  for m in pair.moved],
        "figures": [{"path": f.path, "stated": str(f.stated), "found": str(f.found),
                     "agrees": f.agrees} for f in pair.figures],
        "findings": [problem_data(f, lang) for f in pair.findings],
    }  # fmt: skip


def document(comparison: Comparison, lang: Lang) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "perfeval_version": __version__,
        "pairs": [_pair(pair, lang) for pair in comparison.pairs],
        "unpaired": [{"side": u.side, "path": u.path, "why": u.why,
                      "department": u.department or None} for u in comparison.unpaired],
        "problems": [problem_data(p, lang) for p in comparison.problems],
    }  # fmt: skip


def render(comparison: Comparison, lang: Lang) -> str:
    from perfeval.render.neutral import json_text

    return json_text(document(comparison, lang), indent=2) + "\n"
