"""Nothing lost: output files are written atomically and never over an input.

An interrupted write (simulated by making the write, the fsync or the rename fail midway)
leaves the old file and no temporary file; `--output` naming an input (the same path, a
symlink or a hard link to it, or the rubric) is refused with PE020 and exit 2; a run that
fails never leaves a half-written file.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.errors import CannotRunError
from perfeval.run import outputs
from perfeval.run.outputs import write_atomic

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "haizhu-2023.yaml"
RUBRIC = ROOT / "src" / "perfeval" / "rubrics" / "gd-dept-overall.yaml"
OLD = "the old report, complete\n"


def leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    return target


def test_write_replaces_the_file_and_leaves_no_temporary(old_file: Path) -> None:
    write_atomic(old_file, "new\n")
    assert old_file.read_text(encoding="utf-8") == "new\n"
    assert leftovers(old_file.parent, {"report.json"}) == []


class _HalfWriter:
    """A file handle that writes half of what it is given, then fails like a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def _fail_in_fsync(fd: int) -> None:
    raise OSError(errno.EIO, "Input/output error")


def _interrupt_in_fsync(fd: int) -> None:
    raise KeyboardInterrupt


def _fail_in_rename(self: Path, target: Path) -> Path:
    raise OSError(errno.EXDEV, "Invalid cross-device link")


@pytest.mark.parametrize(
    ("target", "name", "replacement"),
    [
        (os, "fsync", _fail_in_fsync),
        (Path, "replace", _fail_in_rename),
    ],
)
def test_failed_write_keeps_the_old_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str, replacement: Any
) -> None:
    monkeypatch.setattr(target, name, replacement)
    with pytest.raises(CannotRunError) as caught:
        write_atomic(old_file, "new content that must never be seen half-written\n" * 1000)
    assert [d.code for d in caught.value.diagnostics] == ["PE021"]
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent, {"report.json"}) == []


def test_write_failing_midway_keeps_the_old_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(outputs.os, "fdopen", lambda fd, mode: _HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(CannotRunError) as caught:
        write_atomic(old_file, "x" * 100_000)
    assert caught.value.diagnostics[0].params["problem"] == "@os_errors.no_space"  # 磁盘空间不足
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent, {"report.json"}) == []


