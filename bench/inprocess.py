"""score_file against the parse alone, in one process, on copies of one example (issue 16).

    python bench/inprocess.py examples/haizhu-2023.yaml [--copies 100] [--passes 7] [--json]

The example is copied `--copies` times into a temporary folder (as dept-NNN.yaml, each a
distinct file). Two loops over the same files are compared: perfeval's `score_file` (read,
parse, validate, engine, checks, headline — what `perfeval score` does per file, without
process start-up or output) and `yaml.load(CSafeLoader)` of the same bytes. The host is
shared and its speed drifts by ±50% within seconds, so the loops are compared in pairs: a
slice of `--slice` files through one loop, then the same slice through the other (which
goes first alternates), `--passes` times over all the files. Each pair gives a ratio; the
figure is the median of the pairs' ratios (target ≤ 1.3), beside the median ms per file of
each loop (CPU time of this process, so other processes' work counts less).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from perfeval.run.score import score_file


def paired(
    loops: dict[str, Callable[[list[Path]], object]], files: list[Path], passes: int, size: int
) -> tuple[dict[str, float], float]:
    """Median ms per file of each of the two loops, and the median of their paired ratios."""
    (first, one), (second, other) = loops.items()
    slices = [files[i : i + size] for i in range(0, len(files), size)]
    per_file: dict[str, list[float]] = {first: [], second: []}
    ratios: list[float] = []
    for turn in range(passes * len(slices)):
        chunk = slices[turn % len(slices)]
        order = [(first, one), (second, other)][:: 1 if turn % 2 else -1]
        took: dict[str, float] = {}
        for name, loop in order:
            started = time.process_time()
            loop(chunk)
            took[name] = time.process_time() - started
            per_file[name].append(took[name] / len(chunk) * 1000)
        if took[second] > 0:
            ratios.append(took[first] / took[second])
    medians = {name: statistics.median(values) for name, values in per_file.items()}
    return medians, statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("example", type=Path, help="a submission naming a bundled rubric")
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--slice", type=int, default=10, help="files timed between switches")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder) / f"dept-{i:03d}.yaml" for i in range(args.copies)]
        for path in files:
            shutil.copyfile(args.example, path)
        if score_file(files[0], files[0].name).headline is None:
            parser.error(f"{args.example} is not scored: run perfeval score on it")
        loops: dict[str, Callable[[list[Path]], object]] = {
            "score_file": lambda chunk: [score_file(p, p.name) for p in chunk],
            "CSafeLoader": lambda chunk: [
                yaml.load(p.read_bytes(), yaml.CSafeLoader) for p in chunk
            ],
        }
        found, ratio = paired(loops, files, args.passes, args.slice)
    if args.json:
        print(json.dumps({**found, "ratio": round(ratio, 2)}))
    else:
        ours, parse = found["score_file"], found["CSafeLoader"]
        print(f"{args.example.name}: score_file {ours:.3f} ms/file, "
              f"CSafeLoader {parse:.3f} ms/file, ratio {ratio:.2f} (≤ 1.3)")  # fmt: skip


if __name__ == "__main__":
    main()
