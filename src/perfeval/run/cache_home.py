"""Where the result cache lives, the secret that authenticates its entries, and its bound.

The cache folder is the platform's (`platformdirs.user_cache_path("perfeval")`:
`~/.cache/perfeval` on Linux, `~/Library/Caches/perfeval` on macOS,
`%LOCALAPPDATA%\\perfeval\\Cache` on Windows); `--cache-dir` or `PERFEVAL_CACHE_DIR` win.

Entries are authenticated with HMAC-SHA256 (`perfeval.run.cache`) under a key kept outside
the cache folder, so whoever can write the cache folder — a CI cache restored from another
branch, a shared folder — cannot make an entry perfeval will serve: `PERFEVAL_CACHE_KEY`
when set, else a per-user secret of 32 random bytes created (mode 0600) on first use in the
platform's data folder (`platformdirs.user_data_path("perfeval")/cache-key`). No usable
secret means no cache, never an unauthenticated one.

The cache holds at most `PERFEVAL_CACHE_MAX_MB` megabytes (default 512): a run that wrote
entries prunes the oldest first, down to nine tenths of the bound, checking the folder's
size at most once every `PRUNE_EVERY` seconds (and always after writing `PRUNE_AFTER`
entries), so a warm run never walks the cache.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

KEY_VARIABLE = "PERFEVAL_CACHE_KEY"
SIZE_VARIABLE = "PERFEVAL_CACHE_MAX_MB"
DEFAULT_MAX_MB = 512
PRUNE_EVERY = 600  # seconds
PRUNE_AFTER = 1000  # entries written by one run
ENTRIES = "v1"  # the entries' folder under the cache root


def default_cache_dir() -> Path:
    """The platform's cache folder for perfeval."""
    import platformdirs

    return platformdirs.user_cache_path("perfeval", appauthor=False)


def key_file() -> Path:
    """Where the per-user secret is kept: the platform's data folder, never the cache's."""
    import platformdirs

    return platformdirs.user_data_path("perfeval", appauthor=False) / "cache-key"


@cache
def cache_secret() -> bytes | None:
    """The key entries are authenticated with: `PERFEVAL_CACHE_KEY`, else the per-user
    secret (created on first use); None when neither can be had (then no cache)."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return given.encode("utf-8")
    try:
        return _own_secret(key_file())
    except OSError:
        return None


def _own_secret(path: Path) -> bytes | None:
    """The secret in `path`, created 0600 if absent (two processes racing keep one: the
    file is written beside, then linked into place, never overwritten). A secret others
    can read or write is not used."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, secrets.token_hex(32).encode())
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: its secret is the one
        finally:
            temporary.unlink(missing_ok=True)
    status = path.stat()
    if os.name == "posix" and status.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return None
    secret = path.read_bytes().strip()
    return secret if len(secret) >= 32 else None


def max_bytes() -> int:
    """The cache's bound in bytes (`PERFEVAL_CACHE_MAX_MB`, default 512)."""
    value = os.environ.get(SIZE_VARIABLE, "")
    megabytes = int(value) if value.isdigit() else DEFAULT_MAX_MB
    return megabytes * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Usage:
    """What the cache folder holds: entries and their total size in bytes."""

    entries: int
    size: int


def _entries(root: Path) -> list[os.DirEntry[str]]:
    found: list[os.DirEntry[str]] = []
    try:
        with os.scandir(root / ENTRIES) as folders:
            shards = [f.path for f in folders if f.is_dir(follow_symlinks=False)]
    except OSError:
        return found
    for shard in shards:
        try:
            with os.scandir(shard) as files:
                found += [f for f in files if f.is_file(follow_symlinks=False)]
        except OSError:
            continue
    return found


def usage(root: Path) -> Usage:
    entries = _entries(root)
    return Usage(len(entries), sum(_size(e) for e in entries))


def _size(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return 0


def _mtime(entry: os.DirEntry[str]) -> float:
    try:
        return entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def clear(root: Path) -> Usage:
    """Remove every entry (and leftover temporary file); what was removed."""
    removed = 0
    size = 0
    for entry in _entries(root):
        try:
            entry_size = _size(entry)
            Path(entry.path).unlink()
        except OSError:
            continue
        removed += 1
        size += entry_size
    return Usage(removed, size)


def prune(root: Path, written: int, limit: int | None = None) -> int:
    """After a run that wrote `written` entries: when due, remove the oldest entries until
    the cache holds at most nine tenths of its bound. The number removed."""
    stamp = root / ENTRIES / ".pruned"
    if written == 0 or (written < PRUNE_AFTER and not _due(stamp)):
        return 0
    bound = max_bytes() if limit is None else limit
    entries = _entries(root)
    total = sum(_size(e) for e in entries)
    removed = 0
    if total > bound:
        for entry in sorted(entries, key=_mtime):
            if total <= bound * 9 // 10:
                break
            total -= _size(entry)
            try:
                Path(entry.path).unlink()
                removed += 1
            except OSError:
                continue
    with contextlib.suppress(OSError):
        stamp.touch()
    return removed


def _due(stamp: Path) -> bool:
    try:
        return time.time() - stamp.stat().st_mtime >= PRUNE_EVERY
    except OSError:
        return True
