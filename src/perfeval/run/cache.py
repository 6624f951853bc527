"""The result cache: an unchanged submission scored against an unchanged rubric by the same
perfeval is not parsed again.

An entry is keyed by the sha256 of the submission's bytes, where it is (shown and resolved
path), the `--rubric` override, and perfeval's version plus a fingerprint of its own code.
The rubric's content hash is stored inside the entry and checked against the rubric file on
every hit, so editing the rubric invalidates every submission scored against it.

An entry is one file: a JSON header line, then the payload — the outcome's own header line
(path, problems, headline) and the Scorecard's JSON. The entry header holds the key and a
sha256 of each payload part; a hit needs the key and the outcome header's digest to match
and that header to decode (`perfeval.run.headline` checks its shape). A run that shows the
tree also needs the Scorecard's digest to match and the Scorecard to validate
(`Scorecard.model_validate_json`); a headline-only run neither reads it into models nor
brings it along. Anything else — a truncated, corrupted, foreign or tampered entry — is a
miss: the file is scored again and the entry rewritten. The cache is only ever an
optimisation: an unwritable cache directory just means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

import perfeval
from perfeval.errors import Diagnostic, Location, PerfevalError, Severity
from perfeval.load.files import read_input
from perfeval.run.headline import Headline
from perfeval.run.outcome import Card, FileOutcome, HeadlineOutcome, Outcome, as_view, holds_tree
from perfeval.run.score import score_file

ENTRY_FORMAT = "perfeval-cache/3"


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/perfeval`, else `~/.cache/perfeval`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "perfeval"


@cache
def code_fingerprint() -> str:
    """Changes whenever perfeval's own files change (an editable install being worked on)."""
    root = Path(perfeval.__file__).parent
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml", ".yaml")):
                path = os.path.join(folder, name)  # noqa: PTH118  # os.walk gives strings
                stat = os.stat(path)  # noqa: PTH116
                where = os.path.relpath(path, root)
                digest.update(f"{where}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def entry_key(raw: bytes, found_path: Path, display: str, rubric: str | None) -> str:
    """The key of one submission's entry; every input that can change its outcome is in it."""
    parts = [
        ENTRY_FORMAT,
        perfeval.__version__,
        code_fingerprint(),
        hashlib.sha256(raw).hexdigest(),
        display,
        os.path.abspath(found_path),  # noqa: PTH100  # where it is, as reached (no stat)
        "" if rubric is None else str(Path(rubric).resolve()) + "\0" + rubric,
        os.environ.get("PERFEVAL_RUBRIC_PATH", ""),  # which rubrics a submission may name
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file_sha256(path: str) -> str | None:
    """A rubric's content hash; hashed again only when the file's size or mtime changes."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _hash_file(path, stat.st_size, stat.st_mtime_ns)


@cache
def _hash_file(path: str, size: int, mtime_ns: int) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


CODED_FIELDS = ("path", "problems", "cannot_run", "rubric_path", "headline", "card")
"""Every field of `FileOutcome` the codec keeps: all but the gate findings, which belong to
a run's gates, not to the file (a test fails when the two disagree)."""


def _problem_data(found: Diagnostic) -> dict[str, Any]:
    where = found.location
    return {"code": found.code, "file": where.file, "line": where.line, "col": where.col,
            "params": found.params, "severity": found.severity.value}  # fmt: skip


def _problem(data: dict[str, Any]) -> Diagnostic:
    where = Location(str(data["file"]), int(data["line"]), int(data["col"]))
    params = {str(k): str(v) for k, v in dict(data["params"]).items()}
    return Diagnostic(str(data["code"]), where, params, Severity(data["severity"]))


def encode(outcome: HeadlineOutcome, tree: bool = True) -> bytes:
    """An outcome as bytes (the cache payload, and what crosses from a worker process): a
    JSON header line with the outcome's own fields and headline, then the Scorecard's JSON
    — unless `tree` is off (a headline-only run: the scorecard stays behind)."""
    card = outcome.card if isinstance(outcome, FileOutcome) else None
    headline = outcome.headline
    header = {
        "path": outcome.path,
        "cannot_run": outcome.cannot_run,
        "rubric_path": None if outcome.rubric_path is None else str(outcome.rubric_path),
        "headline": None if headline is None else headline.to_json(),
        "problems": [_problem_data(p) for p in outcome.problems],
        "tree": tree,
    }
    body = card.json() if card is not None and tree else b""
    return json.dumps(header, ensure_ascii=False).encode() + b"\n" + body


def decode(payload: bytes, view: type[Outcome]) -> Outcome:
    """The outcome `encode` wrote, as `view` (`FileOutcome` or `HeadlineOutcome`); raises
    ValueError (pydantic's included) if it is not one, or if `view` needs the scorecard and
    the payload left it behind. A `FileOutcome`'s scorecard is validated now."""
    head, _, body = payload.partition(b"\n")
    return _outcome(head, body, view)


def _outcome(head: bytes, body: bytes | None, view: type[Outcome]) -> Outcome:
    """`decode`'s work; `body` None: the scorecard was not brought along (a cache entry read
    for its headline only, whose body is neither read into models nor checked)."""
    header = json.loads(head)
    data = header["headline"]
    headline = None if data is None else Headline.from_json(data)
    carried = header["tree"] is True and body is not None
    if not carried and body:
        raise ValueError("a headline-only outcome with a body")
    if carried and (headline is None) != (not body):
        raise ValueError("a scorecard comes with its headline")
    rubric_path = header["rubric_path"]
    fields: dict[str, Any] = {
        "path": _text(header["path"]),
        "problems": tuple(_problem(p) for p in header["problems"]),
        "cannot_run": header["cannot_run"] is True,
        "rubric_path": None if rubric_path is None else Path(_text(rubric_path)),
        "headline": headline,
    }
    if not holds_tree(view):
        return cast(Outcome, HeadlineOutcome(**fields))
    if not carried:
        raise ValueError("a headline-only outcome where the tree is needed")
    card = Card(json=body) if body else None
    if card is not None:
        card.get()
    return cast(Outcome, FileOutcome(**fields, card=card))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


@dataclass(frozen=True, slots=True)
class ResultCache:
    """Entries under `root/v1/<2 hex>/<key>`."""

    root: Path

    def entry_path(self, key: str) -> Path:
        return self.root / "v1" / key[:2] / key

    def read(self, key: str, view: type[Outcome]) -> Outcome | None:
        """The cached outcome, or None for a miss, a bad entry or a changed rubric. The
        outcome's header and its scorecard have a digest each: a headline-only read checks
        (and decodes) the header alone."""
        try:
            entry, _, payload = self.entry_path(key).read_bytes().partition(b"\n")
            header = json.loads(entry)
            if header.get("format") != ENTRY_FORMAT or header.get("key") != key:
                return None
            head, _, body = payload.partition(b"\n")
            if header["head_sha256"] != hashlib.sha256(head).hexdigest():
                return None
            tree = holds_tree(view)
            if tree and header["body_sha256"] != hashlib.sha256(body).hexdigest():
                return None
            rubric = header["rubric"]
            if rubric is not None and _file_sha256(str(rubric["path"])) != rubric["sha256"]:
                return None
            return _outcome(head, body if tree else None, view)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # pydantic's ValidationError is a ValueError

    def write(self, key: str, outcome: FileOutcome) -> None:
        """Store an outcome; failures are ignored (the cache is only an optimisation)."""
        rubric = None
        if outcome.scorecard is not None:
            if outcome.rubric_path is None:
                return
            rubric_file = str(outcome.rubric_path.resolve())
            rubric = {"path": rubric_file, "sha256": outcome.scorecard.rubric.sha256}
        payload = encode(outcome)
        head, _, body = payload.partition(b"\n")
        header = {"format": ENTRY_FORMAT, "key": key, "rubric": rubric,
                  "head_sha256": hashlib.sha256(head).hexdigest(),
                  "body_sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
        target = self.entry_path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n" + payload)
            Path(temporary).replace(target)
        except OSError:
            return


_OWN_PROBLEMS = ("PE0", "PE1")  # file, YAML and validation problems: the bytes alone decide


def _cacheable(outcome: FileOutcome, raw: bytes) -> bool:
    """Scored outcomes of exactly these bytes, and files that failed before any rubric was
    involved; never a rubric problem or an unreadable file (those depend on other files)."""
    if outcome.cannot_run:
        return False
    if outcome.scorecard is not None:
        return outcome.scorecard.submission.sha256 == hashlib.sha256(raw).hexdigest()
    return all(p.code.startswith(_OWN_PROBLEMS) for p in outcome.problems)


def probe(
    path: Path, display: str, rubric: str | None, store: ResultCache, view: type[Outcome]
) -> Outcome | None:
    """The cached outcome for this file as it is now, or None (then it must be scored)."""
    try:
        raw = read_input(path, display)  # a regular file within the size cap, or no hit
    except PerfevalError:
        return None
    return store.read(entry_key(raw, path, display, rubric), view)


def score_and_store(
    path: Path, display: str, rubric: str | None, store: ResultCache | None
) -> FileOutcome:
    """`score_file`, and the outcome kept for next time when it may be."""
    outcome = score_file(path, display, rubric)
    if store is None:
        return outcome
    try:
        raw = read_input(path, display)
    except PerfevalError:
        return outcome
    if _cacheable(outcome, raw):
        store.write(entry_key(raw, path, display, rubric), outcome)
    return outcome


def score_cached(
    path: Path, display: str, rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Outcome:
    """`score_file`, answered from the cache when the same inputs were scored before, as
    `view` (`FileOutcome`, or `HeadlineOutcome` for a run that shows no tree)."""
    hit = None if store is None else probe(path, display, rubric, store, view)
    if hit is not None:
        return hit
    return as_view(score_and_store(path, display, rubric, store), view)
