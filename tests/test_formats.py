"""CI formats: GitHub annotations byte for byte, JUnit as XML, GitLab fingerprints, registry."""

from __future__ import annotations

import dataclasses
import importlib
import json
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.errors import Diagnostic, Location, Severity
from perfeval.load.sources import load_rubric, rubric_by_id
from perfeval.render import FORMATS, Format, RenderOptions, Traits, renderer
from perfeval.run.outcome import FileOutcome, HeadlineOutcome
from perfeval.run.score import score_file
from perfeval.run.verdict import Gates, judged

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.yaml"))
EN = RenderOptions(lang="en")


def problem(code: str, file: str, line: int, col: int, severity: Severity, **params: str):
    return Diagnostic(code, Location(file, line, col), params, severity)


def outcome(*problems: Diagnostic, path: str = "a.yaml") -> HeadlineOutcome:
    return HeadlineOutcome(path, tuple(problems))


@pytest.fixture(autouse=True)
def _not_on_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_every_format_declares_every_trait_in_its_registry_entry() -> None:
    assert set(FORMATS) == set(Format)
    traits = {field.name for field in dataclasses.fields(Traits)}
    assert all(field.default is dataclasses.MISSING for field in dataclasses.fields(Traits))
    for fmt, entry in FORMATS.items():
        assert {name for name in traits if hasattr(entry, name)} == traits, fmt
        module = importlib.import_module(entry.module)
        assert callable(module.render), fmt
        assert callable(getattr(module, "stream", None)) == entry.streams, fmt
        assert entry.extension.startswith("."), fmt
        assert entry.many_files is None or not FORMATS[entry.many_files].tree, fmt
    for command in ("score", "validate"):  # one default each, one CI default at most
        assert sum(command in entry.default_for for entry in FORMATS.values()) == 1
        assert sum(command in entry.ci_default_for for entry in FORMATS.values()) <= 1


@pytest.mark.parametrize("fmt", list(Format))
def test_a_format_takes_the_outcomes_its_registry_entry_says(fmt: Format) -> None:
    """A tree format's functions take `FileOutcome`s, any other's `HeadlineOutcome`s, so
    mypy rejects a headline format that asks for the tree."""
    module = importlib.import_module(FORMATS[fmt].module)
    wanted = FileOutcome if FORMATS[fmt].tree else HeadlineOutcome
    functions = [module.render] + ([module.stream] if FORMATS[fmt].streams else [])
    for function in functions:
        (outcomes,) = typing.get_args(typing.get_type_hints(function)["outcomes"])
        assert outcomes is wanted, (fmt, function.__name__)


# -- GitHub --------------------------------------------------------------------------------


def test_github_annotation_escapes_properties_and_message() -> None:
    found = problem(
        "PE303", "dir:a,b%.yaml", 3, 5, Severity.ERROR, id="x%y\r\nz:1,2", suggestion="w"
    )
    assert renderer(Format.GITHUB)([outcome(found)], EN) == (
        "::error file=dir%3Aa%2Cb%25.yaml,line=3,col=5,title=perfeval PE303::"
        "the rubric has no indicator 'x%25y\\r\\nz:1,2'"  # user line breaks shown escaped
        "%0Afix: Check the spelling (did you mean 'w'?), or remove it.\n"
    )


def test_github_warning_without_a_line_has_no_line_or_col() -> None:
    found = problem("PE413", "b.yaml", 0, 0, Severity.WARNING, section="narrative.problems")
    assert renderer(Format.GITHUB)([outcome(found)], EN) == (
        "::warning file=b.yaml,title=perfeval PE413::narrative.problems is empty, but the "
        "self-evaluation report needs it%0Afix: Write this part of the report (自评报告).\n"
    )


def test_github_caps_each_severity_at_ten_and_summarises_the_rest() -> None:
    errors = [
        problem("PE303", "a.yaml", i, 1, Severity.ERROR, id=f"e{i}", suggestion="—")
        for i in range(1, 13)
    ]
    warnings = [
        problem("PE413", "a.yaml", i, 1, Severity.WARNING, section=f"s{i}") for i in range(20, 31)
    ]
    lines = renderer(Format.GITHUB)([outcome(*errors, *warnings)], EN).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    notice = [line for line in lines if line.startswith("::notice")]
    assert notice == [
        "::notice title=perfeval::Not annotated: 2 more errors and 1 more warnings (GitHub "
        "shows at most 10 of each per step); they are listed below and in the job summary."
    ]
    rest = lines[lines.index(notice[0]) + 1 :]
    assert [line for line in rest if not line.startswith("    ")] == [
        "a.yaml:11:1: [PE303] error: the rubric has no indicator 'e11'",
        "a.yaml:12:1: [PE303] error: the rubric has no indicator 'e12'",
        "a.yaml:30:1: [PE413] warning: s30 is empty, but the self-evaluation report needs it",
    ]


def test_github_is_chosen_on_actions_and_writes_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(ROOT)
    broken = ROOT / "examples" / "invalid" / "claimed-score.yaml"
    result = CliRunner().invoke(app, ["validate", "--lang", "en", str(seed), str(broken)])
    assert result.exit_code == 1
    assert result.stdout.startswith("::warning file=examples/haizhu-2023.yaml,")
    relative = "examples/invalid/claimed-score.yaml"  # the annotation's file: from the root
    assert f"::error file={relative},line=43,col=1,title=perfeval PE301::" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## perfeval results\n")  # appended, not replaced
    assert f"| {seed} | passed | 0 | 3 | 99 | Excellent |" in text
    assert f"| {broken} | failed | 1 | 0 | 100 | Excellent |" in text
    assert f"| {broken}:43:1 | PE301 | error | claimed score 98 differs" in text


