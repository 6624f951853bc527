"""Scoring many files with worker processes, results streamed back in input order.

At most a few chunks per worker are in flight, and each finished chunk is handed on as soon
as every chunk before it is, so memory stays flat however many files there are and the
output order never depends on which worker finished first. Outcomes cross the process
boundary in the cache's byte encoding (JSON), which is cheaper than pickling the models.
Cache hits are read by this process, so a run whose files are all cached starts no
workers. With one job (or one file) everything runs in this process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic

from perfeval.errors import Location, diagnostic
from perfeval.run.cache import ResultCache, decode, encode, probe, score_and_store, score_cached
from perfeval.run.discover import Found
from perfeval.run.outcome import FileOutcome, Outcome, as_view, holds_tree

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

CHUNKS_IN_FLIGHT_PER_JOB = 4
MAX_CHUNK = 32


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _not_found(found: Found, view: type[Outcome]) -> Outcome:
    problem = diagnostic("PE030", Location(found.display), pattern=found.display)
    return as_view(FileOutcome(found.display, (problem,), cannot_run=True), view)


def _score_one(
    found: Found, rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Outcome:
    """One submission's outcome; an argument that matched nothing is an outcome too."""
    if found.empty:
        return _not_found(found, view)
    return score_cached(found.path, found.display, rubric, store, view)


def _ready(
    found: Found, rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Outcome | None:
    """What this process can answer without scoring: a cache hit or a non-match."""
    if found.empty:
        return _not_found(found, view)
    return None if store is None else probe(found.path, found.display, rubric, store, view)


def _score_chunk(
    chunk: list[str], rubric: str | None, cache_root: str | None, tree: bool
) -> list[bytes]:
    """Worker side: score a few files the reader found no cache entry for, return each
    outcome encoded (without the scorecard's tree when the run shows only headlines)."""
    store = None if cache_root is None else ResultCache(Path(cache_root))
    return [encode(score_and_store(Path(name), name, rubric, store), tree) for name in chunk]


@dataclass(slots=True)
class _Chunk(Generic[Outcome]):
    """A run of files in input order: the outcomes known at once, and the worker's future
    for the rest."""

    found: Sequence[Found]
    ready: list[Outcome | None]
    scored: Future[list[bytes]] | None


def _finished(
    chunk: _Chunk[Outcome], rubric: str | None, store: ResultCache | None, view: type[Outcome]
) -> Iterator[Outcome]:
    """Reader side, in input order. A payload that does not decode is never trusted: that
    file is scored again here."""
    payloads = iter(chunk.scored.result() if chunk.scored is not None else ())
    for item, outcome in zip(chunk.found, chunk.ready, strict=True):
        if outcome is not None:
            yield outcome
            continue
        try:
            yield decode(next(payloads), view)
        except (ValueError, KeyError, TypeError, AttributeError):
            yield as_view(score_and_store(item.path, item.display, rubric, store), view)


def _chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * CHUNKS_IN_FLIGHT_PER_JOB * 2)))


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers start with perfeval already imported."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


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
    far as their headline and workers send no scorecard back."""
    if jobs <= 1 or len(found) <= 1:
        for item in found:
            yield _score_one(item, rubric, store, view)
        return
    with ExitStack() as stack:
        yield from _pooled(found, rubric, jobs, store, view, stack)


def _pooled(
    found: Sequence[Found],
    rubric: str | None,
    jobs: int,
    store: ResultCache | None,
    view: type[Outcome],
    stack: ExitStack,
) -> Iterator[Outcome]:
    size = _chunk_size(len(found), jobs)
    cache_root = None if store is None else str(store.root)
    tree = holds_tree(view)
    pool: ProcessPoolExecutor | None = None
    pending: deque[_Chunk[Outcome]] = deque()
    for start in range(0, len(found), size):
        items = found[start : start + size]
        ready = [_ready(item, rubric, store, view) for item in items]
        misses = [item.display for item, got in zip(items, ready, strict=True) if got is None]
        scored = None
        if misses:
            if pool is None:
                pool = stack.enter_context(_pool(jobs))
            scored = pool.submit(_score_chunk, misses, rubric, cache_root, tree)
        pending.append(_Chunk(items, ready, scored))
        if len(pending) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
            yield from _finished(pending.popleft(), rubric, store, view)
    while pending:
        yield from _finished(pending.popleft(), rubric, store, view)


@contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    from concurrent.futures import ProcessPoolExecutor  # only a batch pays for it

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context())
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
