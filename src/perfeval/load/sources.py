"""Finding and loading rubrics and submissions.

A submission names its rubric by bundled id or by a path relative to itself; resolution
never leaves the submission's directory tree (symlinks included) or the bundled set. A rubric
given on the command line (`--rubric`) is trusted like any argument the user types.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from perfeval.engine.plan import RubricPlan, plan_of
from perfeval.errors import (
    Diagnostic,
    InputError,
    Location,
    PerfevalError,
    RubricError,
    diagnostic,
)
from perfeval.load.document import (
    Document,
    document_of,
    load_document,
    require_mapping,
    validate,
)
from perfeval.load.files import read_input
from perfeval.load.rubric_check import check_rubric
from perfeval.load.validation import figure_notes
from perfeval.metrics import Formula
from perfeval.models.rubric import Rubric
from perfeval.models.submission import Submission

RUBRIC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadedRubric:
    """A rubric checked and planned: it owns what scoring works out once per rubric."""

    plan: RubricPlan
    sha256: str
    display: str

    @property
    def rubric(self) -> Rubric:
        return self.plan.rubric

    @property
    def formulas(self) -> Mapping[str, Formula]:
        return self.plan.formulas


@dataclass(frozen=True, slots=True)
class LoadedSubmission:
    submission: Submission
    document: Document
    notes: tuple[Diagnostic, ...] = ()  # warnings about how values were read (PE110)


@cache
def bundled_dir() -> Path:
    return Path(str(resources.files("perfeval").joinpath("rubrics")))


def bundled_ids() -> list[str]:
    return list(_bundled_ids())


@cache
def _bundled_ids() -> tuple[str, ...]:
    """The bundled set is fixed for a process; listing it once saves a glob per submission."""
    return tuple(sorted(p.stem for p in bundled_dir().glob("*.yaml")))


def load_rubric(path: Path, display: str | None = None) -> LoadedRubric:
    """Load and check a rubric; any problem is a RubricError (exit 2). Kept per absolute
    path (no stat per call: a rubric reached through a symlink is only one more entry)."""
    return _load_rubric_cached(Path(os.path.abspath(path)), display or str(path))  # noqa: PTH100


@cache
def _load_rubric_cached(path: Path, display: str) -> LoadedRubric:
    try:
        document = load_document(path, display)
        require_mapping(document, error=RubricError)
    except InputError as exc:
        raise RubricError(exc.diagnostics) from None
    rubric = validate(Rubric, document, error=RubricError)
    formulas, problems = check_rubric(rubric, document.source_map.locate)
    problems += _shadowing(rubric, document)
    if problems:
        raise RubricError(problems)
    return LoadedRubric(plan_of(rubric, formulas), document.sha256, display)


def _shadowing(rubric: Rubric, document: Document) -> list[Diagnostic]:
    """PE220 when a rubric that is not the bundled file takes a bundled rubric's id with
    other content: a local rubric may never pass itself off as a bundled one."""
    bundled = rubric_by_id(rubric.id)
    if bundled is None or bundled.resolve() == document.path.resolve():
        return []
    original = _load_rubric_cached(Path(os.path.abspath(bundled)), f"{rubric.id} (bundled)")  # noqa: PTH100
    if original.sha256 == document.sha256:
        return []
    where = document.source_map.locate(("id",))
    return [diagnostic("PE220", where, id=rubric.id, sha256=document.sha256[:12])]


def rubric_by_id(rubric_id: str) -> Path | None:
    path = bundled_dir() / f"{rubric_id}.yaml"
    return path if rubric_id in bundled_ids() else None


RUBRIC_PATH = "PERFEVAL_RUBRIC_PATH"
"""Environment variable: the folders (separated like PATH) whose rubrics a submission may
name — the bureau's own rubric folder, set in CI or on a department's machine."""


def trusted_folders() -> tuple[Path, ...]:
    """The folders `PERFEVAL_RUBRIC_PATH` names, resolved; none when it is not set."""
    listed = os.environ.get(RUBRIC_PATH, "")
    return tuple(Path(p).resolve() for p in listed.split(os.pathsep) if p.strip())


def resolve_rubric(ref: str, submission: Document) -> Path:
    """The rubric file a submission names; InputError (located at `rubric`) if not allowed.

    The rubric is the bureau's, not the submitter's (DESIGN §4.3): a submission may name a
    bundled id, or a rubric file in a folder of `PERFEVAL_RUBRIC_PATH`. A rubric file the
    submission brings along (beside it, outside every trusted folder) is refused (PE221),
    so a submission cannot score itself against lenient rules; `--rubric FILE` chooses a
    rubric whatever the submission says."""
    bundled = rubric_by_id(ref)
    if bundled is not None:
        return bundled
    folder = Path(os.path.abspath(submission.path.parent))  # noqa: PTH100
    found = _rubric_named(ref, folder, trusted_folders())
    if isinstance(found, Path):
        return found
    code, params = found
    where = submission.source_map.locate(("rubric",))  # only now: positions cost a parse
    raise InputError([diagnostic(code, where, rubric=ref[:60], **params)])


@lru_cache(maxsize=256)
def _rubric_named(
    ref: str, folder: Path, trusted: tuple[Path, ...]
) -> Path | tuple[str, dict[str, str]]:
    """The rubric file `ref` names from the submission's folder, or why not (code, params).
    Asked once per folder in a batch: the files of a district share their rubric. `folder`
    is absolute, so a cached answer never depends on the working directory."""
    if not (ref.endswith(RUBRIC_SUFFIXES) or any(c in ref for c in "/\\")):
        close = difflib.get_close_matches(ref, bundled_ids(), n=1)
        return "PE217", {"suggestion": close[0] if close else ", ".join(bundled_ids())}
    candidate = (folder / ref).resolve()
    in_trusted = any(candidate.is_relative_to(root) for root in trusted)
    beside = not Path(ref).is_absolute() and candidate.is_relative_to(folder.resolve())
    if not (in_trusted or beside):
        return "PE218", {"variable": RUBRIC_PATH}
    if not ref.endswith(RUBRIC_SUFFIXES) or not candidate.is_file():
        return "PE219", {}
    if not in_trusted:
        return "PE221", {"variable": RUBRIC_PATH, "sha256": _digest(candidate)}
    return candidate


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(read_input(path, str(path))).hexdigest()[:12]
    except PerfevalError:
        return "—"


def rubric_for_cli(ref: str) -> tuple[Path, str]:
    """A `--rubric` argument: a bundled id or any path the user typed."""
    bundled = rubric_by_id(ref)
    if bundled is not None:
        return bundled, f"{ref} (bundled)"
    return Path(ref), ref


def load_submission(
    path: Path,
    display: str | None = None,
    *,
    raw: bytes | None = None,
    sha256: str | None = None,
) -> LoadedSubmission:
    """Load a submission: a `.json` file by the standard json parser when it is plain (see
    `json_submission`), anything else by the YAML loader. `raw`: the file's bytes as the
    caller already read them (with `read_input`; `sha256` their digest, if known), so the
    bytes scored are the bytes hashed and cached; without it the file is read here, once."""
    shown = str(path) if display is None else display
    if raw is None:
        raw = read_input(path, shown)
    if path.suffix.lower() == ".json":
        from perfeval.load.json_submission import json_submission

        fast = json_submission(raw, path, shown, sha256)
        if fast is not None:
            submission, document = fast
            notes = figure_notes(submission.data, document.source_map)
            return LoadedSubmission(submission, document, tuple(notes))
    document = document_of(raw, path, shown, sha256=sha256)
    require_mapping(document)
    notes = []
    submission = validate(Submission, document, notes=notes)
    notes += figure_notes(submission.data, document.source_map)
    return LoadedSubmission(submission, document, tuple(notes))


def rubric_location(loaded: LoadedSubmission) -> Location:
    return loaded.document.source_map.locate(("rubric",))
