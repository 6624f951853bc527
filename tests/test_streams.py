"""Streams that never fail on encoding, and user text that cannot inject: run as the CLI in a
subprocess, since what matters is the bytes a console, a CI log or a file receives.

- A GBK console (Chinese Windows; `PYTHONIOENCODING=gbk` or `cp936`) gets every row, with
  `?` for what it cannot show; perfeval's own words are all GBK; `--output` files are UTF-8
  and keep everything; a CSV file starts with a BOM so Excel reads it as UTF-8.
- No user text starts a GitHub workflow command on any line of any stream in any format;
  escape and control characters in user text never reach a stream raw; XML stays XML.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from perfeval.render import Format
from perfeval.render.neutral import json_text, neutral

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "haizhu-2023.yaml"
SOURCES = ROOT / "src" / "perfeval"
NOT_IN_GBK = "𠀀"  # U+20000, a rare character some names hold; GB18030 has it, GBK does not
HOSTILE_NAME = r"测试\n::add-mask::secret\e]0;pwned\a\e[31m\x9b31m\u202e\u2028" + NOT_IN_GBK
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
OUR_COMMANDS = ("::error file=", "::warning file=", "::notice title=perfeval::")


def run(*args: str, cwd: Path = ROOT, encoding: str = "utf-8") -> tuple[int, bytes, bytes]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PERFEVAL_")}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    env.update({"PYTHONIOENCODING": encoding, "NO_COLOR": "1", "COLUMNS": "100"})
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", *args],
        cwd=cwd, env=env, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def named(folder: Path, name: str, department: str) -> Path:
    """The seed under another file name, its department named `department` (YAML escapes)."""
    text = SEED.read_text(encoding="utf-8")
    path = folder / name
    path.write_text(
        text.replace("name: 广州市海珠区人民政府办公室", f'name: "{department}"'), "utf-8"
    )
    return path


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
@pytest.mark.parametrize(
    ("command", "fmt"),
    [("score", "summary"), ("score", "csv"), ("score", "jsonl"), ("score", "table"),
     ("validate", "text"), ("validate", "github"), ("score", "markdown")],
)  # fmt: skip
def test_a_gbk_console_gets_every_row(
    command: str, fmt: str, encoding: str, tmp_path: Path
) -> None:
    rare = named(tmp_path, "rare.yaml", f"测试局{NOT_IN_GBK}")
    files = [str(SEED), str(rare)]
    code, stdout, stderr = run(command, *files, "-f", fmt, encoding=encoding)
    utf8_code, utf8_out, _ = run(command, *files, "-f", fmt)
    assert code == utf8_code == 0, stderr.decode(encoding)
    shown, expected = stdout.decode(encoding), utf8_out.decode("utf-8")
    assert "internal error" not in stderr.decode(encoding)
    assert shown == expected.replace(NOT_IN_GBK, "?")  # every row, only the rare one replaced


def test_an_output_file_keeps_what_the_console_cannot_show(tmp_path: Path) -> None:
    rare = named(tmp_path, "rare.yaml", f"测试局{NOT_IN_GBK}")
    target = tmp_path / "汇总.csv"
    code, stdout, _ = run("score", str(rare), "-f", "csv", "-o", str(target), encoding="gbk")
    assert (code, stdout) == (0, b"")
    content = target.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on Chinese Windows reads UTF-8
    assert f"测试局{NOT_IN_GBK}" in content.decode("utf-8-sig")
    code, stdout, _ = run("score", str(rare), "-f", "csv")
    assert not stdout.startswith(b"\xef\xbb\xbf")  # a stream gets no BOM


def literals(path: Path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def locale_words(value: object) -> list[str]:
    if isinstance(value, dict):
        return [word for item in value.values() for word in locale_words(item)]
    return [value] if isinstance(value, str) else []


def test_perfevals_own_words_are_all_gbk() -> None:
    printed = [*(SOURCES / "render").glob("*.py"), *(SOURCES / "run").glob("*.py"),
               *(SOURCES / "cli").glob("*.py"), *(SOURCES / "locales").glob("*.toml")]  # fmt: skip
    outside = {}
    for path in printed:
        if path.suffix == ".toml":
            words = locale_words(tomllib.loads(path.read_text(encoding="utf-8")))
        else:
            words = literals(path)
        for word in words:
            if path.name != "neutral.py":  # the escaper names what it escapes
                bad = [ch for ch in word if not _in_gbk(ch)]
                if bad:
                    outside[f"{path.relative_to(SOURCES)}: {word[:40]!r}"] = bad
    assert outside == {}


def _in_gbk(character: str) -> bool:
    try:
        character.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


# -- injection -------------------------------------------------------------------------------


def injected_lines(*streams: bytes) -> list[str]:
    """Lines that start a workflow command perfeval did not write, and lines holding a raw
    control, escape, bidi or line-separator character."""
    found = []
    for stream in streams:
        for line in stream.decode("utf-8").replace("\r\n", "\n").split("\n"):  # csv: CRLF
            if line.lstrip().startswith("::") and not line.startswith(OUR_COMMANDS):
                found.append(line)
            if RAW_CONTROLS.search(line):
                found.append(line)
    return found


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A department name full of escapes, twelve indicator keys that each try to start a
    workflow command (more than GitHub annotates), a file name holding a line break."""
    path = named(tmp_path, "evil\n::add-mask::x.yaml", HOSTILE_NAME)
    keys = "".join(f'  "k{i}\\n::stop-commands::t{i}\\x01": {{value: 1}}\n' for i in range(12))
    text = path.read_text(encoding="utf-8").replace("\nindicators:\n", "\nindicators:\n" + keys, 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["score", "validate"])