def test_job_summary_cells_cannot_break_the_table() -> None:
    from perfeval.render.github import job_summary

    found = problem("PE303", "x|y.yaml", 1, 1, Severity.ERROR, id="<b>a|b\nc", suggestion="—")
    text = job_summary([outcome(found, path="x|y.yaml")], EN)
    assert (
        "| x\\|y.yaml:1:1 | PE303 | error | the rubric has no indicator '&lt;b&gt;a\\|b\\nc' |"
        in text
    )


# -- JUnit ---------------------------------------------------------------------------------


def test_junit_has_one_testcase_per_submission(
    tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # names are relative to the working directory
    files = [seed, INVALID[0], tmp_path / "absent.yaml"]
    outcomes = [score_file(path, str(path)) for path in files]
    xml = renderer(Format.JUNIT)(outcomes, RenderOptions(lang="en"))
    root = ET.fromstring(xml)  # noqa: S314 — our own output, parsed to check it is XML
    assert root.tag == "testsuites"
    assert root.attrib["tests"] == "3"
    assert root.attrib["failures"] == "1"
    assert root.attrib["errors"] == "1"
    cases = root.findall("./testsuite/testcase")
    names = [c.attrib["name"] for c in cases]
    assert names == ["examples/haizhu-2023.yaml", INVALID[0].relative_to(ROOT).as_posix(),
                     str(tmp_path / "absent.yaml")]  # fmt: skip
    assert cases[0].find("failure") is None
    assert "[PE411]" in (cases[0].findtext("system-out") or "")
    assert cases[1].find("failure") is not None
    error = cases[2].find("error")
    assert error is not None and error.attrib["type"] == "PE012"


def test_junit_follows_the_gates(seed: Path) -> None:
    outcomes = [judged(score_file(seed, str(seed)), Gates(strict=True))]
    xml = renderer(Format.JUNIT)(outcomes, RenderOptions())
    root = ET.fromstring(xml)  # noqa: S314 — our own output
    assert root.attrib["failures"] == "1"


# -- GitLab --------------------------------------------------------------------------------


def test_gitlab_code_quality_fingerprints_are_unique(seed: Path) -> None:
    outcomes = [score_file(p, str(p)) for p in [seed, *INVALID]]
    same = problem("PE413", "a.yaml", 1, 1, Severity.WARNING, section="narrative.problems")
    outcomes.append(outcome(same, same))  # an exact repeat still gets its own fingerprint
    issues = json.loads(renderer(Format.GITLAB)(outcomes, EN))
    prints = [issue["fingerprint"] for issue in issues]
    assert len(prints) == sum(len(o.problems) for o in outcomes)
    assert len(set(prints)) == len(prints)
    for issue in issues:
        assert issue["severity"] in ("major", "minor")
        assert issue["location"]["lines"]["begin"] >= 1
        assert issue["check_name"].startswith("PE")


def test_gitlab_fingerprint_does_not_depend_on_the_language(seed: Path) -> None:
    outcomes = [score_file(seed, str(seed))]
    zh = json.loads(renderer(Format.GITLAB)(outcomes, RenderOptions(lang="zh")))
    en = json.loads(renderer(Format.GITLAB)(outcomes, EN))
    assert [i["fingerprint"] for i in zh] == [i["fingerprint"] for i in en]
    assert zh[0]["description"] != en[0]["description"]


# -- text ----------------------------------------------------------------------------------


def test_text_lists_problems_then_a_verdict_per_file(seed: Path) -> None:
    outcomes = [score_file(seed, "seed.yaml")]
    text = renderer(Format.TEXT)(outcomes, RenderOptions(lang="en"))
    lines = text.splitlines()
    assert lines[0].startswith("seed.yaml:25:7: [PE411] warning: ")
    assert lines[1].startswith("    fix: ")
    bundled = rubric_by_id("gd-dept-overall")
    assert bundled is not None
    digest = load_rubric(bundled).sha256[:12]
    assert lines[-1] == (
        "seed.yaml: passed — errors: 0, warnings: 3; total 99, grade Excellent, "
        f"rubric gd-dept-overall ({digest})"
    )


def test_markdown_escapes_user_text_in_the_score_table(tmp_path: Path) -> None:
    """A pipe or markup in a department name cannot break the Markdown table."""
    from perfeval.run.score import score_file

    seed = Path(__file__).resolve().parent.parent / "examples" / "haizhu-2023.yaml"
    hostile = seed.read_text(encoding="utf-8").replace(
        "name: 广州市海珠区人民政府办公室", 'name: "<b>x</b> | y"', 1
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    outcome = score_file(path, "hostile.yaml", rubric="gd-dept-overall")
    text = renderer(Format.MARKDOWN)([outcome], RenderOptions())
    assert "### \\<b\\>x\\</b\\> \\| y" in text
    assert all(line.count(" | ") == 3 for line in text.splitlines() if line.startswith("| "))
