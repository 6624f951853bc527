"""A progress bar on stderr for a long batch — only when stderr is a terminal."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from perfeval.i18n import Lang

PROGRESS_AFTER_SECONDS = 0.5

Item = TypeVar("Item")


def with_progress(items: Iterable[Item], total: int, lang: Lang) -> Iterator[Item]:
    """`items` as they come, with a progress bar once the work has taken more than a moment
    (never in CI logs or pipes: the caller asks only when stderr is a terminal). Rich is
    imported only then."""
    started = time.monotonic()
    remaining = iter(items)
    done = 0
    for item in remaining:
        done += 1
        yield item
        if done < total and time.monotonic() - started > PROGRESS_AFTER_SECONDS:
            break
    else:
        return
    from rich.console import Console
    from rich.progress import Progress

    from perfeval.i18n import text

    bar = Progress(console=Console(stderr=True), transient=True, redirect_stdout=False)
    with bar:
        task = bar.add_task(text("batch", "progress", lang), total=total, completed=done)
        for item in remaining:
            yield item
            bar.advance(task)
