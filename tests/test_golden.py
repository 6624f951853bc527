"""Golden outputs for every example: the zh table (width 100, no colour), the JSON and the
Markdown score table.

New examples under examples/*.yaml are picked up automatically (examples/invalid/ and other
subdirectories are not examples that score). To create or refresh the goldens, run

    PERFEVAL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfeval.render import Format, RenderOptions, renderer
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PERFEVAL_UPDATE_GOLDEN") == "1"
UPDATE_COMMAND = "PERFEVAL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py"
KINDS = ("table.txt", "json", "md")
FORMATS = {"table.txt": Format.TABLE, "json": Format.JSON, "md": Format.MARKDOWN}


def examples() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml"))


def display(example: Path) -> str:
    """The path as a user in the repository root types it: the same on every machine."""
    return f"examples/{example.name}"


def rendered(example: Path, kind: str) -> str:
    outcome = score_file(example, display(example))
    return renderer(FORMATS[kind])([outcome], RenderOptions(lang="zh", color=False, width=100))


def golden_path(example: Path, kind: str) -> Path:
    return GOLDEN / f"{example.stem}.{kind}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_output_matches_golden(example: Path, kind: str) -> None:
    actual = rendered(example, kind)
    path = golden_path(example, kind)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(
            f"no golden output tests/golden/{path.name} for {display(example)}; "
            f"create it with `{UPDATE_COMMAND}` and review it before committing"
        )
    assert actual == path.read_text(encoding="utf-8"), f"refresh with `{UPDATE_COMMAND}`"


def test_every_golden_belongs_to_an_example() -> None:
    expected = {golden_path(example, kind).name for example in examples() for kind in KINDS}
    ours = [p for kind in KINDS for p in GOLDEN.glob(f"*.{kind}") if p.is_file()]
    orphans = sorted(p.name for p in ours if p.name not in expected)
    if UPDATE:
        for name in orphans:
            (GOLDEN / name).unlink()
        return
    assert orphans == [], f"goldens without an example; remove them or run `{UPDATE_COMMAND}`"


@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_cli_json_is_byte_identical_to_the_in_process_run(example: Path) -> None:
    """A separate process (its own hash seed) prints the bytes this process renders."""
    command = [sys.executable, "-m", "perfeval", "score", display(example), "--format", "json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, timeout=60)
    assert b"Traceback" not in done.stderr
    assert done.stdout == rendered(example, "json").encode("utf-8")
