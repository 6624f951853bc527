"""A batch made by the bench generator (bench/generate.py), for the bureau's views: a few
dozen distinct departments, plus a claimed score that is off and a broken file."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "bench" / "bench-rubric.yaml"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(count: int, seed: int = 2023) -> list[dict[str, Any]]:
    """`count` generated submissions (the generator's own, in its order)."""
    make = generator().submission
    rng = random.Random(seed)  # noqa: S311 — test data
    return [make(index, 500, rng) for index in range(count)]


def write_batch(folder: Path, docs: list[dict[str, Any]]) -> list[Path]:
    """The documents as YAML files `dept-NN.yaml` in `folder` (the rubric is given with
    --rubric, as a bureau insists on its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, doc in enumerate(docs):
        path = folder / f"dept-{index:02d}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def bureau_batch(folder: Path, count: int = 24) -> list[Path]:
    """A generated batch where file 3 claims 100 (a claimed ≠ computed) and file 5 is broken
    YAML (not scored)."""
    docs = documents(count)
    docs[3]["claimed_score"] = 100
    paths = write_batch(folder, docs)
    text = paths[5].read_text("utf-8").replace("indicators:", "indicators: [", 1)
    paths[5].write_text(text, "utf-8")
    return paths
