"""Is a parse without positions worth it? Time the three ways to read a submission.

    python bench/parse.py CORPUS_DIR [--files 500]

- positions: perfeval's loader (libyaml events → plain data + a SourceMap), what `score` uses;
- no positions: `yaml.load(CSafeLoader)` — the only faster-looking YAML path PyYAML offers
  (libyaml scanner/parser/composer in C; construction in Python);
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

from perfeval.json_submission import _fast
from perfeval.loader import parse_bytes


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
    runs = {
        "positions (perfeval loader)": lambda: [parse_bytes(r, "x") for r in raws],
        "no positions (yaml.load CSafeLoader)": lambda: [
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
