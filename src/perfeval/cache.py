"""The result cache: an unchanged submission scored against an unchanged rubric by the same
perfeval is not parsed again.

An entry is keyed by the sha256 of the submission's bytes, where it is (shown and resolved
path), the `--rubric` override, and perfeval's version plus a fingerprint of its own code.
The rubric's content hash is stored inside the entry and checked against the rubric file on
every hit, so editing the rubric invalidates every submission scored against it.

An entry is one file: a JSON header line, then the payload. The header holds the key and the
sha256 of the payload; a hit needs both to match and the payload to validate as a
`FileOutcome` (its Scorecard included). Anything else — a truncated, corrupted, foreign or
tampered entry — is a miss: the file is scored again and the entry rewritten. The cache is
only ever an optimisation: an unwritable cache directory just means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import TypeAdapter

import perfeval
from perfeval.run import FileOutcome, score_file

ENTRY_FORMAT = "perfeval-cache/1"


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/perfeval`, else `~/.cache/perfeval`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "perfeval"


@cache
def code_fingerprint() -> str:
    """Changes whenever perfeval's own files change (an editable install being worked on)."""
    root = Path(perfeval.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml", ".yaml") and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def entry_key(raw: bytes, found_path: Path, display: str, rubric: str | None) -> str:
    """The key of one submission's entry; every input that can change its outcome is in it."""
    parts = [
        ENTRY_FORMAT,
        perfeval.__version__,
        code_fingerprint(),
        hashlib.sha256(raw).hexdigest(),
        display,
        str(found_path.resolve()),
        "" if rubric is None else str(Path(rubric).resolve()) + "\0" + rubric,
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


@cache
def _outcome_codec() -> TypeAdapter[FileOutcome]:
    return TypeAdapter(FileOutcome)


def encode(outcome: FileOutcome) -> bytes:
    """An outcome as JSON bytes (the cache payload, and what crosses from a worker process).

    Every field of `FileOutcome` is kept, whatever fields it grows, so a cached outcome is
    the outcome: the same scorecard, problems, rubric path and grades.
    """
    return _outcome_codec().dump_json(outcome)


def decode(payload: bytes) -> FileOutcome:
    """The outcome `encode` wrote; raises a ValueError (pydantic's) if it is not one."""
    return _outcome_codec().validate_json(payload)


@dataclass(frozen=True, slots=True)
class ResultCache:
    """Entries under `root/v1/<2 hex>/<key>`."""

    root: Path

    def entry_path(self, key: str) -> Path:
        return self.root / "v1" / key[:2] / key

    def read(self, key: str) -> FileOutcome | None:
        """The cached outcome, or None for a miss, a bad entry or a changed rubric."""
        try:
            head, _, payload = self.entry_path(key).read_bytes().partition(b"\n")
            header = json.loads(head)
            if header.get("format") != ENTRY_FORMAT or header.get("key") != key:
                return None
            if header.get("sha256") != hashlib.sha256(payload).hexdigest():
                return None
            rubric = header.get("rubric")
            if rubric is not None and _file_sha256(str(rubric["path"])) != rubric["sha256"]:
                return None
            return decode(payload)
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
        header = {"format": ENTRY_FORMAT, "key": key, "rubric": rubric,
                  "sha256": hashlib.sha256(payload).hexdigest()}  # fmt: skip
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


def score_cached(
    path: Path, display: str, rubric: str | None, store: ResultCache | None
) -> FileOutcome:
    """`score_file`, answered from the cache when the same inputs were scored before."""
    if store is None:
        return score_file(path, display, rubric)
    try:
        raw = path.read_bytes()
    except OSError:
        return score_file(path, display, rubric)
    key = entry_key(raw, path, display, rubric)
    hit = store.read(key)
    if hit is not None:
        return hit
    outcome = score_file(path, display, rubric)
    if _cacheable(outcome, raw):
        store.write(key, outcome)
    return outcome
