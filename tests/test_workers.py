"""Isolation in batches (issue 12 item 6): a worker's death, crash or MemoryError is that
file's error and the batch goes on; no worker outlives perfeval; SIGTERM removes the
temporary output; a reader of the pipe gets EOF; a batch runs with the spawn start method.

The in-process tests patch `parallel.score_and_store` before the pool forks, so the
workers inherit the hook (a file that kills its worker, or exhausts its memory)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from perfeval.run import parallel
from perfeval.run.discover import discover
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.parallel import score_all
from perfeval.run.score import Read

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
REAL_SCORE = parallel.score_and_store


def batch(seed: Path, folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    text = seed.read_text(encoding="utf-8")
    for index in range(count):
        (folder / f"d{index:03d}.yaml").write_text(text + f"# {index}\n", encoding="utf-8")
    return [f.display for f in discover([str(folder)])]


def hook(monkeypatch: pytest.MonkeyPatch, victim: str, act: Callable[[], None]) -> None:
    def scored(path: Path, display: str, rubric: str | None, store: object, read: Read) -> object:
        if display.endswith(victim):
            act()
        return REAL_SCORE(path, display, rubric, None, read)

    monkeypatch.setattr(parallel, "score_and_store", scored)


def codes(outcome: HeadlineOutcome) -> list[str]:
    return [p.code for p in outcome.problems if p.severity.value == "error"]


def test_a_file_that_kills_its_worker_is_its_own_error_and_the_batch_goes_on(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = batch(seed, tmp_path / "b", 12)
    hook(monkeypatch, "d005.yaml", lambda: os.kill(os.getpid(), signal.SIGKILL))
    outcomes = list(score_all(discover([str(tmp_path / "b")]), None, 2, None, FileOutcome))
    assert [o.path for o in outcomes] == names
    lost = outcomes[5]
    assert codes(lost) == ["PE031"] and lost.problems[0].params["cause"] == "SIGKILL"
    assert not lost.cannot_run  # exit 1 for it, not 2 for the batch
    assert all(
        o.headline is not None and o.headline.total == 99 for i, o in enumerate(outcomes) if i != 5
    )


def test_a_worker_that_died_once_is_replaced_and_the_file_retried(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch(seed, tmp_path / "b", 8)
    marker = tmp_path / "died-once"

    def die_once() -> None:
        if not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)

    hook(monkeypatch, "d003.yaml", die_once)
    outcomes = list(score_all(discover([str(tmp_path / "b")]), None, 2, None, HeadlineOutcome))
    assert marker.exists()
    assert all(o.headline is not None and o.headline.total == 99 for o in outcomes)


def test_a_worker_that_exhausts_its_memory_reports_that_file(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    def exhaust() -> None:
        limit = 1024**3  # an address-space rlimit in the worker, then more than it allows
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
        hoard = [bytearray(64 * 1024**2) for _ in range(32)]
        raise AssertionError(f"allocated {len(hoard)} blocks under the limit")

    batch(seed, tmp_path / "b", 6)
    hook(monkeypatch, "d002.yaml", exhaust)
    outcomes = list(score_all(discover([str(tmp_path / "b")]), None, 2, None, HeadlineOutcome))
    assert codes(outcomes[2]) == ["PE032"]
    assert [o.headline is not None for o in outcomes] == [True, True, False, True, True, True]


def test_a_batch_runs_with_the_spawn_start_method(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Windows (and macOS) use: nothing is inherited, the work must pickle."""
    batch(seed, tmp_path / "b", 5)
    found = discover([str(tmp_path / "b")])
    serial = list(score_all(found, None, 1, None, HeadlineOutcome))
    monkeypatch.setattr(parallel, "start_method", lambda: multiprocessing.get_context("spawn"))
    spawned = list(score_all(found, None, 2, None, HeadlineOutcome))
    assert spawned == serial


# -- the parent killed mid-batch, as the CLI ------------------------------------------------


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_batch(seed: Path, tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], set[int]]:
    """A 300-file batch with two workers, once both workers are running and a line is out."""
    batch(seed, tmp_path / "b", 300)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "perfeval", "score", "b", "-j", "2", "--no-cache", *args]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children(process.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the workers never started"
    return process, workers


def wait_gone(pids: set[int], seconds: float = 5) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_killing_the_parent_ends_the_workers_and_the_pipe_reader_gets_eof(
    seed: Path, tmp_path: Path
) -> None:
    process, workers = start_batch(seed, tmp_path, "-f", "jsonl")
    assert process.stdout is not None
    json.loads(process.stdout.readline())  # the batch is under way
    process.kill()
    started = time.monotonic()
    process.stdout.read()  # EOF: no worker holds the pipe
    assert time.monotonic() - started < 5
    process.stdout.close()
    process.wait()
    assert wait_gone(workers) == set(), "a worker outlived perfeval"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_removes_the_temporary_output_and_stops_the_workers(
    seed: Path, tmp_path: Path, signum: int
) -> None:
    process, workers = start_batch(seed, tmp_path, "-f", "jsonl", "-o", "out.jsonl")
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signum)
    code = process.wait(timeout=10)
    assert process.stdout is not None
    process.stdout.close()
    assert code == 128 + signum  # 143, 130
    assert wait_gone(workers) == set()
    assert list(tmp_path.glob(".out.jsonl.*")) == []  # the temporary output is gone
    assert not (tmp_path / "out.jsonl").exists()  # and nothing half-written took its place
