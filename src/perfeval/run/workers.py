"""Worker processes for a batch: one file's crash never ends the batch, and no worker
outlives the run.

Each worker scores the files of one chunk at a time and sends each file's encoded outcome
as soon as it has it, so when a worker dies (killed, out of memory, a crash in a C
library) the reader knows which file it was scoring: that file is retried once, alone, in
a fresh worker, then reported as that file's error (PE031, exit 1); the chunk's other
files not yet done are handed to another worker. A MemoryError the worker catches is that
file's PE032 at once. A dead worker is replaced.

Workers end with the reader: on Linux the kernel kills them when it dies
(`PR_SET_PDEATHSIG`), elsewhere a watchdog thread waits on the reader's process sentinel;
they ignore SIGINT (the reader handles Ctrl-C and stops them) and turn SIGTERM into a
normal exit, so a cache entry being written is not left half-made. Their stdout and
stderr are /dev/null: a pipe reading perfeval's output gets EOF when perfeval ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import multiprocessing.context
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from perfeval.run.score import Read

Work = Callable[[str, "Read"], bytes]
"""Scoring one file in a worker: its name and bytes → its outcome, encoded."""
Lost = Callable[[str, str], bytes]
"""The encoded outcome of a file whose worker died twice: its name and the cause."""


@dataclass(frozen=True, slots=True)
class _File:
    chunk: int
    index: int
    display: str
    read: Read
    retried: bool = False


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: list[_File] = field(default_factory=list)
    done: int = 0  # files of the task answered so far (a worker answers in order)


def start_method() -> multiprocessing.context.BaseContext:
    """Fork where there is fork (workers start with perfeval already imported), else the
    platform's default (spawn on Windows; a test runs a batch with spawn too)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class WorkerPool:
    """Up to `jobs` workers; `submit` a chunk of files, `result` waits for its outcomes."""

    def __init__(
        self, jobs: int, work: Work, lost: Lost, context: multiprocessing.context.BaseContext
    ) -> None:
        self._jobs = jobs
        self._work = work
        self._lost = lost
        self._context = context
        self._queue: deque[list[_File]] = deque()
        self._results: dict[int, dict[int, bytes]] = {}
        self._sizes: dict[int, int] = {}
        self._workers: list[_Worker] = []

    def submit(self, chunk: int, files: list[tuple[str, Read]]) -> None:
        self._results[chunk] = {}
        self._sizes[chunk] = len(files)
        self._queue.append([_File(chunk, i, name, read) for i, (name, read) in enumerate(files)])
        self._dispatch()

    def result(self, chunk: int) -> list[bytes]:
        """The chunk's encoded outcomes, in its order, once every one is in."""
        while len(self._results[chunk]) < self._sizes[chunk]:
            self._pump()
        got = self._results.pop(chunk)
        del self._sizes[chunk]
        return [got[i] for i in range(len(got))]

    def close(self, *, wait: bool) -> None:
        """Stop every worker: asked to finish (`wait`), else terminated; never left running."""
        for worker in self._workers:
            if wait:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join(timeout=2 if wait else 1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()

    def _dispatch(self) -> None:
        while self._queue:
            for gone in [w for w in self._workers if not w.task and not w.process.is_alive()]:
                self._died(gone)  # ended while idle: nothing of its was lost
            idle = next((w for w in self._workers if not w.task), None)
            if idle is None:
                if len(self._workers) >= self._jobs:
                    return
                idle = self._start()
            task = self._queue.popleft()
            idle.task, idle.done = task, 0
            try:
                idle.conn.send([(f.display, f.read) for f in task])
            except OSError:
                self._died(idle)

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process: BaseProcess = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, self._work, os.getpid()), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def _pump(self) -> None:
        """Wait for any busy worker to answer or die; take what it sent."""
        from multiprocessing.connection import wait

        busy = [w for w in self._workers if w.task]
        if not busy:
            self._dispatch()
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._take(worker)
        self._dispatch()

    def _take(self, worker: _Worker) -> None:
        try:
            while worker.task and worker.conn.poll():
                index, payload = worker.conn.recv()
                self._answer(worker.task[index], payload)
                worker.done += 1
                if worker.done == len(worker.task):
                    worker.task, worker.done = [], 0
        except (EOFError, OSError):
            self._died(worker)
            return
        if worker.task and not worker.process.is_alive():
            self._died(worker)

    def _answer(self, file: _File, payload: bytes) -> None:
        self._results[file.chunk][file.index] = payload

    def _died(self, worker: _Worker) -> None:
        """The file it was scoring is retried once alone, then lost; the rest go on."""
        self._workers.remove(worker)
        worker.process.join(timeout=1)
        cause = _cause(worker.process.exitcode)
        worker.conn.close()
        remaining = worker.task[worker.done :]
        if not remaining:
            return
        culprit, rest = remaining[0], remaining[1:]
        if rest:
            self._queue.appendleft(rest)
        if culprit.retried:
            self._answer(culprit, self._lost(culprit.display, cause))
        else:
            self._queue.appendleft([replace(culprit, retried=True)])


def _cause(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit {exitcode}"


def _serve(conn: Connection, work: Work, parent: int) -> None:
    """A worker's loop: tasks in, one encoded outcome out per file, until told to stop."""
    _bind_to_parent(parent)
    while True:
        try:
            task: Any = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        for index, (display, read) in enumerate(task):
            conn.send((index, work(display, read)))


def _bind_to_parent(parent: int) -> None:
    """End with the reader; ignore Ctrl-C (the reader stops us); SIGTERM exits cleanly;
    write nothing to the reader's stdout or stderr."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if sys.platform.startswith("linux"):
        _parent_death_signal()
    _watchdog()
    if os.getppid() != parent:  # it died before we could ask to be told
        os._exit(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _parent_death_signal() -> None:
    """Linux: the kernel sends SIGKILL to this worker when the reader dies, however."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere the watchdog on the parent's sentinel ends us
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the watchdog still ends us


def _watchdog() -> None:
    """Elsewhere (and as a second line): a thread that ends the worker when the reader's
    process ends, whatever the worker is busy with."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="perfeval-watchdog", daemon=True).start()
