"""Rendering a user's own template (`--template FILE`) in a separate, bounded process.

The guarded sandbox (`limits`) refuses Python internals and bounds loops, repetition and
output; running the render in a child process adds hard limits no template can talk its
way around: a wall-clock timeout, and (where the platform has `resource`) caps on memory
and CPU time. The child gets the template text and the report as JSON on stdin and answers
with JSON on stdout; it has no loader for any other file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from perfeval.errors import Diagnostic, InputError, Location, diagnostic

WORKER_TIMEOUT_SECONDS = 20.0


def render_isolated(fmt: str, name: str, source: str, context: dict[str, Any]) -> str:
    """Render `source` (shown as `name` in messages) in the worker; failures → InputError."""
    payload = json.dumps({"format": fmt, "name": name, "source": source, "context": context})
    command = [sys.executable, "-I", "-m", "perfeval.narrative.worker"]
    try:
        done = subprocess.run(  # noqa: S603 — our own interpreter and module, fixed arguments
            command,
            input=payload.encode("utf-8"),
            capture_output=True,
            timeout=WORKER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        limit = f"{WORKER_TIMEOUT_SECONDS:g} s"
        raise InputError([diagnostic("PE805", Location(name), problem=limit)]) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        problem = f"renderer stopped (exit status {done.returncode})"
        raise InputError([diagnostic("PE804", Location(name), problem=problem)]) from None
    if "text" in answer:
        text: str = answer["text"]
        return text
    raise InputError([_diagnostic(d) for d in answer["diagnostics"]])


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    where = Location(str(data["file"]), int(data["line"]), int(data["col"]))
    return Diagnostic(str(data["code"]), where, {k: str(v) for k, v in data["params"].items()})
