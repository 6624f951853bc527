"""The bureau's page against the csv format on the same batch: time, peak RSS, page size,
and how long headless Chromium takes to open the page.

    python bench/bureau.py CORPUS_DIR [--runs 2] [--jobs 1 2] [--out DIR]

CORPUS_DIR is a batch made by `bench/generate.py` (its folders each hold a copy of
bench-rubric.yaml; the run names it with --rubric, as a bureau insists on its own). For
each --jobs value, `score -f csv -o` and `score -f html -o` run alternately (A B A B …,
no cache) after --warmup rounds (default 1); reported: median and min–max wall time, the peak RSS of
the largest process (ru_maxrss from wait4), the output's size. Then Chromium prints the page
to PNG (load, style, layout and paint of the top of the page), against an empty page, three
times each. Nothing here asserts a time: it prints what it measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERFEVAL = [str(Path(sys.executable).parent / "perfeval")]
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def timed(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 — our own fixed commands
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def spread(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):.1f} s ({min(seconds):.1f}–{max(seconds):.1f})"


def formats(corpus: Path, out: Path, jobs: int, runs: int, warmup: int) -> dict[str, Path]:
    rubric = str(HERE / "bench-rubric.yaml")
    commands, outputs = {}, {}
    for fmt in ("csv", "html"):
        outputs[fmt] = out / f"batch-jobs{jobs}.{fmt}"
        commands[fmt] = [*PERFEVAL, "score", str(corpus), "-f", fmt, "-o", str(outputs[fmt]),
                         "--rubric", rubric, "--jobs", str(jobs), "--no-cache"]  # fmt: skip
    seconds: dict[str, list[float]] = {"csv": [], "html": []}
    peak = {"csv": 0, "html": 0}
    for run in range(warmup + runs):  # warm-up rounds fill the page cache, unmeasured
        for fmt, command in commands.items():
            wall, rss, code = timed(command)
            if run >= warmup:
                seconds[fmt].append(wall)
                peak[fmt] = max(peak[fmt], rss)
            print(f"  jobs {jobs} {fmt} run {run}: {wall:.1f} s, {rss / 1024:.1f} MiB, exit {code}")
    for fmt in commands:
        size = outputs[fmt].stat().st_size / 2**20
        print(f"jobs {jobs} {fmt}: {spread(seconds[fmt])}, peak RSS {peak[fmt] / 1024:.1f} MiB, "
              f"output {size:.1f} MiB")  # fmt: skip
    return outputs


def chromium_open(page: Path, out: Path, runs: int = 3) -> None:
    found = next((path for name in CHROMIUM if (path := shutil.which(name))), None)
    if found is None:
        print("chromium: missing, the page's open time is not measured")
        return
    empty = out / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1200,1000"]  # fmt: skip
    times: dict[str, list[float]] = {"empty": [], "page": []}
    for _ in range(runs):
        for name, target in (("empty", empty), ("page", page)):
            shot = out / f"open-{name}.png"
            command = [found, *flags, f"--screenshot={shot}", target.resolve().as_uri()]
            times[name].append(timed(command)[0])
    print(f"chromium screenshot of an empty page: {spread(times['empty'])}")
    print(f"chromium screenshot of {page.name} ({page.stat().st_size / 2**20:.1f} MiB): "
          f"{spread(times['page'])}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bureau-bench")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = sum(1 for _ in args.corpus.rglob("dept-*"))
    print(f"{files} files in {args.corpus}")
    pages = [
        formats(args.corpus, args.out, jobs, args.runs, args.warmup)["html"] for jobs in args.jobs
    ]
    chromium_open(pages[-1], args.out)


if __name__ == "__main__":
    main()
