"""Finding the submissions a batch run scores: files, directories and globs, in a stable order.

Arguments keep the order they were given. A directory is walked recursively, in sorted
order, for `*.yaml`, `*.yml` and `*.json`; hidden files and folders (`.git`, `.cache`) are
skipped, and so are rubric files found there (a rubric may sit beside the submissions that
name it). An argument that is neither a file nor a directory but contains `* ? [` is a glob.
Neither a walk nor a recursive glob follows a symlinked folder, so a link to a parent
folder or a cycle of links cannot make discovery loop; a device, FIFO or socket found
is passed on, and scoring reports it (PE016) without reading it.
Anything else is passed through as written, so scoring reports it as a file it cannot read.
The same file reached twice is scored once, where it was first reached.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from perfeval.errors import PerfevalError
from perfeval.load.files import read_input

SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json")
_GLOB_CHARS = re.compile(r"[*?\[]")
_YAML_DEPARTMENT = re.compile(rb"^department\s*:", re.MULTILINE)
_YAML_RUBRIC = re.compile(rb"^indicators\s*:\s*(#.*)?\n\s*- ", re.MULTILINE)
_JSON_DEPARTMENT = re.compile(rb'"department"\s*:')
_JSON_RUBRIC = re.compile(rb'"indicators"\s*:\s*\[')


@dataclass(frozen=True, slots=True)
class Found:
    """One submission to score, by the name shown (the path as found). `empty` marks a
    directory or glob argument that matched no submission: an error, not silence.

    Only the string is kept: a batch holds one of these per file for the whole run."""

    display: str
    empty: bool = False

    @property
    def path(self) -> Path:
        return Path(self.display)


def looks_like_rubric(raw: bytes, suffix: str) -> bool:
    """A rubric has a top-level list of indicators and no department; a submission has both
    a department and a mapping of indicators."""
    if suffix == ".json":
        return _JSON_DEPARTMENT.search(raw) is None and _JSON_RUBRIC.search(raw) is not None
    return _YAML_DEPARTMENT.search(raw) is None and _YAML_RUBRIC.search(raw) is not None


def _is_rubric_file(path: Path) -> bool:
    try:
        raw = read_input(path, str(path))
    except PerfevalError:
        return False  # scoring reports the file it cannot read
    return looks_like_rubric(raw, path.suffix.lower())


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(SUBMISSION_SUFFIXES):
                continue
            path = Path(root, name)
            if not _is_rubric_file(path):
                yield path


def _expand(argument: str) -> Iterator[Path]:
    path = Path(argument)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or not _GLOB_CHARS.search(argument):
        yield path
    else:
        for matched in _glob(argument):
            if matched.is_dir():
                yield from _walk(matched)
            elif matched.name.lower().endswith(SUBMISSION_SUFFIXES):
                yield matched


def _glob(pattern: str) -> list[Path]:
    """The paths a glob matches, sorted. `**` never enters a symlinked folder (pathlib's
    rule; `glob.glob` follows them, so a link to a parent folder, or two links to each
    other, multiplied the matches until the path got too long). As with `glob.glob`, a
    wildcard matches no hidden name unless the pattern spells the dot."""
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if _GLOB_CHARS.search(part))
    base = Path(*parts[:first]) if first else Path()
    dotted = any(part.startswith(".") for part in parts[first:])
    found = []
    for matched in base.glob(str(Path(*parts[first:]))):
        relative = matched.relative_to(base).parts
        if dotted or not any(name.startswith(".") for name in relative):
            found.append(matched)
    return sorted(found)


def _identity(path: Path) -> object:
    """The file itself (device and inode: symlinks and hard links included), or the name as
    written for a file that cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return str(path)
    return (stat.st_dev, stat.st_ino)


def discover(arguments: Iterable[str]) -> list[Found]:
    """Every submission named by `arguments`, each once, in a stable order."""
    seen: set[object] = set()
    found: list[Found] = []
    for argument in arguments:
        matched = False
        for path in _expand(argument):
            matched = True
            identity = _identity(path)
            if identity not in seen:
                seen.add(identity)
                found.append(Found(str(path)))
        if not matched:
            found.append(Found(argument, empty=True))
    return found
