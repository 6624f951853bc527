"""What a run imports (issue 5): `--help` loads no YAML, models, rich tables or Jinja2;
`validate` never loads rich tables; a run answered from the result cache in a format that
shows only headlines builds no model and parses no YAML. Each run is a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("yaml", "pydantic.fields", "perfeval.models.common", "perfeval.engine", "rich.table",
         "jinja2", "openpyxl", "docx")  # fmt: skip

PROBE = """
import json, sys
from perfeval.cli.app import main
heavy = json.loads(sys.argv[2])
sys.argv = ["perfeval", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.__stdout__.write("\\n@@" + json.dumps([m for m in heavy if m in sys.modules]))
"""


def loaded(args: list[str], cwd: Path) -> set[str]:
    """The HEAVY modules a `perfeval ARGS` process had imported when it finished."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return set(json.loads(done.stdout.rpartition("\n@@")[2]))


def test_help_loads_no_yaml_models_tables_or_templates(tmp_path: Path) -> None:
    assert loaded(["--help"], tmp_path) == set()


def test_validate_never_loads_rich_tables(seed: Path, tmp_path: Path) -> None:
    assert "rich.table" not in loaded(["validate", str(seed), "--no-cache"], tmp_path)


@pytest.mark.parametrize(
    "args",
    [["validate"], ["score", "--format", "csv"], ["score", "--format", "jsonl"]],
    ids=["validate", "csv", "jsonl"],
)
def test_a_cached_result_shown_as_a_headline_loads_no_yaml_and_no_models(
    args: list[str], seed: Path, tmp_path: Path
) -> None:
    run = [*args, str(seed), "--cache-dir", str(tmp_path / "cache")]
    cold = loaded(run, tmp_path)
    assert {"yaml", "perfeval.engine"} <= cold  # the first run scores
    assert loaded(run, tmp_path) == set()  # the second is answered from the cache


def test_a_cached_result_shown_as_a_table_still_loads_no_yaml(seed: Path, tmp_path: Path) -> None:
    run = ["score", str(seed), "--cache-dir", str(tmp_path / "cache")]
    loaded(run, tmp_path)
    warm = loaded(run, tmp_path)
    assert "rich.table" in warm and "yaml" not in warm and "perfeval.engine" not in warm
