"""Scoring many files with worker processes, results streamed back in input order.

At most a few chunks per worker are in flight, and each finished chunk is handed on as soon
as every chunk before it is, so memory stays flat however many files there are and the
output order never depends on which worker finished first. Each file is read once, here:
its bytes are looked up in the cache and, on a miss, sent to a worker, which scores and
stores exactly those bytes. Outcomes cross the process boundary in the cache's byte
encoding (JSON), which is cheaper than pickling the models. A run whose files are all
cached starts no workers. With one job (or one file) everything runs in this process.
`perfeval.run.workers` keeps one file's crash from ending the batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic

from perfeval.errors import Location, diagnostic
from perfeval.run.cache import ResultCache, probe, score_and_store
from perfeval.run.cache_home import prune
from perfeval.run.codec import decode, encode
from perfeval.run.discover import Found
from perfeval.run.outcome import FileOutcome, Outcome, as_view, holds_tree
from perfeval.run.score import Read, read_once
from perfeval.run.workers import WorkerPool, start_method

CHUNKS_IN_FLIGHT_PER_JOB = 4
MAX_CHUNK = 32
MAX_CHUNK_BYTES = 2 * 1024 * 1024
"""A chunk also ends once the bytes it carries to its worker reach this: the files in
flight hold at most jobs × 4 chunks × (2 MB + one file) however large the files are."""


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _not_found(found: Found, view: type[Outcome]) -> Outcome:
    problem = diagnostic("PE030", Location(found.display), pattern=found.display)
    return as_view(FileOutcome(found.display, (problem,), cannot_run=True), view)


def _ready(
    found: Found, rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Outcome | Read:
    """What this process can answer without scoring (a non-match, an unreadable file, a
    cache hit), else the file's bytes, read once: what a worker scores and stores."""
    if found.empty:
        return _not_found(found, view)
    got = read_once(found.path, found.display)
    if isinstance(got, FileOutcome):
        return as_view(got, view)
    hit = None if store is None else probe(got, found.path, found.display, rubric, store, view)
    return got if hit is None else hit


def score_encoded(
    name: str, read: Read, rubric: str | None, store: ResultCache | None, tree: bool
) -> bytes:
    """Worker side: score the bytes the reader read of a file it found no cache entry for,
    the outcome encoded (without the scorecard's tree when the run shows only headlines).
    Running out of memory is this file's PE032, not the worker's end."""
    try:
        outcome = score_and_store(Path(name), name, rubric, store, read)
    except MemoryError:
        outcome = FileOutcome(name, (diagnostic("PE032", Location(name)),))
    return encode(outcome, tree)


def lost_encoded(name: str, cause: str) -> bytes:
    """A file whose worker died scoring it, twice (PE031, exit 1 for it)."""
    return encode(FileOutcome(name, (diagnostic("PE031", Location(name), cause=cause),)))


@dataclass(slots=True)
class _Chunk(Generic[Outcome]):
    """A run of files in input order: each one's outcome or its bytes; `number` names its
    task in the pool when some of them are being scored."""

    found: Sequence[Found]
    ready: list[Outcome | Read]
    number: int | None


def _finished(
    chunk: _Chunk[Outcome], pool: WorkerPool | None, rubric: str | None,
    store: ResultCache | None, view: type[Outcome],
) -> Iterator[Outcome]:  # fmt: skip
    """Reader side, in input order. A payload that does not decode is never trusted: that
    file's bytes are scored again here."""
    scored = () if pool is None or chunk.number is None else pool.result(chunk.number)
    payloads = iter(scored)
    for item, outcome in zip(chunk.found, chunk.ready, strict=True):
        if not isinstance(outcome, Read):
            yield outcome
            continue
        try:
            yield decode(next(payloads), view)
        except (ValueError, KeyError, TypeError, AttributeError):
            yield as_view(score_and_store(item.path, item.display, rubric, store, outcome), view)


def _chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * CHUNKS_IN_FLIGHT_PER_JOB * 2)))


def score_all(
    found: Sequence[Found],
    rubric: str | None,
    jobs: int,
    store: ResultCache | None,
    view: type[Outcome],
) -> Iterator[Outcome]:
    """Every outcome, in the order of `found`, as `view`. Cache hits are read in this
    process; the rest are scored here (one job) or by up to `jobs` worker processes, started
    only once there is something to score. As `HeadlineOutcome`s, hits are decoded only as
    far as their headline and workers send no scorecard back. Once done, the cache is
    pruned if it is due (`perfeval.run.cache_home.prune`)."""
    scored = 0
    if jobs <= 1 or len(found) <= 1:
        for item in found:
            got = _ready(item, rubric, store, view)
            if isinstance(got, Read):
                scored += 1
                got = as_view(score_and_store(item.path, item.display, rubric, store, got), view)
            yield got
    else:
        work = partial(score_encoded, rubric=rubric, store=store, tree=holds_tree(view))
        with _pool(jobs, work) as pool:
            scored = yield from _pooled(found, rubric, jobs, store, view, pool)
    if store is not None:
        prune(store.root, scored)


def _pooled(
    found: Sequence[Found], rubric: str | None, jobs: int, store: ResultCache | None,
    view: type[Outcome], pool: WorkerPool,
) -> Generator[Outcome, None, int]:  # fmt: skip
    """`score_all` with workers; returns how many files were scored (not cache hits)."""
    scored = 0
    pending: deque[_Chunk[Outcome]] = deque()
    for number, (items, ready) in enumerate(
        _chunks(found, _chunk_size(len(found), jobs), rubric, store, view)
    ):
        misses = [(i.display, r) for i, r in zip(items, ready, strict=True) if isinstance(r, Read)]
        if misses:
            scored += len(misses)
            pool.submit(number, misses)
        pending.append(_Chunk(items, ready, number if misses else None))
        if len(pending) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
            yield from _finished(pending.popleft(), pool, rubric, store, view)
    while pending:
        yield from _finished(pending.popleft(), pool, rubric, store, view)
    return scored


def _chunks(
    found: Sequence[Found], size: int, rubric: str | None, store: ResultCache | None,
    view: type[Outcome],
) -> Iterator[tuple[Sequence[Found], list[Outcome | Read]]]:  # fmt: skip
    """Runs of at most `size` files in input order, each file read once here; a run also
    ends when the bytes it would carry to a worker reach `MAX_CHUNK_BYTES`."""
    start, carried = 0, 0
    ready: list[Outcome | Read] = []
    for index, item in enumerate(found):
        got = _ready(item, rubric, store, view)
        ready.append(got)
        carried += len(got.raw) if isinstance(got, Read) else 0
        if len(ready) == size or carried >= MAX_CHUNK_BYTES:
            yield found[start : index + 1], ready
            start, ready, carried = index + 1, [], 0
    if ready:
        yield found[start:], ready


@contextmanager
def _pool(jobs: int, work: partial[bytes]) -> Iterator[WorkerPool]:
    """The workers, started on demand; on any exit (an interrupt too) none is left."""
    pool = WorkerPool(jobs, work, lost_encoded, start_method())
    try:
        yield pool
    except BaseException:
        pool.close(wait=False)
        raise
    pool.close(wait=True)
