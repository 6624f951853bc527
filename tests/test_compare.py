"""`perfeval compare OLD NEW` on generated batches: pairing by level and department (unpaired
and ambiguous files listed), the indicators that moved, the year-on-year figures checked
against last year's file (PE601, PE602), the exit code, and the four formats."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bench_batch import RUBRIC, documents, write_batch
from perfeval.cli.app import app


def compare(old: Path, new: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["compare", str(old), str(new), "--rubric", str(RUBRIC), "--no-cache", *args]
    )
    return result.exit_code, result.stdout, result.stderr


def two_years(tmp_path: Path) -> tuple[Path, Path]:
    """Last year: departments 0–5; this year: 0–4 and 6 (5 only last year, 6 only this),
    with department 4 submitted twice this year (ambiguous). Staff figures: department 0
    states last year's 120 as last year's file does; department 1 states 79 where last
    year's file says 80; department 2 states 940 against 939.6 (agrees at its precision)."""
    old, new = documents(6, seed=1), documents(7, seed=2)
    for doc in old:
        doc["department"]["year"] = 2022
    for doc in new:
        doc.pop("claimed_score", None)
    figures = ((120, 120, "-1.7%", 118), (80, 79, "3.8%", 82), ("939.6", 940, "0.1%", 941))
    for index, (then, stated, change, now) in enumerate(figures):
        old[index]["data"]["staff"] = {"value": then}
        new[index]["data"]["staff"] = {"value": now, "last_year": stated, "change": change}
    new[5] = json.loads(json.dumps(new[4]))  # the same department twice this year
    write_batch(tmp_path / "old", old)
    write_batch(tmp_path / "new", new)
    return tmp_path / "old", tmp_path / "new"


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return two_years(tmp_path_factory.mktemp("years"))


@pytest.fixture(scope="module")
def as_json(years: tuple[Path, Path]) -> tuple[int, dict[str, Any], str]:
    code, out, err = compare(*years, "-f", "json")
    return code, json.loads(out), err


def test_pairs_by_department_and_level_and_lists_the_rest(
    as_json: tuple[int, dict[str, Any], str],
) -> None:
    _, document, _ = as_json
    paired = {(Path(p["old"]["path"]).name, Path(p["new"]["path"]).name) for p in document["pairs"]}
    assert paired == {(f"dept-0{i}.yaml", f"dept-0{i}.yaml") for i in range(4)}
    unpaired = {(u["side"], Path(u["path"]).name, u["why"]) for u in document["unpaired"]}
    assert unpaired == {
        ("old", "dept-04.yaml", "ambiguous"),  # this year has it twice
        ("new", "dept-04.yaml", "ambiguous"),
        ("new", "dept-05.yaml", "ambiguous"),
        ("old", "dept-05.yaml", "only_old"),
        ("new", "dept-06.yaml", "only_new"),
    }


def test_a_last_year_figure_that_differs_fails_located_at_this_years_file(
    years: tuple[Path, Path], as_json: tuple[int, dict[str, Any], str]
) -> None:
    code, document, err = as_json
    assert code == 1
    figures = {Path(p["new"]["path"]).name: p["figures"] for p in document["pairs"]}
    assert figures["dept-00.yaml"] == [
        {"path": "data.staff", "stated": "120", "found": "120", "agrees": True}]  # fmt: skip
    assert figures["dept-01.yaml"][0]["agrees"] is False
    assert figures["dept-02.yaml"][0] == {
        "path": "data.staff", "stated": "940", "found": "939.6", "agrees": True}  # fmt: skip
    assert figures["dept-03.yaml"] == []  # no last_year stated: nothing to check
    (finding,) = [f for p in document["pairs"] for f in p["findings"]]
    assert finding["code"] == "PE601" and finding["file"].endswith("new/dept-01.yaml")
    line = (years[1] / "dept-01.yaml").read_text("utf-8").splitlines()[finding["line"] - 1]
    assert line.strip().startswith("last_year: 79")
    assert re.search(r"new/dept-01\.yaml:\d+:\d+: \[PE601\].*old/dept-01\.yaml:\d+:\d+", err)


def test_the_indicators_that_moved_are_those_whose_score_changed(
    years: tuple[Path, Path], as_json: tuple[int, dict[str, Any], str]
) -> None:
    old, new = years
    _, document, _ = as_json
    scores: dict[str, dict[str, dict[str, str]]] = {}
    for side in (old, new):
        result = CliRunner().invoke(
            app, ["score", str(side), "-f", "json", "--rubric", str(RUBRIC), "--no-cache"]
        )
        for entry in json.loads(result.stdout)["files"]:
            if entry["scorecard"]:
                leaves = _leaves(entry["scorecard"]["indicators"])
                scores[entry["path"]] = {leaf["id"]: leaf for leaf in leaves}
    for pair in document["pairs"]:
        before, after = scores[pair["old"]["path"]], scores[pair["new"]["path"]]
        expected = [k for k in after if before[k]["score"] != after[k]["score"]]
        assert [m["id"] for m in pair["moved"]] == expected and expected
        for moved in pair["moved"]:
            assert moved["old"]["score"] == before[moved["id"]]["score"]
            assert moved["new"]["score"] == after[moved["id"]]["score"]
            lost = float(after[moved["id"]]["weight"]) > float(moved["new"]["score"])
            assert bool(moved["new"]["reasons"]) == lost  # a deduction always has its reason


