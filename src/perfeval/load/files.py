"""Reading an input file: regular files only, at most the size cap, with one `stat`.

Every input perfeval reads (a submission, a rubric, a form) is opened once and checked
with `fstat` on the open descriptor before a byte is read: a device (`/dev/zero`), a FIFO
or a socket is refused (PE016) instead of read forever, and a file over the cap is refused
(PE004) without reading it. The bytes read are what is parsed, hashed and cached, so a file
edited while it is scored cannot be scored as one version and stored as another.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from perfeval.errors import CannotRunError, InputError, Location, diagnostic, os_problem
from perfeval.load.limits import MAX_BYTES

_KINDS = {
    stat.S_IFCHR: "character_device",
    stat.S_IFBLK: "block_device",
    stat.S_IFIFO: "fifo",
    stat.S_IFSOCK: "socket",
}


def not_regular(mode: int) -> str | None:
    """What a non-regular file is (a `[types]` key of the locales), None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "special_file")


def read_input(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    `CannotRunError` (PE012) when it cannot be opened or is a directory; `InputError` for
    a device, FIFO or socket (PE016) or a file that is too large (PE004). Opening does not
    block on a FIFO, and a file that grows while it is read is cut at `limit + 1` bytes and
    refused."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        _refuse_special(path, display)  # a socket cannot even be opened (ENXIO)
        raise _cannot_open(display, exc) from None
    try:
        size = _check(os.fstat(descriptor), display, limit)
        raw = _read_upto(descriptor, size, limit + 1)
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise InputError([diagnostic("PE004", Location(display), size=len(raw), limit=limit)])
    return raw


def _read_upto(descriptor: int, size: int, limit: int) -> bytes:
    """The bytes up to end of file, at most `limit` of them: read in pieces the size
    `fstat` gave (a file that grew since is read on), never into a buffer of `limit` bytes
    (which cost ~170 µs for a 7 KB file; this ~20 µs)."""
    parts: list[bytes] = []
    read = 0
    while read < limit:
        piece = os.read(descriptor, min(limit - read, max(size + 1, 1 << 16)))
        if not piece:
            break
        parts.append(piece)
        read += len(piece)
    return b"".join(parts)


def _refuse_special(path: Path, display: str) -> None:
    """PE016 for a device, FIFO or socket that could not be opened."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    kind = None if stat.S_ISDIR(mode) else not_regular(mode)
    if kind is not None:
        raise InputError([diagnostic("PE016", Location(display), kind=f"@types.{kind}")])


def _check(status: os.stat_result, display: str, limit: int) -> int:
    """The size `fstat` gives; PE012 for a directory, PE016 for a device, FIFO or socket,
    PE004 past the limit."""
    if stat.S_ISDIR(status.st_mode):
        raise _cannot_open(display, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))
    kind = not_regular(status.st_mode)
    if kind is not None:
        raise InputError([diagnostic("PE016", Location(display), kind=f"@types.{kind}")])
    if status.st_size > limit:
        raise InputError([diagnostic("PE004", Location(display), size=status.st_size, limit=limit)])
    return int(status.st_size)


def _cannot_open(display: str, exc: OSError) -> CannotRunError:
    return CannotRunError([diagnostic("PE012", Location(display), problem=os_problem(exc))])
