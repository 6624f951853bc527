"""The result cache: an unchanged submission scored against an unchanged rubric by the same
perfeval is not parsed again — and the cache never serves what perfeval did not compute.

An entry is keyed by the sha256 of exactly the bytes scored, where the file is (shown and
resolved path), the `--rubric` override, and perfeval's version plus a fingerprint of its
own code. The rubric's content hash is stored inside the entry and checked against the
rubric file on every hit, so editing the rubric invalidates every submission scored against
it.

An entry is one file: a JSON header line, then the payload (`perfeval.run.codec`: the
outcome's own header line, then the Scorecard's JSON). The header holds the key and two
HMAC-SHA256 tags under the cache secret (`perfeval.run.cache_home.cache_secret`, kept
outside the cache folder): one over the key, the rubric it was scored against and the
outcome's header, one over the key and the Scorecard. A hit needs the key and the first tag
to match and the header to decode; a run that shows the tree also needs the second tag and
the Scorecard to validate. Anything else — a truncated, corrupted, foreign or forged entry
(an edited entry with recomputed digests, a cache restored from an untrusted branch) — is a
miss: the file is scored again and the entry rewritten. The cache is only ever an
optimisation: an unwritable cache directory, or no secret, just means no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import perfeval
from perfeval.run.cache_home import ENTRIES, cache_secret, default_cache_dir
from perfeval.run.codec import encode, outcome_of
from perfeval.run.outcome import FileOutcome, Outcome, as_view, holds_tree
from perfeval.run.score import Read, read_once, score_file

ENTRY_FORMAT = "perfeval-cache/5"


def open_cache(folder: Path | None) -> ResultCache | None:
    """The cache in `folder` (else the platform's cache folder), or None without a secret."""
    secret = cache_secret()
    return None if secret is None else ResultCache(folder or default_cache_dir(), secret)


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


def entry_key(sha256: str, found_path: Path, display: str, rubric: str | None) -> str:
    """The key of one submission's entry: `sha256` is the digest of exactly the bytes
    scored; every other input that can change the outcome is in it too."""
    parts = [
        ENTRY_FORMAT,
        perfeval.__version__,
        code_fingerprint(),
        sha256,
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


def _tag(secret: bytes, *parts: bytes) -> str:
    """HMAC-SHA256 of the parts, each length-prefixed (no two splits give one message)."""
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big") + part)
    return mac.hexdigest()


@dataclass(frozen=True, slots=True)
class ResultCache:
    """Entries under `root/v1/<2 hex>/<key>`, authenticated with `secret`."""

    root: Path
    secret: bytes

    def entry_path(self, key: str) -> Path:
        return self.root / ENTRIES / key[:2] / key

    def _head_tag(self, key: str, rubric: object, head: bytes) -> str:
        described = json.dumps([ENTRY_FORMAT, key, rubric]).encode()
        return _tag(self.secret, b"head", described, head)

    def read(self, key: str, view: type[Outcome]) -> Outcome | None:
        """The cached outcome, or None for a miss, a bad or forged entry or a changed
        rubric. A headline-only read checks (and decodes) the outcome's header alone."""
        try:
            entry, _, payload = self.entry_path(key).read_bytes().partition(b"\n")
            header = json.loads(entry)
            if header.get("format") != ENTRY_FORMAT or header.get("key") != key:
                return None
            head, _, body = payload.partition(b"\n")
            rubric = header["rubric"]
            expected = self._head_tag(key, rubric, head)
            if not hmac.compare_digest(str(header["head_mac"]), expected):
                return None
            tree = holds_tree(view)
            body_mac = _tag(self.secret, b"body", key.encode(), body) if tree else ""
            if tree and not hmac.compare_digest(str(header["body_mac"]), body_mac):
                return None
            if rubric is not None and _file_sha256(str(rubric["path"])) != rubric["sha256"]:
                return None
            return outcome_of(head, body if tree else None, view)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # pydantic's ValidationError is a ValueError

    def write(self, key: str, outcome: FileOutcome) -> None:
        """Store an outcome; failures are ignored (the cache is only an optimisation), and
        the temporary file is removed whatever stops the write (an interrupt included)."""
        rubric = None
        if outcome.scorecard is not None:
            if outcome.rubric_path is None:
                return
            rubric_file = str(outcome.rubric_path.resolve())
            rubric = {"path": rubric_file, "sha256": outcome.scorecard.rubric.sha256}
        payload = encode(outcome)
        head, _, body = payload.partition(b"\n")
        header = {"format": ENTRY_FORMAT, "key": key, "rubric": rubric,
                  "head_mac": self._head_tag(key, rubric, head),
                  "body_mac": _tag(self.secret, b"body", key.encode(), body)}  # fmt: skip
        target = self.entry_path(key)
        temporary = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n" + payload)
            Path(temporary).replace(target)
            temporary = None
        except OSError:
            return
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


_OWN_PROBLEMS = ("PE0", "PE1")  # file, YAML and validation problems: the bytes alone decide


def _cacheable(outcome: FileOutcome, read: Read) -> bool:
    """Scored outcomes of exactly these bytes, and files that failed before any rubric was
    involved; never a rubric problem or an unreadable file (those depend on other files)."""
    if outcome.cannot_run:
        return False
    if outcome.scorecard is not None:
        return outcome.scorecard.submission.sha256 == read.sha256
    return all(p.code.startswith(_OWN_PROBLEMS) for p in outcome.problems)


def probe(
    read: Read, path: Path, display: str, rubric: str | None, store: ResultCache,
    view: type[Outcome],
) -> Outcome | None:  # fmt: skip
    """The cached outcome for these bytes of this file, or None (then they must be scored)."""
    return store.read(entry_key(read.sha256, path, display, rubric), view)


def score_and_store(
    path: Path, display: str, rubric: str | None, store: ResultCache | None,
    read: Read | None = None,
) -> FileOutcome:  # fmt: skip
    """`score_file` of `read` (the file is read here when it is not given), and the outcome
    kept for next time, under the key of exactly those bytes, when it may be."""
    if read is None:
        got = read_once(path, display)
        if isinstance(got, FileOutcome):
            return got
        read = got
    outcome = score_file(path, display, rubric, read)
    if store is not None and _cacheable(outcome, read):
        store.write(entry_key(read.sha256, path, display, rubric), outcome)
    return outcome


def score_cached(
    path: Path, display: str, rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Outcome:
    """`score_file`, answered from the cache when the same inputs were scored before, as
    `view` (`FileOutcome`, or `HeadlineOutcome` for a run that shows no tree). The file is
    read once: the bytes looked up are the bytes scored and stored."""
    got = read_once(path, display)
    if isinstance(got, FileOutcome):
        return as_view(got, view)
    hit = None if store is None else probe(got, path, display, rubric, store, view)
    if hit is not None:
        return hit
    return as_view(score_and_store(path, display, rubric, store, got), view)
