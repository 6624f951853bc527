"""Measure perfeval against the floor of its own stack, in one run, as ratios.

    python bench/measure.py [--count 10000] [--runs 3] [--small-runs 15] [--work DIR]

Baselines (issue 5):
  Y2 = python -c "import typer, yaml, rich.table, rich.console; from pydantic import BaseModel"
  Y3 = a one-command typer app's --help
  B2 = a plain loop over the same files: yaml.load(CSafeLoader) + Submission.model_validate
  B1 = the same loop with the parse alone: yaml.load(CSafeLoader) (issue 16)

Issue 16's rows: the corpus again with the seed's three warnings in every file (generate.py
--warnings) against the clean corpus; 1,500 copies of examples/haizhu-2023.yaml against B1;
and, in process, `score_file` against the parse alone on copies of two examples
(bench/inprocess.py).

Each perfeval command and its baseline are run alternately (A B A B …) after warm-up runs,
so drift on the machine hits both. Reported: median and min–max wall time, the ratio of
medians, and the peak RSS of the largest process (ru_maxrss from wait4). Not part of the
test suite: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "examples" / "haizhu-2023.yaml"
PYTHON = sys.executable
PERFEVAL = [str(Path(PYTHON).parent / "perfeval")]  # the console script a user runs
Y2 = [PYTHON, "-c", "import typer, yaml, rich.table, rich.console; from pydantic import BaseModel"]
MODELS = [PYTHON, "-c", "import typer, yaml, rich.table, rich.console; from pydantic import "
          "BaseModel; import perfeval.models.rubric, perfeval.models.submission"]  # fmt: skip
"""Not a target: Y2 plus building the models any validating run needs, before any work."""
TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def main(name: str) -> None:
    \"\"\"Greet.\"\"\"
    print(name)
app()
"""
B1_LOOP = """
import sys, yaml
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        with open(line.rstrip("\\n"), "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    except Exception:
        pass
"""
B2_LOOP = """
import sys, yaml
from perfeval.models.submission import Submission
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        with open(line.rstrip("\\n"), "rb") as handle:
            Submission.model_validate(yaml.load(handle, Loader=yaml.CSafeLoader))
    except Exception:
        pass
"""


@dataclass
class Timing:
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    max_rss_kib: int = 0
    exit_codes: set[int] = field(default_factory=set)

    def run(self, cwd: Path) -> None:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 — our own fixed commands
            self.command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        self.seconds.append(time.perf_counter() - started)
        self.exit_codes.add(os.waitstatus_to_exitcode(status))
        self.max_rss_kib = max(self.max_rss_kib, usage.ru_maxrss)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def words(self) -> str:
        low, high = min(self.seconds), max(self.seconds)
        unit, scale = ("ms", 1000) if self.median < 2 else ("s", 1)
        return f"{self.median * scale:.3g} {unit} ({low * scale:.3g}–{high * scale:.3g})"


def compare(a: Timing, b: Timing, runs: int, warmups: int, cwd: Path) -> None:
    for _ in range(warmups):
        a.run(cwd)
        b.run(cwd)
    a.seconds.clear()
    b.seconds.clear()
    for _ in range(runs):
        a.run(cwd)
        b.run(cwd)


def _show(cmd: list[str]) -> str:
    shown = [Path(c).name if c == PYTHON else c for c in cmd]
    return " ".join(f'"{c}"' if " " in c else c for c in shown)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )


def generated(work: Path, count: int, warnings: bool = False) -> Path:
    """The bench corpus of `count` files (generated once per count and variant)."""
    corpus = work / (f"corpus-warnings-{count}" if warnings else f"corpus-{count}")
    if not corpus.exists():
        variant = ["--warnings"] if warnings else []
        command = [PYTHON, str(HERE / "generate.py"), str(corpus), "--count", str(count)]
        subprocess.run([*command, *variant], check=True)  # noqa: S603
    return corpus


def seed_copies(work: Path, count: int) -> tuple[Path, Path]:
    """`count` copies of examples/haizhu-2023.yaml (its rubric is bundled) and their list."""
    folder = work / f"seed-{count}"
    if not folder.exists():
        folder.mkdir()
        for index in range(count):
            shutil.copyfile(SEED, folder / f"dept-{index:05d}.yaml")
    listing = work / f"seed-{count}.txt"
    files = sorted(str(p) for p in folder.glob("dept-*.yaml"))
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    return folder, listing


