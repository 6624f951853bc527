"""Writing output files: atomically, and never over one of the inputs.

Everything perfeval writes goes through `atomic_file`: a temporary file beside the target,
renamed into place only once complete, so an interrupted or failed run leaves either the
old file or the new one — never half of one, never a stray temporary file. A regular file
replaced keeps its permission bits. A target that exists and is not a regular file
(`/dev/null`, `/dev/stdout`, a FIFO, a terminal) is written into, never replaced: renaming
over it would put a regular file where the device was (as root, over /dev/null).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from perfeval.errors import CannotRunError, Location, diagnostic, os_problem


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """PE020 if `target` is one of the inputs (same path, symlink or hard link): the same
    device and inode. Nothing there yet means no input can be it. One stat per input."""
    try:
        written = target.stat()
    except OSError:
        return
    for source in inputs:
        try:
            read = source.stat()
        except OSError:
            continue  # scoring reports an unreadable input
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            raise CannotRunError([diagnostic("PE020", Location(str(target)))])


@contextmanager
def atomic_file(target: Path, inputs: Iterable[Path] = ()) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces `target` when the block ends without error."""
    refuse_inputs(target, inputs)
    existing = _mode(target)
    if existing is not None and not stat.S_ISREG(existing) and not stat.S_ISDIR(existing):
        with _written_into(target) as handle:
            yield handle
        return
    resolved = target.resolve()
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{resolved.name}.", suffix=".tmp", dir=resolved.parent
        )
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's file is ordinary already
            # mkstemp makes 0600: a new output is an ordinary file, a replaced one keeps its mode
            os.fchmod(fd, 0o666 & ~_umask() if existing is None else stat.S_IMODE(existing))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(resolved)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from None
        raise


def _mode(target: Path) -> int | None:
    """The mode of what `target` names now (symlinks followed), None if nothing is there."""
    try:
        return target.stat().st_mode
    except OSError:
        return None


@contextmanager
def _written_into(target: Path) -> Iterator[BinaryIO]:
    """A device, FIFO or terminal: opened and written in place (PE021 if it cannot be)."""
    try:
        with target.open("wb") as handle:
            yield handle
    except OSError as exc:
        raise _cannot_write(target, exc) from None


def write_atomic(target: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write `content` (text as UTF-8) to `target` atomically."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_file(target, inputs) as handle:
        handle.write(data)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _cannot_write(target: Path, exc: OSError) -> CannotRunError:
    return CannotRunError([diagnostic("PE021", Location(str(target)), problem=os_problem(exc))])
