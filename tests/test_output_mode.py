"""Output files are ordinary files: the umask decides their mode, not mkstemp's 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perfeval.run.outputs import write_atomic


def test_output_file_mode_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        write_atomic(target, "{}\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text(encoding="utf-8") == "{}\n"