def prepare(work: Path, count: int) -> tuple[Path, Path, Path]:
    """The corpus (generated once per count), its file list for B2, and one file."""
    corpus = generated(work, count)
    listing = work / f"files-{count}.txt"
    files = sorted(str(p) for p in corpus.rglob("dept-*.yaml"))
    listing.write_text("\n".join(files) + "\n", encoding="utf-8")
    one = work / "one.yaml"
    shutil.copyfile(files[1], one)
    shutil.copyfile(corpus / Path(files[1]).parent.name / "bench-rubric.yaml",
                    work / "bench-rubric.yaml")  # fmt: skip
    return corpus, listing, one


def compile_bytecode() -> None:
    """Byte-compile the installed perfeval, as `pip install .` does. An editable install
    is never compiled by pip, and where PYTHONDONTWRITEBYTECODE is set (this workplace sets
    it) every run would compile perfeval's sources again: ~15 ms that no user pays."""
    import compileall

    import perfeval

    compileall.compile_dir(Path(perfeval.__file__).parent, quiet=1)


@dataclass
class Rows:
    """The rows of one run: each a perfeval command against its baseline, run alternately."""

    work: Path
    rows: list[dict[str, object]] = field(default_factory=list)

    def row(self, what: str, target: float | None, ours: list[str], base: list[str],
            runs: int, warmups: int, base_name: str) -> Timing:  # fmt: skip
        a, b = Timing(ours), Timing(base)
        compare(a, b, runs, warmups, self.work)
        ratio = a.median / b.median
        met = None if target is None else ratio <= target
        self.rows.append({"what": what, "command": _show(ours), "baseline": base_name,
                          "baseline_command": _show(base), "ours": a.words(), "base": b.words(),
                          "ratio": round(ratio, 2), "target": target, "met": met,
                          "ours_rss_kib": a.max_rss_kib, "base_rss_kib": b.max_rss_kib,
                          "exit_codes": sorted(a.exit_codes)})  # fmt: skip
        print(f"{what}: {a.words()} vs {base_name} {b.words()} → {ratio:.2f} (≤ {target})"
              f"  exit {sorted(a.exit_codes)}")  # fmt: skip
        return a


def measure(args: argparse.Namespace) -> list[dict[str, object]]:
    compile_bytecode()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus, listing, _ = prepare(work, args.count)
    # the rubric copies in the work folder are the bureau's: trusted, as its CI would set it
    # (without this every file would be refused with PE221 and the batch would measure nothing)
    os.environ["PERFEVAL_RUBRIC_PATH"] = str(work.resolve())
    found = Rows(work)
    if not args.only_issue_16:
        startup_and_batch(args, found, corpus, listing)
    with_warnings(args, found, corpus)
    found.rows.extend(in_process(args.small_runs))
    return found.rows


