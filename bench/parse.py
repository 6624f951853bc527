"""Is a parse without positions worth it? Time the ways to read a submission.

    python bench/parse.py CORPUS_DIR [--files 500]

- perfeval's loader as `score` uses it: a plain file is read on the fast path (libyaml events
  → plain data, no positions; `perfeval.load.yaml_plain`), positions built only if asked for;
- the locating builder alone (libyaml events → data + a position for every key and item),
  what every file went through before the fast path, and what locates problems now;
- `yaml.load(CSafeLoader)` — B2's parser (libyaml in C, construction in Python);
- json: the standard json parser on the same data (what a `.json` submission gets).

Each over the same files, best of 5 passes, in-process (no start-up cost).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from perfeval.load.document import MAX_DEPTH, _located, parse_bytes
from perfeval.load.json_submission import _fast


def best(passes: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(passes):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    paths = sorted(args.corpus.rglob("dept-*.yaml"))[: args.files]
    raws = [p.read_bytes() for p in paths]
    jsons = [json.dumps(yaml.safe_load(r), ensure_ascii=False).encode() for r in raws]
    texts = [r.decode("utf-8") for r in raws]
    runs = {
        "perfeval loader (fast path)": lambda: [parse_bytes(r, "x") for r in raws],
        "locating builder (every position)": lambda: [_located(t, "x", MAX_DEPTH) for t in texts],
        "yaml.load CSafeLoader (B2's parser)": lambda: [
            yaml.load(r, Loader=yaml.CSafeLoader) for r in raws
        ],
        "json (stdlib, perfeval fast path)": lambda: [_fast(j) for j in jsons],
    }
    base = None
    for name, work in runs.items():
        seconds = best(5, work)
        base = base or seconds
        per_file = seconds / len(raws) * 1000
        print(f"{name}: {per_file:.3f} ms/file ({seconds / base:.2f}× the loader)")


if __name__ == "__main__":
    main()
