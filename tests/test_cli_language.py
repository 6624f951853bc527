"""The command line in the chosen language: `--help` and usage errors in Chinese by default,
in English with `--lang en` or `PERFEVAL_LANG=en`; `--version`; every command and option has
its help in both locale files."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

from perfeval import __version__
from perfeval.cli.app import app
from perfeval.cli.localize import _USAGE, chosen_lang
from perfeval.i18n import LANGS, catalogue


def cli(*args: str, lang: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={"PERFEVAL_LANG": lang})


def test_version() -> None:
    result = cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"perfeval {__version__}\n")


@pytest.mark.parametrize("args", [["--help"], ["score", "--help"], ["rubric", "show", "--help"]])
def test_help_is_chinese_by_default_and_english_when_asked(args: list[str]) -> None:
    zh = cli(*args)
    assert zh.exit_code == 0
    assert zh.stdout.startswith("用法：") and "显示此帮助并退出。" in zh.stdout
    for en in (cli(*args, lang="en"), cli(*args, "--lang", "en")):
        if en.exit_code == 0:  # the top group has no --lang of its own: only the variable
            assert en.stdout.startswith("Usage: ") and "Show this message and exit." in en.stdout
    assert "Show this message and exit." in cli(*args, lang="en").stdout


def test_the_top_help_lists_the_commands_and_the_exit_codes_in_chinese() -> None:
    words = cli("--help").stdout
    assert "命令" in words and "退出码：0 全部通过" in words
    assert "校验并评分" in words  # score's one-line help


USAGE_ERRORS = [
    (["score", "x.yaml", "--nope"], "错误：没有选项 --nope", "Error: No such option: --nope"),
    (["score"], "错误：缺少参数 'files'", "Error: Missing argument 'files'"),
    (["score", "x.yaml", "-f", "nope"], "错误：'--format' / '-f' 的取值 'nope' 无效，可用：",
     "Error: Invalid value 'nope' for '--format' / '-f'; choose from"),
    (["score", "x.yaml", "--jobs", "0"], "错误：'--jobs' / '-j' 的取值 0 超出范围 x>=1",
     "Error: Invalid value 0 for '--jobs' / '-j': not in the range x>=1"),
    (["score", "x.yaml", "--fail-under", "abc"], "错误：'--fail-under' 的取值 'abc' 不是数字",
     "Error: Invalid value 'abc' for '--fail-under': not a number"),
    (["score", "x.yaml", "-o"], "错误：选项 '-o' 需要一个值",
     "Error: Option '-o' requires a value"),
    (["frobnicate"], "错误：没有命令 'frobnicate'", "Error: No such command 'frobnicate'"),
    (["schema", "result", "extra"], "错误：多余的参数：extra",
     "Error: Unexpected extra arguments: extra"),
    (["score", "x.yaml", "--lang", "fr"], "错误：取值无效：--lang 只能是 zh 或 en",
     "Error: Invalid value: --lang must be zh or en"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS, ids=lambda v: str(v)[:30])
def test_usage_errors_in_the_chosen_language_exit_2(args: list[str], zh: str, en: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert zh in result.stderr, result.stderr
    if "--lang" not in args:
        english = cli(*args, lang="en")
        assert english.exit_code == 2
        assert en in english.stderr, english.stderr


def test_a_usage_error_says_where_help_is() -> None:
    stderr = cli("score", "x.yaml", "--nope").stderr
    assert stderr.startswith("用法：perfeval score [OPTIONS]")
    assert "运行“perfeval score --help”查看帮助。" in stderr


def test_the_language_is_chosen_before_parsing() -> None:
    assert chosen_lang(["score", "--lang", "en"], {}) == "en"
    assert chosen_lang(["score", "--lang=en"], {}) == "en"
    assert chosen_lang(["score", "--lang", "fr"], {"PERFEVAL_LANG": "en"}) == "en"
    assert chosen_lang([], {}) == "zh"


def _commands(command: object, path: str = "") -> list[tuple[str, object]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, f"{path} {name}".strip())
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_and_parameter_has_its_help_in_the_locale(lang: str) -> None:
    words = catalogue("zh" if lang == "zh" else "en")["cli"]
    missing = []
    for path, command in _commands(get_command(app)):
        if path and path not in words["commands"]:
            missing.append(path)
        for param in getattr(command, "params", []):
            if f"{path}.{param.name}" not in words["params"] and param.name not in words["params"]:
                missing.append(f"{path}.{param.name}")
    assert missing == []
    assert {key for _, key in _USAGE} <= set(words["usage"])
