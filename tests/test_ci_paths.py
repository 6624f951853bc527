"""Paths in the CI formats are relative to the working directory (or `--root DIR`) with `/`
separators, however the files were named: GitHub `file=`, GitLab `location.path`, SARIF
`uri` (against `%SRCROOT%`) and JUnit test case names. Windows paths are checked with
pure paths, so they are tested on any machine."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.render.paths import relative_path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "haizhu-2023.yaml"  # absolute, as a script or a CI step names it
BROKEN = ROOT / "examples" / "invalid" / "not-a-number.yaml"
SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-2.1.0-rtm.5.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("file", "root", "cwd", "shown"),
    [
        ("/work/repo/a/b.yaml", "/work/repo", "/work/repo", "a/b.yaml"),
        ("a/../b.yaml", "/work/repo", "/work/repo", "b.yaml"),
        ("sub/b.yaml", "/work/repo", "/work/repo/x", "x/sub/b.yaml"),
        ("/elsewhere/b.yaml", "/work/repo", "/work/repo", "/elsewhere/b.yaml"),
    ],
)
def test_posix_paths(file: str, root: str, cwd: str, shown: str) -> None:
    assert relative_path(file, PurePosixPath(root), PurePosixPath(cwd)) == shown


@pytest.mark.parametrize(
    ("file", "root", "cwd", "shown"),
    [
        (r"C:\Work\Repo\a\b.yaml", r"C:\work\repo", r"C:\work\repo", "a/b.yaml"),  # any case
        (r"a\b.yaml", r"C:\work\repo", r"C:\work\repo", "a/b.yaml"),
        (r"..\b.yaml", r"C:\work\repo", r"C:\work\repo\sub", "b.yaml"),
        ("C:/work/repo/a/b.yaml", r"C:\work\repo", r"C:\work\repo", "a/b.yaml"),
        (r"D:\x\b.yaml", r"C:\work\repo", r"C:\work\repo", "D:/x/b.yaml"),
    ],
)
def test_windows_paths(file: str, root: str, cwd: str, shown: str) -> None:
    assert relative_path(file, PureWindowsPath(root), PureWindowsPath(cwd)) == shown


def validate(*args: str) -> str:
    result = CliRunner().invoke(app, ["validate", *args])
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture(params=["cwd", "--root"])
def rooted(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> list[str]:
    """Run from the repository, or from elsewhere with `--root` naming it."""
    if request.param == "cwd":
        monkeypatch.chdir(ROOT)
        return []
    monkeypatch.chdir(tmp_path)
    return ["--root", str(ROOT)]


def test_sarif_uris_are_relative_to_the_root_and_validate(rooted: list[str]) -> None:
    log = json.loads(validate(str(SEED), str(BROKEN), "-f", "sarif", *rooted))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    assert set(run["originalUriBaseIds"]) == {"%SRCROOT%"}
    places = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
              for r in run["results"]}  # fmt: skip
    assert set(places) == {"examples/haizhu-2023.yaml", "examples/invalid/not-a-number.yaml"}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"


def test_gitlab_github_and_junit_paths_are_relative_to_the_root(rooted: list[str]) -> None:
    issues: list[dict[str, Any]] = json.loads(validate(str(BROKEN), "-f", "gitlab", *rooted))
    assert {issue["location"]["path"] for issue in issues} == {"examples/invalid/not-a-number.yaml"}
    github = validate(str(BROKEN), "-f", "github", *rooted)
    assert github.startswith("::error file=examples/invalid/not-a-number.yaml,line=29,col=56,")
    junit = ET.fromstring(validate(str(BROKEN), "-f", "junit", *rooted))  # noqa: S314
    (case,) = junit.iter("testcase")
    assert case.attrib["name"] == "examples/invalid/not-a-number.yaml"
    failure = case.find("failure")
    assert failure is not None and (failure.text or "").startswith(
        "examples/invalid/not-a-number.yaml:29:56: [PE116]"
    )


def test_a_file_outside_the_root_keeps_an_absolute_uri(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(BROKEN.read_bytes())
    log = json.loads(validate(str(outside), "-f", "sarif", "--root", str(ROOT)))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": outside.as_uri()}
