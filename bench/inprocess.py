"""score_file against the parse alone, in one process, on copies of one example (issue 16).

    python bench/inprocess.py examples/haizhu-2023.yaml [--copies 100] [--passes 7] [--json]

The example is copied `--copies` times into a temporary folder (as dept-NNN.yaml, each a
distinct file), then two loops over the copies alternate `--passes` times: perfeval's
`score_file` (read, parse, validate, engine, checks, headline — what `perfeval score` does per
file, without process start-up or output) and `yaml.load(CSafeLoader)` of the same bytes.
The best pass of each is kept (CPU time of this process, so a busy machine's other work
counts less); the ratio is the issue's figure (target ≤ 1.3).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from perfeval.run.score import score_file


def best_ms(loops: dict[str, Callable[[], object]], passes: int, count: int) -> dict[str, float]:
    """Each loop's best pass in ms per file, the loops alternating pass by pass."""
    best = dict.fromkeys(loops, float("inf"))
    for _ in range(passes):
        for name, loop in loops.items():
            started = time.process_time()
            loop()
            best[name] = min(best[name], time.process_time() - started)
    return {name: seconds / count * 1000 for name, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("example", type=Path, help="a submission naming a bundled rubric")
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder) / f"dept-{i:03d}.yaml" for i in range(args.copies)]
        for path in files:
            shutil.copyfile(args.example, path)
        if score_file(files[0], files[0].name).headline is None:
            parser.error(f"{args.example} is not scored: run perfeval score on it")
        loops: dict[str, Callable[[], object]] = {
            "score_file": lambda: [score_file(p, p.name) for p in files],
            "CSafeLoader": lambda: [yaml.load(p.read_bytes(), yaml.CSafeLoader) for p in files],
        }
        found = best_ms(loops, args.passes, len(files))
    ratio = found["score_file"] / found["CSafeLoader"]
    if args.json:
        print(json.dumps({**found, "ratio": round(ratio, 2)}))
    else:
        ours, parse = found["score_file"], found["CSafeLoader"]
        print(f"{args.example.name}: score_file {ours:.3f} ms/file, "
              f"CSafeLoader {parse:.3f} ms/file, ratio {ratio:.2f} (≤ 1.3)")  # fmt: skip


if __name__ == "__main__":
    main()