def test_interrupted_write_keeps_the_old_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or any non-OS exception) passes through, after the temporary is removed."""
    monkeypatch.setattr(os, "fsync", _interrupt_in_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(old_file, "new\n")
    assert old_file.read_text(encoding="utf-8") == OLD
    assert leftovers(old_file.parent, {"report.json"}) == []


def _links(tmp_path: Path) -> dict[str, tuple[Path, Path]]:
    source = tmp_path / "in.yaml"
    source.write_text("rubric: x\n", encoding="utf-8")
    (tmp_path / "sym.yaml").symlink_to(source)
    os.link(source, tmp_path / "hard.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    return {
        "same path": (source, source),
        "relative path": (source, Path(os.path.relpath(source))),
        "dot-dot path": (source, sub / ".." / "in.yaml"),
        "symlink": (source, tmp_path / "sym.yaml"),
        "hard link": (source, tmp_path / "hard.yaml"),
    }


@pytest.mark.parametrize(
    "kind", ["same path", "relative path", "dot-dot path", "symlink", "hard link"]
)
def test_refuses_to_write_over_an_input(tmp_path: Path, kind: str) -> None:
    source, target = _links(tmp_path)[kind]
    with pytest.raises(CannotRunError) as caught:
        write_atomic(target, "overwritten\n", [source])
    assert [d.code for d in caught.value.diagnostics] == ["PE020"]
    assert source.read_text(encoding="utf-8") == "rubric: x\n"


# --- through the command line -----------------------------------------------------------


def perfeval(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERFEVAL_")}
    env["PERFEVAL_RUBRIC_PATH"] = str(cwd)  # the rubric beside local.yaml is the bureau's
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args, "--lang", "en"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        check=False,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "seed.yaml").write_bytes(SEED.read_bytes())
    (tmp_path / "rubric.yaml").write_bytes(RUBRIC.read_bytes())
    with_file = SEED.read_text(encoding="utf-8").replace(
        "rubric: gd-dept-overall", "rubric: rubric.yaml"
    )
    (tmp_path / "local.yaml").write_text(with_file, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "victim"),
    [
        (["score", "seed.yaml", "-f", "json", "-o", "seed.yaml"], "seed.yaml"),
        (["score", "seed.yaml", "-f", "json", "-o", "./seed.yaml"], "seed.yaml"),
        (["score", "seed.yaml", "--rubric", "rubric.yaml", "-o", "rubric.yaml"], "rubric.yaml"),
        (["score", "local.yaml", "-f", "json", "-o", "rubric.yaml"], "rubric.yaml"),
    ],
    ids=["submission", "submission by another name", "--rubric file", "submission's rubric"],
)
def test_cli_refuses_output_over_an_input(args: list[str], victim: str, work: Path) -> None:
    before = (work / victim).read_bytes()
    result = perfeval(args, work)
    assert result.returncode == 2
    assert f"{Path(args[-1])}: [PE020] error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert (work / victim).read_bytes() == before
    assert leftovers(work, {"seed.yaml", "rubric.yaml", "local.yaml"}) == []


@pytest.mark.parametrize("output", ["missing-dir/out.json", "."])
def test_cli_reports_an_unwritable_output(output: str, work: Path) -> None:
    result = perfeval(["score", "seed.yaml", "-f", "json", "-o", output], work)
    assert result.returncode == 2
    assert f"{output}: [PE021] error: cannot write the output file" in result.stderr
    assert "internal error" not in result.stderr
    assert leftovers(work, {"seed.yaml", "rubric.yaml", "local.yaml"}) == []


def test_failing_submission_still_writes_a_whole_file(work: Path) -> None:
    """Exit 1 is a verdict, not a crash: the payload is complete and parses."""
    broken = SEED.read_text(encoding="utf-8").replace("claimed_score: 99", "claimed_score: 98")
    (work / "broken.yaml").write_text(broken, encoding="utf-8")
    result = perfeval(["score", "broken.yaml", "-f", "json", "-o", "out.json"], work)
    assert result.returncode == 1
    assert json.loads((work / "out.json").read_text(encoding="utf-8"))


def test_crash_while_rendering_leaves_the_old_output(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renderer that dies midway never reaches the output file."""
    import perfeval.run.execute

    def exploding(*_: object) -> Any:
        def render(*_: object) -> str:
            raise RuntimeError("renderer died halfway")

        return render

    (work / "out.json").write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(perfeval.run.execute, "streamer", exploding)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["score", "seed.yaml", "-f", "json", "-o", "out.json"])
    assert isinstance(result.exception, RuntimeError)
    assert (work / "out.json").read_text(encoding="utf-8") == OLD
    assert leftovers(work, {"seed.yaml", "rubric.yaml", "local.yaml", "out.json"}) == []


# -- targets that are not regular files (issue 12 item 3) -----------------------------------


def test_dev_null_is_written_into_never_replaced(seed: Path) -> None:
    """As root a rename over /dev/null would replace the device with a regular file."""
    before = Path("/dev/null").stat()
    result = CliRunner().invoke(app, ["score", str(seed), "-f", "json", "-o", "/dev/null"])
    assert result.exit_code == 0
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_written_into_and_stays_a_fifo(seed: Path, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(app, ["score", str(seed), "-f", "csv", "-o", str(fifo)])
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert "广州市海珠区人民政府办公室" in received[0].decode("utf-8-sig")
    assert leftovers(tmp_path, {"pipe"}) == []


def test_a_symlink_to_a_device_writes_into_the_device(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    write_atomic(link, "{}\n")
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)
    assert leftovers(tmp_path, {"out.json"}) == []


def test_a_replaced_regular_file_keeps_its_mode(old_file: Path) -> None:
    old_file.chmod(0o640)
    write_atomic(old_file, "new\n")
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640
    assert old_file.read_text(encoding="utf-8") == "new\n"


def test_a_new_file_is_an_ordinary_file(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    write_atomic(target, "{}\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
