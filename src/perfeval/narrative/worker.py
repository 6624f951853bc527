"""The child process of `isolation`: render one user template, answer in JSON.

Run as `python -I -m perfeval.narrative.worker`. Memory and CPU time are capped before the
template is read; the only template it can load is the one it was given.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from perfeval.errors import InputError
from perfeval.narrative.templating import Source, render

MEMORY_BYTES = 1 << 30
CPU_SECONDS = 15


def _limit_resources() -> None:
    try:
        import resource  # POSIX only
    except ImportError:  # pragma: no cover — Windows: the parent's timeout still applies
        return
    for kind, wanted in ((resource.RLIMIT_AS, MEMORY_BYTES), (resource.RLIMIT_CPU, CPU_SECONDS)):
        soft, hard = resource.getrlimit(kind)
        cap = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(kind, (cap, hard))


def answer(request: dict[str, Any]) -> dict[str, Any]:
    name, source = str(request["name"]), str(request["source"])

    def loader(wanted: str) -> Source | None:
        return (source, name, lambda: True) if wanted == name else None

    try:
        return {"text": render(str(request["format"]), name, request["context"], loader)}
    except InputError as exc:
        found = [
            {
                "code": d.code,
                "file": d.location.file,
                "line": d.location.line,
                "col": d.location.col,
                "params": d.params,
            }
            for d in exc.diagnostics
        ]
        return {"diagnostics": found}


def main() -> int:
    _limit_resources()
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdout.write(json.dumps(answer(request)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
