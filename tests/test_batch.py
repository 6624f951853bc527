"""Batch scoring: discovery, ordering with worker processes, one bad file among many, the
exit code of the worst file, and the batch formats (summary, csv, jsonl)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.load.sources import bundled_dir
from perfeval.render.csv_format import neutralise
from perfeval.run import parallel
from perfeval.run.cache import score_and_store
from perfeval.run.discover import discover, looks_like_rubric
from perfeval.run.score import Read


def make_submission(seed: Path, folder: Path, index: int, *, cases: int = 0) -> Path:
    """The seed under another department name; `cases` asset problems cost a point each."""
    text = seed.read_text(encoding="utf-8")
    text = text.replace("name: 广州市海珠区人民政府办公室", f"name: 测试部门{index:02d}")
    text = text.replace("asset_management:\n    count: 0", f"asset_management:\n    count: {cases}")
    text = text.replace("claimed_score: 99", f"claimed_score: {99 - cases}")
    path = folder / f"dept-{index:02d}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def batch_dir(seed: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "district"
    (folder / "sub").mkdir(parents=True)
    for index in range(10):
        make_submission(seed, folder if index % 2 else folder / "sub", index, cases=index % 4)
    return folder


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


def jsonl_paths(stdout: str) -> list[str]:
    return [json.loads(line)["path"] for line in stdout.splitlines()]


# -- discovery ---------------------------------------------------------------------------


def test_directories_recurse_in_sorted_order_and_skip_hidden_and_rubrics(
    batch_dir: Path,
) -> None:
    (batch_dir / ".hidden").mkdir()
    (batch_dir / ".hidden" / "x.yaml").write_text("rubric: x\n", encoding="utf-8")
    (batch_dir / "notes.txt").write_text("not a submission", encoding="utf-8")
    rubric = (bundled_dir() / "gd-dept-overall.yaml").read_bytes()
    (batch_dir / "rubric.yaml").write_bytes(rubric)
    found = [f.display for f in discover([str(batch_dir)])]
    expected = sorted(
        str(p) for p in batch_dir.rglob("dept-*.yaml")
    )  # os.walk: files of a folder, then its sub-folders
    assert sorted(found) == expected
    assert found[:5] == [str(batch_dir / f"dept-{i:02d}.yaml") for i in (1, 3, 5, 7, 9)]
    assert looks_like_rubric(rubric, ".yaml")


def test_globs_files_and_duplicates(batch_dir: Path) -> None:
    first = str(batch_dir / "dept-03.yaml")
    found = discover([first, str(batch_dir / "sub" / "*.yaml"), str(batch_dir)])
    displays = [f.display for f in found]
    assert displays[0] == first
    assert len(displays) == len(set(Path(d).resolve() for d in displays)) == 10


def test_the_same_file_under_another_name_is_scored_once(batch_dir: Path) -> None:
    original = batch_dir / "dept-03.yaml"
    (batch_dir / "alias.yaml").symlink_to(original)
    (batch_dir / "sub" / "hard-link.yaml").hardlink_to(original)
    found = [f.display for f in discover([str(original), str(batch_dir)])]
    assert found[0] == str(original) and len(found) == 10


def test_a_pattern_matching_nothing_is_an_error_exit_2(batch_dir: Path) -> None:
    code, _, stderr = invoke(str(batch_dir / "*.json"), "--no-cache")
    assert code == 2
    assert "[PE030]" in stderr


# -- ordering and failures -----------------------------------------------------------------


def test_jobs_2_keeps_input_order_when_the_first_file_finishes_last(
    batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = discover([str(batch_dir)])[0].display

    def slow_first(
        path: Path, display: str, rubric: str | None, store: object, read: Read | None = None
    ) -> object:
        if display == first:
            time.sleep(0.5)  # the other workers finish everything else meanwhile
        return score_and_store(path, display, rubric, None, read)

    monkeypatch.setattr(parallel, "score_and_store", slow_first)  # forked workers inherit it
    code, parallel_out, _ = invoke(str(batch_dir), "-f", "jsonl", "--jobs", "2", "--no-cache")
    assert code == 0
    _, serial_out, _ = invoke(str(batch_dir), "-f", "jsonl", "--jobs", "1", "--no-cache")
    assert jsonl_paths(parallel_out) == [f.display for f in discover([str(batch_dir)])]
    assert parallel_out == serial_out


def test_one_broken_file_reports_its_error_and_the_others_still_score(batch_dir: Path) -> None:
    broken = batch_dir / "dept-05.yaml"
    broken.write_text("rubric: gd-dept-overall\ndepartment: [\n", encoding="utf-8")
    code, stdout, stderr = invoke(str(batch_dir), "-f", "jsonl", "--jobs", "2", "--no-cache")
    assert code == 1
    assert f"{broken}:3:1: [PE001]" in stderr
    records = [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == 10
    verdicts = {r["path"]: (r["verdict"], r["headline"] is not None) for r in records}
    assert verdicts.pop(str(broken)) == ("failed", False)  # not scored
    assert set(verdicts.values()) == {("passed", True)}


def test_exit_code_is_the_worst_file(
    batch_dir: Path, seed: Path, trust_rubrics: Callable[[Path], None]
) -> None:
    assert invoke(str(batch_dir), "-f", "csv", "--no-cache")[0] == 0
    assert invoke(str(batch_dir), "-f", "csv", "--no-cache", "--fail-under", "98")[0] == 1
    folder = batch_dir / "own-rubric"
    folder.mkdir()
    trust_rubrics(folder)
    path = make_submission(seed, folder, 99)
    path.write_text(
        path.read_text(encoding="utf-8").replace("rubric: gd-dept-overall", "rubric: broken.yaml"),
        encoding="utf-8",
    )
    (folder / "broken.yaml").write_text("id: broken\nindicators:\n  - {id: x}\n", "utf-8")
    code, stdout, _ = invoke(str(batch_dir), "-f", "csv", "--no-cache", "--fail-under", "98")
    assert code == 2  # a rubric that cannot be used beats a failed submission
    assert len(stdout.splitlines()) == 12  # header + 11 records: the rubric was not scored


# -- formats -------------------------------------------------------------------------------


def test_many_files_as_a_table_give_the_summary_sorted_by_score(batch_dir: Path) -> None:
    code, stdout, _ = invoke(str(batch_dir), "--lang", "en", "--no-cache")
    assert code == 0
    rows = [line.split() for line in stdout.splitlines() if "测试部门" in line]
    assert len(rows) == 10
    assert all(len(row[4]) == 12 for row in rows)  # the rubric's digest beside its id
    totals = [float(row[5]) for row in rows]
    assert totals == sorted(totals, reverse=True)
    assert [int(row[0]) for row in rows] == list(range(1, 11))
    assert "Grades: Excellent 10" in stdout
    assert "All passed" in stdout
    assert "Asset management -3" in stdout  # the largest deduction of the 96-point files


def test_summary_lists_the_failures(batch_dir: Path) -> None:
    (batch_dir / "dept-01.yaml").write_text("rubric: gd-dept-overall\n", encoding="utf-8")
    code, stdout, _ = invoke(str(batch_dir), "-f", "summary", "--lang", "en", "--no-cache")
    assert code == 1
    assert "Failed (1):" in stdout
    assert f"{batch_dir / 'dept-01.yaml'}:" in stdout
    assert "not scored 1" in stdout


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_that_could_be_formulas_are_neutralised(
    start: str, seed: Path, tmp_path: Path
) -> None:
    path = make_submission(seed, tmp_path, 1)
    name = f'{start}HYPERLINK("http://example.invalid","x")'
    text = path.read_text(encoding="utf-8").replace("name: 测试部门01", f"name: {json.dumps(name)}")
    path.write_text(text, encoding="utf-8")
    code, stdout, _ = invoke(str(path), "-f", "csv", "--no-cache")
    assert code == 0
    header, row = list(csv.reader(io.StringIO(stdout)))
    assert row[header.index("部门")] == "'" + name
    assert neutralise("99") == "99"


def test_csv_to_a_file_is_written_once_and_never_over_an_input(batch_dir: Path) -> None:
    target = batch_dir.parent / "scores.csv"
    code, stdout, _ = invoke(str(batch_dir), "-f", "csv", "-o", str(target), "--no-cache")
    assert (code, stdout) == (0, "")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 11
    victim = batch_dir / "dept-01.yaml"
    before = victim.read_bytes()
    code, _, stderr = invoke(str(batch_dir), "-f", "csv", "-o", str(victim), "--no-cache")
    assert code == 2
    assert "[PE020]" in stderr
    assert victim.read_bytes() == before