def startup_and_batch(args: argparse.Namespace, found: Rows, corpus: Path, listing: Path) -> None:
    """Issue 5's rows: start-up, one file, the batch, the cache, memory."""
    work, row = found.work, found.row
    (work / "typer_app.py").write_text(textwrap.dedent(TYPER_APP), encoding="utf-8")
    b2_script = work / "b2_loop.py"
    b2_script.write_text(B2_LOOP, encoding="utf-8")
    cache_dir = work / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    small, big = args.small_runs, args.runs
    y3 = [PYTHON, str(work / "typer_app.py"), "--help"]
    b2 = [PYTHON, str(b2_script), str(listing)]
    row("perfeval --help", 1.10, [*PERFEVAL, "--help"], y3, small, 3, "Y3")
    row("(floor, no target) Y2 + building the rubric and submission models", None, MODELS,
        Y2, small, 3, "Y2")  # fmt: skip
    no_cache = ["--no-cache"]
    single = row("perfeval validate one.yaml (no cache)", 1.35,
                 [*PERFEVAL, "validate", "one.yaml", *no_cache], Y2, small, 3, "Y2")  # fmt: skip
    cached = ["--cache-dir", str(cache_dir)]
    row("perfeval validate one.yaml (cache warm)", 1.35,
        [*PERFEVAL, "validate", "one.yaml", *cached], Y2, small, 3, "Y2")  # fmt: skip
    row("perfeval score one.yaml (table, no cache)", 1.55,
        [*PERFEVAL, "score", "one.yaml", *no_cache], Y2, small, 3, "Y2")  # fmt: skip
    row("perfeval score one.yaml (table, cache warm)", 1.55,
        [*PERFEVAL, "score", "one.yaml", *cached], Y2, small, 3, "Y2")  # fmt: skip
    batch = [*PERFEVAL, "score", str(corpus), "-f", "csv"]
    jobs1 = row(f"{args.count} files, --jobs 1, csv", 1.20,
                [*batch, "--jobs", "1", *no_cache], b2, big, 1, "B2")  # fmt: skip
    row(f"{args.count} files, --jobs 2, csv", 0.60,
        [*batch, "--jobs", "2", *no_cache], b2, big, 1, "B2")  # fmt: skip
    row(f"{args.count} files again, cache warm (--jobs 2)", 0.10,
        [*batch, "--jobs", "2", *cached], b2, big, 1, "B2")  # fmt: skip
    memory = jobs1.max_rss_kib / single.max_rss_kib
    found.rows.append({"what": f"peak RSS, {args.count} files --jobs 1 vs one-file validate",
                       "ours": f"{jobs1.max_rss_kib / 1024:.1f} MiB",
                       "base": f"{single.max_rss_kib / 1024:.1f} MiB", "ratio": round(memory, 2),
                       "target": 1.5, "met": memory <= 1.5})  # fmt: skip
    print(f"peak RSS: {jobs1.max_rss_kib} KiB vs {single.max_rss_kib} KiB → {memory:.2f} (≤ 1.5)")


def with_warnings(args: argparse.Namespace, found: Rows, corpus: Path) -> None:
    """Issue 16's batch rows: real submissions carry warnings; the seed copies against B1."""
    work, big, no_cache = found.work, args.runs, ["--no-cache"]
    warned = generated(work, args.count, warnings=True)
    clean = [*PERFEVAL, "score", str(corpus), "-f", "csv", "--jobs", "2", *no_cache]
    found.row(f"{args.count} files with the seed's warnings, --jobs 2, csv", 1.15,
              [*PERFEVAL, "score", str(warned), "-f", "csv", "--jobs", "2", *no_cache],
              clean, big, 1, "the clean corpus")  # fmt: skip
    seeds, seed_list = seed_copies(work, 1500)
    b1_script = work / "b1_loop.py"
    b1_script.write_text(B1_LOOP, encoding="utf-8")
    found.row("1500 copies of the seed, --jobs 2, csv", 0.80,
              [*PERFEVAL, "score", str(seeds), "-f", "csv", "--jobs", "2", *no_cache],
              [PYTHON, str(b1_script), str(seed_list)], big, 1, "B1")  # fmt: skip


def in_process(passes: int) -> list[dict[str, object]]:
    """Issue 16's per-file ratio: score_file against the parse alone, on example copies."""
    rows: list[dict[str, object]] = []
    for example in ("haizhu-2023.yaml", "minghu-culture-dept-2023.yaml"):
        command = [PYTHON, str(HERE / "inprocess.py"), str(SEED.parent / example), "--json"]
        command += ["--passes", str(passes)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        found = json.loads(done.stdout)
        ratio = found["ratio"]
        rows.append({"what": f"in process, score_file vs CSafeLoader, copies of {example}",
                     "ours": f"{found['score_file']:.2f} ms/file",
                     "base": f"{found['CSafeLoader']:.2f} ms/file", "ratio": ratio,
                     "target": 1.3, "met": ratio <= 1.3})  # fmt: skip
        print(f"in process, {example}: {found['score_file']:.2f} vs "
              f"{found['CSafeLoader']:.2f} ms/file → {ratio:.2f} (≤ 1.3)")  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each batch command")
    parser.add_argument("--small-runs", type=int, default=15, help="runs of each one-file command")
    default_work = Path(tempfile.gettempdir()) / "perfeval-bench"
    parser.add_argument("--work", type=Path, default=default_work)
    parser.add_argument("--json", type=Path, help="also write the rows here")
    only = "only the warnings corpus, the seed copies and the in-process rows"
    parser.add_argument("--only-issue-16", action="store_true", help=only)
    args = parser.parse_args()
    print(machine())
    rows = measure(args)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "rows": rows}, indent=1, ensure_ascii=False)
        )


if __name__ == "__main__":
    main()
