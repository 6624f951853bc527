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


def _placeholders(node: Any, path: Path, words: tuple[str, ...], found: list[Path]) -> None:
    """The paths of the texts inside `node` (models, mappings, lists) that start with a
    placeholder word. Walks the models' own fields: no dump, no path for a text that is
    not one."""
    if isinstance(node, str):
        if node.lstrip().startswith(words):
            found.append(path)
    elif isinstance(node, BaseModel):
        for name, value in node.__dict__.items():
            if value is not None and not isinstance(value, Decimal | bool | int):
                _placeholders(value, (*path, name), words, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            _placeholders(value, (*path, key), words, found)
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            _placeholders(value, (*path, index), words, found)


_NO_TEXT = frozenset({type(None), Decimal, bool, int})


def _any_placeholder(root: Submission, words: tuple[str, ...]) -> bool:
    """Whether any text inside the submission starts with a placeholder word: the values
    `_placeholders` walks, without a path for each (almost no file has one, and building
    the paths was most of the walk's time); the usual types are told by `type`, quicker
    than a chain of `isinstance`."""
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in _NO_TEXT:
            continue
        if kind is str or isinstance(node, str):
            if node.lstrip().startswith(words):
                return True
        elif kind is dict or isinstance(node, dict):
            stack.extend(node.values())
        elif kind is list or kind is tuple or isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, BaseModel):
            stack.extend(node.__dict__.values())
    return False


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
    paths: list[Path] = []
    if _any_placeholder(submission, prefixes()):
        _placeholders(submission, (), prefixes(), paths)
    found = [
        warning("PE415", locate(path), path=dotted(path), value=clip(str(_at(submission, path))))
        for path in paths
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
