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

from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel

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


_NO_TEXT = frozenset({type(None), Decimal, bool, int})

Link = tuple["Link", str | int] | None
"""A value's place, as (the parent's place, its key or index); None: the submission."""


def _placeholders(root: Submission, words: tuple[str, ...]) -> list[tuple[Path, str]]:
    """The texts inside the submission (models' own fields, mappings, lists) that start
    with a placeholder word, with their paths. A text is checked where its container is
    read, and a container is walked with only a link to its parent: a path is built for a
    text that is a placeholder, never for every value (which was most of the walk's time)."""
    found: list[tuple[Path, str]] = []
    stack: list[tuple[Any, Link]] = [(root, None)]
    while stack:
        node, link = stack.pop()
        for key, value in _items(node):
            if type(value) in _NO_TEXT:
                continue
            if isinstance(value, str):
                if value.lstrip().startswith(words):
                    found.append(((*_path(link), key), value))
            else:
                stack.append((value, (link, key)))
    return found


def _items(node: Any) -> Iterable[tuple[str | int, Any]]:
    """A container's entries: a model's own fields, a mapping's items, a list's items."""
    if isinstance(node, dict):
        return node.items()
    if isinstance(node, list | tuple):
        return enumerate(node)
    if isinstance(node, BaseModel):
        return node.__dict__.items()
    return ()


def _path(link: Link) -> Path:
    parts: list[str | int] = []
    while link is not None:
        link, part = link
        parts.append(part)
    return tuple(reversed(parts))


def _at(node: Any, path: Path) -> Any:
    """What lies at `path` inside models, mappings and lists (None where nothing does)."""
    for part in path:
        if isinstance(node, BaseModel):
            node = getattr(node, str(part), None)
        elif isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list | tuple) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    found = [
        warning("PE415", locate(path), path=dotted(path), value=clip(text))
        for path, text in _placeholders(submission, prefixes())
    ]
    for path in REQUIRED_TEXT:
        value = _at(submission, path)
        if isinstance(value, str) and not value.strip():
            found.append(warning("PE416", locate(path), path=dotted(path)))
    for path in REQUIRED_ITEMS:
        items = _at(submission, path)
        if isinstance(items, list) and any(isinstance(i, str) and i.strip() for i in items):
            found.extend(
                warning("PE416", locate((*path, index)), path=dotted((*path, index)))
                for index, item in enumerate(items)
                if isinstance(item, str) and not item.strip()
            )
    return sorted(found, key=lambda d: (d.location.line, d.location.col))
