"""The one run loop of `score` and `validate`, in every format, on one file and on a folder:
problems, gate findings, the totals line and the exit code come out the same way whatever
the format (they once came out of two loops that disagreed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from perfeval.cli.app import app
from perfeval.render import FORMATS, Format

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "haizhu-2023.yaml"
PAYLOAD_LISTS_FINDINGS = set(Format) - {Format.TABLE, Format.MARKDOWN}
"""Every format but the two score tables carries a file's findings in its payload; those
two show them on stderr (as every format but text and github also does)."""


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(params=["one file", "a folder"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "one file":
        return str(SEED)
    folder = tmp_path / "submissions"
    folder.mkdir()
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copyfile(example, folder / example.name)
    return str(folder)


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("fmt", list(Format))
def test_a_grade_the_rubric_lacks_is_reported_and_exits_2(fmt: Format, target: str) -> None:
    result = cli("score", target, "-f", fmt.value, "--fail-on-grade", "XYZ")
    assert result.exit_code == 2
    assert "PE022" in result.stdout + result.stderr
    if not FORMATS[fmt].lists_problems:
        assert "[PE022]" in result.stderr


@pytest.mark.parametrize("fmt", list(Format))
def test_validate_ends_with_its_totals_line(fmt: Format, target: str) -> None:
    result = cli("validate", target, "-f", fmt.value)
    assert result.exit_code == 0, result.output
    files = 1 if target == str(SEED) else len(list((ROOT / "examples").glob("*.yaml")))
    assert result.stderr.endswith(f"共检查 {files} 个文件：未通过 0 个，错误 0 个，警告 3 个\n")


GATES = {
    "fail-under": (["--fail-under", "100"], "PE501", "总分 99 低于 --fail-under 100"),
    "fail-on-grade": (["--fail-on-grade", "优"], "PE502", "等级 优 不高于 --fail-on-grade 优"),
    "strict": (["--strict"], "PE503", "--strict：3 个警告"),
}


@pytest.mark.parametrize("gate", sorted(GATES))
@pytest.mark.parametrize("fmt", list(Format))
def test_a_failed_gate_is_a_finding_in_every_format(fmt: Format, gate: str) -> None:
    args, code, words = GATES[gate]
    result = cli("score", str(SEED), "-f", fmt.value, *args)
    assert result.exit_code == 1
    shown = result.stdout if fmt in PAYLOAD_LISTS_FINDINGS else result.stderr
    assert code in shown and words in shown, shown
    if not FORMATS[fmt].lists_problems:
        assert f"[{code}]" in result.stderr
    relaxed = cli("score", str(SEED), "-f", fmt.value, *args, "--exit-zero")
    assert relaxed.exit_code == 0
    assert relaxed.stdout == result.stdout and relaxed.stderr == result.stderr


def test_a_gate_finding_names_the_grade_as_the_threshold_was_written() -> None:
    result = cli("validate", str(SEED), "--fail-on-grade", "excellent", "--lang", "en")
    assert "[PE502] error: grade Excellent is at or below --fail-on-grade excellent" in (
        result.stdout
    )


def test_github_annotates_a_failed_gate_at_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("validate", str(SEED), "-f", "github", "--fail-under", "99.5", "--lang", "en")
    annotation = "::error file=examples/haizhu-2023.yaml,title=perfeval PE501::total 99 is below"
    assert f"{annotation} --fail-under 99.5" in result.stdout
