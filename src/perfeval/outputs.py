"""Writing output files: atomically, and never over one of the inputs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from perfeval.errors import CannotRunError, Location, diagnostic


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(target: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write to a temporary file beside `target`, then rename it into place.

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    resolved = target.resolve()
    for source in inputs:
        if _same_file(source, target):
            raise CannotRunError([diagnostic("PE020", Location(str(target)))])
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{resolved.name}.", suffix=".tmp", dir=resolved.parent
        )
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(resolved)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from None
        raise


def _same_file(source: Path, target: Path) -> bool:
    """The same path after symlinks, or the same file under another name (a hard link)."""
    if not source.exists():
        return False
    if source.resolve() == target.resolve():
        return True
    return target.exists() and source.samefile(target)


def _cannot_write(target: Path, exc: OSError) -> CannotRunError:
    problem = exc.strerror or type(exc).__name__
    return CannotRunError([diagnostic("PE021", Location(str(target)), problem=problem)])
