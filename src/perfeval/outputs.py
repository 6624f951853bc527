"""Writing output files: atomically, and never over one of the inputs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from perfeval.errors import CannotRunError, Location, diagnostic


def write_atomic(target: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write to a temporary file beside `target`, then rename it into place.

    An interrupted run leaves either the old file or the new one, never half of one.
    """
    resolved = target.resolve()
    for source in inputs:
        if source.exists() and source.resolve() == resolved:
            raise CannotRunError([diagnostic("PE020", Location(str(target)))])
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = resolved.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(resolved)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
