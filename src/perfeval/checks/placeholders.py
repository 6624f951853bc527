"""Text left to fill in: a placeholder `perfeval init` wrote (PE415) or a required text
left blank (PE416), both warnings — so `validate` shows them and `--strict` fails.

`perfeval init` starts every text it writes for the user to replace with the locale's
`[init] placeholder` word (待填写 / TO FILL); a submission still holding one was not
finished, however well it scores. A name, a duty, a task, a problem or a measure that is
only spaces is the same kind of gap (an empty section as a whole is PE413).

Passes: `department: {name: 广州市海珠区人民政府办公室}`.
Warns: `department: {name: "待填写：部门全称"}` (PE415); `functions: ["负责…", " "]` (PE416).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from perfeval.checks.base import Path, dotted
from perfeval.errors import Diagnostic, Locate, warning
from perfeval.i18n import LANGS, catalogue
from perfeval.load.scalars import clip
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission

REQUIRED_TEXT: tuple[Path, ...] = (
    ("department", "name"),
    ("project", "name"),
)
"""Single texts that must say something when present."""

REQUIRED_ITEMS: tuple[Path, ...] = (
    ("department", "functions"),
    ("department", "tasks"),
    ("narrative", "problems"),
    ("narrative", "measures"),
)
"""Lists whose every item must say something."""


@cache
def prefixes() -> tuple[str, ...]:
    """The placeholder word of every locale `init` writes in."""
    return tuple(str(catalogue(lang)["init"]["placeholder"]) for lang in LANGS)


def _texts(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every text inside `node` (mappings, lists, models' dumps), with its path."""
    stack: list[tuple[Path, Any]] = [(path, node)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend(((*where, i), v) for i, v in enumerate(value))


def _at(data: dict[str, Any], path: Path) -> Any:
    node: Any = data
    for part in path:
        node = node.get(str(part)) if isinstance(node, dict) else None
    return node


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    data = submission.model_dump(exclude_defaults=True)
    words = prefixes()
    found = [
        warning("PE415", locate(path), path=dotted(path), value=clip(text))
        for path, text in _texts(data, ())
        if text.lstrip().startswith(words)
    ]
    for path in REQUIRED_TEXT:
        value = _at(data, path)
        if isinstance(value, str) and not value.strip():
            found.append(warning("PE416", locate(path), path=dotted(path)))
    for path in REQUIRED_ITEMS:
        items = _at(data, path)
        if isinstance(items, list) and any(isinstance(i, str) and i.strip() for i in items):
            found.extend(
                warning("PE416", locate((*path, index)), path=dotted((*path, index)))
                for index, item in enumerate(items)
                if isinstance(item, str) and not item.strip()
            )
    return sorted(found, key=lambda d: (d.location.line, d.location.col))
