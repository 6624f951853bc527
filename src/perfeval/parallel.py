"""Scoring many files with worker processes, results streamed back in input order.

At most a few chunks per worker are in flight, and each finished chunk is handed on as soon
as every chunk before it is, so memory stays flat however many files there are and the
output order never depends on which worker finished first. Outcomes cross the process
boundary in the cache's byte encoding (JSON), which is cheaper than pickling the models.
With one job (or one file) everything runs in this process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from perfeval.batch import Found
from perfeval.cache import ResultCache, cached_payload, decode, encode, score_cached
from perfeval.errors import Location, diagnostic
from perfeval.run import FileOutcome

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

CHUNKS_IN_FLIGHT_PER_JOB = 4
MAX_CHUNK = 32


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def score_one(found: Found, rubric: str | None, store: ResultCache | None) -> FileOutcome:
    """One submission's outcome; an argument that matched nothing is an outcome too."""
    if found.empty:
        problem = diagnostic("PE030", Location(found.display), pattern=found.display)
        return FileOutcome(found.display, None, (problem,), cannot_run=True)
    return score_cached(found.path, found.display, rubric, store)


def _encoded(found: Found, rubric: str | None, store: ResultCache | None) -> bytes:
    """A cache hit's payload as it is stored (the reader decodes and validates it once),
    else the fresh outcome, encoded."""
    if store is not None and not found.empty:
        payload = cached_payload(found.path, found.display, rubric, store)
        if payload is not None:
            return payload
    return encode(score_one(found, rubric, store))


def _score_chunk(
    chunk: list[tuple[str, bool]], rubric: str | None, cache_root: str | None
) -> list[bytes]:
    """Worker side: score a few files, return each outcome encoded."""
    store = None if cache_root is None else ResultCache(Path(cache_root))
    found = (Found(display, empty) for display, empty in chunk)
    return [_encoded(f, rubric, store) for f in found]


def _decoded(
    payloads: list[bytes], chunk: Sequence[Found], rubric: str | None, store: ResultCache | None
) -> Iterator[FileOutcome]:
    """Reader side. A payload that does not decode (an entry whose digest was forged over a
    bad body) is never trusted: that file is scored again here, and its entry rewritten."""
    for payload, item in zip(payloads, chunk, strict=True):
        try:
            yield decode(payload)
        except (ValueError, KeyError, TypeError, AttributeError):
            yield score_one(item, rubric, store)  # its read fails the same way: a miss


def _chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * CHUNKS_IN_FLIGHT_PER_JOB * 2)))


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers start with perfeval already imported."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def score_all(
    found: Sequence[Found], rubric: str | None, jobs: int, store: ResultCache | None
) -> Iterator[FileOutcome]:
    """Every outcome, in the order of `found`, scored by up to `jobs` processes."""
    if jobs <= 1 or len(found) <= 1:
        for item in found:
            yield score_one(item, rubric, store)
        return
    from concurrent.futures import ProcessPoolExecutor  # only a batch pays for it

    size = _chunk_size(len(found), jobs)
    cache_root = None if store is None else str(store.root)
    pending: deque[tuple[Future[list[bytes]], Sequence[Found]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        try:
            for start in range(0, len(found), size):
                chunk = found[start : start + size]
                work = [(f.display, f.empty) for f in chunk]
                pending.append((pool.submit(_score_chunk, work, rubric, cache_root), chunk))
                if len(pending) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                    future, done = pending.popleft()
                    yield from _decoded(future.result(), done, rubric, store)
            while pending:
                future, done = pending.popleft()
                yield from _decoded(future.result(), done, rubric, store)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
