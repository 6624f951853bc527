"""`perfeval validate`: the broken examples, the good examples, gates and exit codes.

Each file under examples/invalid/ states in its `# expect:` line the errors it must produce
(`CODE line:col`, several separated by `;`); the test asserts exactly those errors, located
exactly there, and exit status 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from perfeval.checks import CODES
from perfeval.cli.app import app
from perfeval.i18n import LANGS, catalogue
from perfeval.run.score import score_file

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (.+)$", re.MULTILINE)
_MARK = re.compile(r"^(PE\d{3}) (\d+):(\d+)$")


def cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def expected_errors(path: Path) -> set[tuple[str, int, int]]:
    found = _EXPECT.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name} has no '# expect:' line"
    marks = set()
    for mark in found.group(1).split(";"):
        parsed = _MARK.match(mark.strip())
        assert parsed, f"{path.name}: cannot read {mark!r}"
        marks.add((parsed.group(1), int(parsed.group(2)), int(parsed.group(3))))
    return marks


def test_there_are_at_least_ten_broken_examples() -> None:
    assert len(INVALID) >= 10


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_example_gives_its_stated_errors_and_exit_1(path: Path) -> None:
    outcome = score_file(path, path.name)
    found = {(e.code, e.location.line, e.location.col) for e in outcome.errors}
    assert found == expected_errors(path)
    result = cli("validate", str(path))
    assert result.exit_code == 1, result.output
    for code, line, col in expected_errors(path):
        assert f"{path}:{line}:{col}: [{code}]" in result.stdout


def test_all_examples_pass_with_warnings_allowed() -> None:
    result = cli("validate", *map(str, EXAMPLES))
    assert result.exit_code == 0, result.stdout
    assert "[PE" in result.stdout  # warnings are shown …
    assert "错误 0 个" in result.stderr  # … and the run summary goes to stderr


def test_seed_shows_its_narrative_repeats_and_still_passes(seed: Path) -> None:
    result = cli("validate", "--lang", "en", str(seed))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any("[PE411] warning: department.functions: item 3 repeats item 2" in s for s in lines)
    assert any("[PE412] warning: narrative.measures[0]" in s for s in lines)
    assert "passed — errors: 0" in result.stdout


def test_strict_turns_the_seed_warnings_into_a_failure(seed: Path) -> None:
    assert cli("validate", "--strict", str(seed)).exit_code == 1


def test_one_bad_file_does_not_stop_the_others(seed: Path) -> None:
    broken = ROOT / "examples" / "invalid" / "claimed-score.yaml"
    result = cli("validate", str(broken), str(seed))
    assert result.exit_code == 1
    assert "claimed-score.yaml：未通过" in result.stdout
    assert "haizhu-2023.yaml：通过" in result.stdout


def test_missing_file_exits_2(tmp_path: Path, seed: Path) -> None:
    result = cli("validate", str(seed), str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert "[PE012]" in result.stdout


def test_broken_rubric_exits_2(tmp_path: Path, trust_rubrics: Callable[[Path], None]) -> None:
    trust_rubrics(tmp_path)
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("id: broken\ntitle: 坏\nlevel: department\n", encoding="utf-8")
    submission = tmp_path / "s.yaml"
    submission.write_text(
        "rubric: rubric.yaml\ndepartment: {name: 某局, year: 2023}\n", encoding="utf-8"
    )
    result = cli("validate", str(submission))
    assert result.exit_code == 2
    assert "rubric.yaml" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-under", "99"], 0),
        (["--fail-under", "99.05"], 1),  # the printed total 99 is below 99.05
        (["--fail-on-grade", "差"], 0),
        (["--fail-on-grade", "优"], 1),  # 优 or lower fails: everything
        (["--fail-on-grade", "excellent"], 1),  # English names, any case
        (["--fail-on-grade", "良"], 0),
        (["--strict", "--exit-zero"], 0),
        (["--fail-on-grade", "甲"], 2),  # not a grade of the rubric: cannot run
    ],
)
def test_gates(seed: Path, args: list[str], code: int) -> None:
    result = cli("validate", *args, str(seed))
    assert result.exit_code == code, result.output
    if code == 2:
        assert "[PE022]" in result.output  # text lists every problem, gates included


def test_exit_zero_keeps_cannot_run(tmp_path: Path) -> None:
    assert cli("validate", "--exit-zero", str(tmp_path / "absent.yaml")).exit_code == 2


def test_score_reports_the_same_findings_as_validate(seed: Path) -> None:
    scored = cli("score", "--lang", "en", str(seed))
    validated = cli("validate", "--lang", "en", str(seed))
    codes = re.findall(r"\[PE\d{3}\]", validated.stdout)
    assert codes
    assert re.findall(r"\[PE\d{3}\]", scored.stderr) == codes


def test_help_documents_the_exit_codes() -> None:
    for command in ("score", "validate"):
        words = " ".join(cli(command, "--help", "--lang", "en").stdout.split())
        assert "Exit codes: 0 every file passed; 1 a submission failed" in words
        assert "--fail-on-grade" in words
        assert "--exit-zero" in words


def test_output_is_written_atomically_and_never_over_an_input(tmp_path: Path, seed: Path) -> None:
    target = tmp_path / "report.sarif"
    result = cli("validate", "-f", "sarif", "-o", str(target), str(seed))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]  # no temporary left
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(seed.read_bytes())
    refused = cli("validate", "-f", "sarif", "-o", str(copy), str(copy))
    assert refused.exit_code == 2
    assert copy.read_bytes() == seed.read_bytes()


def test_every_consistency_code_has_message_and_hint_in_both_languages() -> None:
    codes = {code for listed in CODES.values() for code in listed} | {"PE022"}
    for lang in LANGS:
        entries = catalogue(lang)["diagnostics"]
        for code in sorted(codes):
            assert entries[code]["message"].strip(), (lang, code)
            assert entries[code]["hint"].strip(), (lang, code)
    for key in catalogue("zh")["validate"]:
        assert key in catalogue("en")["validate"]
