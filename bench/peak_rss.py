"""Run one command; print its wall time, peak RSS (ru_maxrss from wait4) and exit code.

python bench/peak_rss.py python -m perfeval score DIR -f csv --jobs 1 --no-cache
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def main() -> None:
    command = sys.argv[1:]
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 — the command the user typed
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    print(f"{seconds:.1f} s, peak RSS {usage.ru_maxrss / 1024:.1f} MiB, exit {code}")


if __name__ == "__main__":
    main()