@pytest.mark.parametrize("fmt", list(Format))
def test_no_user_text_injects_into_any_stream(hostile: Path, command: str, fmt: Format) -> None:
    code, stdout, stderr = run(command, str(hostile.parent), "-f", fmt.value, cwd=hostile.parent)
    assert code == 1, stderr.decode()
    assert injected_lines(stdout, stderr) == []
    assert b"\x1b" not in stdout + stderr


def test_junit_and_sarif_stay_valid_with_control_characters_in_keys(hostile: Path) -> None:
    _, junit, _ = run("validate", str(hostile), "-f", "junit")
    ET.fromstring(junit)  # noqa: S314 — our own output, parsed to check it is XML
    _, sarif, _ = run("validate", str(hostile), "-f", "sarif")
    assert json.loads(sarif)["runs"][0]["results"]


def test_neutral_escapes_what_cannot_be_shown_and_keeps_the_rest() -> None:
    assert neutral("广州市海珠区 · 99 — 优\t“x”") == "广州市海珠区 · 99 — 优\t“x”"
    assert neutral("a\nb\r\x1b[31m\x9b\u202e\u2028\ud800") == (
        "a\\nb\\r\\x1b[31m\\x9b\\u202e\\u2028\\ud800"
    )
    assert neutral("::add-mask::x") == ":\\x3aadd-mask:\\x3ax"
    assert neutral(neutral("a\n::b")) == neutral("a\n::b")  # once is enough
    assert json.loads(json_text("a\x1b\x9b\u202e\ud800")) == "a\x1b\x9b\u202e\ud800"
    assert RAW_CONTROLS.search(json_text(["\x9b\u202e\u2028"])) is None


def test_a_score_table_is_handed_neutralised_scorecards(tmp_path: Path) -> None:
    from perfeval.render.neutral import neutral_outcome
    from perfeval.run.codec import decode, encode
    from perfeval.run.outcome import FileOutcome
    from perfeval.run.score import score_file

    clean = score_file(SEED, "seed.yaml")
    hostile = score_file(named(tmp_path, "h.yaml", HOSTILE_NAME), "h.yaml")
    for outcome in (clean, hostile):  # a card as scored, and as read back from the cache
        for same in (outcome, decode(encode(outcome), FileOutcome)):
            shown = neutral_outcome(same)
            assert (shown is same) == (outcome is clean)
            card = shown.scorecard
            assert card is not None and RAW_CONTROLS.search(card.model_dump_json()) is None
            assert "::" not in card.submission.department
