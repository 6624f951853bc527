"""The guarded Jinja2 sandbox every report template renders in.

`ImmutableSandboxedEnvironment` already refuses Python internals (`__class__`, `__mro__`,
…) and mutation of lists and dicts; on top of it this module bounds what a template can
make the process do: `range` is capped and counts every iteration against a budget,
`*` and `**` are checked before they can build a huge string, list or number, the output
is streamed and cut off at `MAX_OUTPUT` characters, and a deadline stops long renders.
User templates additionally run in a separate, memory-limited process (`isolation`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import StrictUndefined
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT = 5_000_000
"""Characters a report may have."""
MAX_RANGE = 10_000
"""Items one `range()` may yield."""
MAX_ITERATIONS = 1_000_000
"""Iterations all `range()` loops of one render may make together."""
MAX_EXPONENT = 1_000
DEADLINE_SECONDS = 5.0


class TemplateLimit(Exception):
    """The template asked for more than a report may take: `kind` is `size` or `time`."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


class Budget:
    """Iterations and time left for one render."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + DEADLINE_SECONDS
        self.iterations = 0

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise TemplateLimit("time", f"more than {MAX_ITERATIONS} loop iterations")
        if self.iterations % 1024 == 0:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit("time", f"rendering took longer than {DEADLINE_SECONDS:g} s")


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with size and time bounds; one instance per render."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(
        self, autoescape: bool, loader: Any, finalize: Callable[[Any], Any] | None = None
    ) -> None:
        super().__init__(
            autoescape=autoescape,
            finalize=finalize,
            undefined=StrictUndefined,
            loader=loader,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.budget = Budget()
        self.globals["range"] = self.guarded_range

    def guarded_range(self, *args: int) -> Iterator[int]:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit("size", f"range() of {len(numbers)} items (limit {MAX_RANGE})")
        for number in numbers:
            self.budget.tick()
            yield number

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.check_time()
        if operator == "**":
            if not isinstance(right, int | float) or abs(right) > MAX_EXPONENT:
                raise TemplateLimit("size", f"exponent {str(right)[:20]} is too large")
            if isinstance(left, int) and left.bit_length() * abs(right) > 100_000:
                raise TemplateLimit("size", "power is too large")
            return left**right
        for seq, times in ((left, right), (right, left)):
            length = _sized(seq)
            if length is not None and isinstance(times, int) and length * times > MAX_OUTPUT:
                raise TemplateLimit("size", f"repetition of {length} × {times} items")
        return left * right


def render_stream(chunks: Iterator[str], budget: Budget) -> str:
    """Join the rendered chunks, refusing output past `MAX_OUTPUT` or the deadline."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateLimit("size", f"output longer than {MAX_OUTPUT} characters")
        budget.check_time()
        out.append(chunk)
    return "".join(out)


Loader = Callable[[str], tuple[str, str, Callable[[], bool]]]