def _leaves(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield from _leaves(node["children"]) if node["children"] else [node]


def resubmitted(tmp_path: Path, year: int, last_year: int, change: str) -> None:
    """One department's 2023 file (staff 100) as old/, and the same file as new/ for `year`,
    stating `last_year` staff."""
    (doc,) = documents(1)
    doc.pop("claimed_score", None)
    doc["data"]["staff"] = {"value": 100}
    write_batch(tmp_path / "old", [doc])
    later = json.loads(json.dumps(doc))
    later["department"]["year"] = year
    later["data"]["staff"] = {"value": 100, "last_year": last_year, "change": change}
    write_batch(tmp_path / "new", [later])


def test_the_same_file_a_year_later_passes_and_nothing_moved(tmp_path: Path) -> None:
    resubmitted(tmp_path, 2024, 100, "0%")
    code, out, err = compare(tmp_path / "old", tmp_path / "new", "--lang", "en")
    assert (code, err) == (0, "")
    assert "(2023 → 2024): " in out and "(0)" in out and "Every file paired." in out


def test_years_not_consecutive_warn_and_leave_the_figures_unchecked(tmp_path: Path) -> None:
    resubmitted(tmp_path, 2026, 90, "11.1%")
    code, out, err = compare(tmp_path / "old" / "dept-00.yaml", tmp_path / "new", "-f", "json")
    assert code == 0
    (pair,) = json.loads(out)["pairs"]
    assert pair["figures"] == [] and [f["code"] for f in pair["findings"]] == ["PE602"]
    assert "[PE602]" in err


def test_a_file_compared_with_itself_says_each_warning_once(seed: Path) -> None:
    """The seed's warnings (PE411, PE412, PE414) once each, named as given or otherwise."""
    again = seed.parent / ".." / seed.parent.name / seed.name
    for other in (seed, again):
        result = CliRunner().invoke(app, ["compare", str(seed), str(other), "--no-cache"])
        warnings = re.findall(r"\[PE\d+\]", result.stderr)
        assert result.exit_code == 0 and "[PE602]" in warnings  # the same year on both sides
        assert len(warnings) == len(set(warnings)) >= 4, result.stderr


def test_a_broken_file_is_listed_and_fails(tmp_path: Path) -> None:
    old, new = two_years(tmp_path)
    (new / "dept-03.yaml").write_text("department: [\n", "utf-8")
    code, out, err = compare(old, new, "-f", "json")
    assert code == 1 and "dept-03.yaml" in err
    assert {"side": "new", "path": str(new / "dept-03.yaml"), "why": "not_scored",
            "department": None} in json.loads(out)["unpaired"]  # fmt: skip


def test_a_missing_path_cannot_run(tmp_path: Path) -> None:
    code, _, _ = compare(tmp_path / "nothing", tmp_path / "nothing-either")
    assert code == 2


def test_csv_and_html(years: tuple[Path, Path], as_json: tuple[int, dict[str, Any], str]) -> None:
    _, document, _ = as_json
    code, out, _ = compare(*years, "-f", "csv", "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and len(rows) == len(document["pairs"]) + len(document["unpaired"])
    changes = {r["This year's file"]: r["Change"] for r in rows if r["Pairing"] == "paired"}
    assert changes == {p["new"]["path"]: _signed(p["change"]) for p in document["pairs"]}
    code, page, _ = compare(*years, "-f", "html")
    assert code == 1 and "<script" not in page
    assert not re.search(r"https?:|url\(|@import|<link|<img", page)
    assert page.count('class="file" id="p-') == len(document["pairs"])
    assert all(f'href="#p-{n}"' in page for n in range(1, len(document["pairs"]) + 1))


def _signed(change: str) -> str:
    shown = change.rstrip("0").rstrip(".") if "." in change else change
    return shown if shown.startswith("-") or shown == "0" else f"+{shown}"


def test_csv_written_to_a_file_starts_with_a_bom(years: tuple[Path, Path], tmp_path: Path) -> None:
    code, _, _ = compare(*years, "-f", "csv", "-o", str(tmp_path / "比较.csv"))
    written = (tmp_path / "比较.csv").read_bytes()
    assert code == 1 and written.startswith(b"\xef\xbb\xbf") and b"\xe9\x85\x8d" in written
