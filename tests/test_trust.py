"""A score that can be trusted on messy input (issue 11): nothing a user wrote is dropped,
guessed or rounded twice.

The property: replace any one typed value of an example (a number or a yes/no) with a
spelling a finance office really types — units, full-width forms, separators, 约/≥/≤,
dashes, words, blanks — and `perfeval score` either fails (exit 1) with an error located
at that value, or gives the same total as the value written correctly. Never a changed
total with exit 0.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.load.document import load_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TRUST = settings(
    max_examples=int(os.environ.get("PERFEVAL_FUZZ_EXAMPLES", "120")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TOTAL = re.compile(r'"total": "([0-9.]+)"')
WIDE = str.maketrans("0123456789.-%", "０１２３４５６７８９．－％")
_NAMES = itertools.count()


class _Dumper(yaml.SafeDumper):
    """Decimals as plain numbers (our loader builds them from their text)."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", f"{v}"))

Path_ = tuple[str | int, ...]


def typed_values(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Decimal | bool]]:
    """Every number and yes/no of a loaded submission, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from typed_values(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from typed_values(value, (*path, index))
    elif isinstance(node, bool | Decimal):
        yield path, node


def misspellings(value: Decimal | bool) -> list[str]:
    """What a finance office types instead of `value`."""
    if isinstance(value, bool):
        wide = "ｔｒｕｅ" if value else "ｆａｌｓｅ"
        return ["对", "完成", "基本公开", "有", "—", "/", "", " ", wide]
    text = f"{value}"
    spelled = [
        f"{text}万元", f"{text}分", f"{text} 元", f"¥{text}", f"{text}次",
        text.translate(WIDE), f"{text}％",
        f"约{text}", f"{text}左右", f"≥{text}", f"≤{text}", f"＞{text}", f"{text}以上",
        "—", "-", "/", "－", "——",
        "完成", "良好", "无", "N/A", "见附件", "不适用",
        "", " ", "　",
    ]  # fmt: skip
    if len(text.split(".")[0].lstrip("-")) > 1:
        head = text.lstrip("-")
        spelled.append(("-" if text.startswith("-") else "") + f"{head[0]},{head[1:]}")
    if "." in text:
        spelled.append(text.replace(".", ","))
    return spelled


def at(data: Any, path: Path_, value: object) -> Any:
    """A copy of `data` with `value` at `path`."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: at(v, rest, value) if k == head else v for k, v in data.items()}
    return [at(v, rest, value) if i == head else v for i, v in enumerate(data)]


def score(path: Path) -> tuple[int, str, Decimal | None]:
    result = CliRunner().invoke(
        app, ["score", str(path), "-f", "json", "--no-cache", "--lang", "en"]
    )
    found = TOTAL.search(result.stdout)
    return result.exit_code, result.stderr, Decimal(found[1]) if found else None


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[Any, Decimal]]:
    """Each example as plain data, with claimed_score dropped (a claim that no longer
    matches is an error of its own, which would hide what this property looks at)."""
    found = {}
    folder = tmp_path_factory.mktemp("baseline")
    for example in EXAMPLES:
        data = load_document(example).data
        data.pop("claimed_score", None)
        path = folder / example.name
        path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True), encoding="utf-8")
        code, _, total = score(path)
        assert code == 0 and total is not None, example
        found[example] = (data, total)
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@TRUST
@given(data=st.data())
def test_a_misspelled_value_is_an_error_at_it_or_changes_nothing(
    example: Path,
    data: st.DataObject,
    baselines: dict[Path, tuple[Any, Decimal]],
    tmp_path: Path,
) -> None:
    original, total = baselines[example]
    path, value = data.draw(st.sampled_from(list(typed_values(original))), label="value")
    spelled = data.draw(st.sampled_from(misspellings(value)), label="spelled")
    mutated = tmp_path / f"case-{next(_NAMES)}.yaml"
    text = yaml.dump(at(original, path, spelled), Dumper=_Dumper, allow_unicode=True)
    mutated.write_text(text, encoding="utf-8")
    code, stderr, got = score(mutated)
    if code == 0:
        assert got == total, f"{path} = {spelled!r}: total {got} instead of {total}, exit 0"
        return
    assert code == 1, stderr
    where = load_document(mutated).source_map.locate(path)
    errors = re.findall(rf"^{re.escape(str(mutated))}:(\d+):\d+: \[PE\d+\] error", stderr, re.M)
    message = f"{path} = {spelled!r}: no error at line {where.line}\n{stderr}"
    assert str(where.line) in errors, message


SEED = ROOT / "examples" / "haizhu-2023.yaml"
ISSUE_CASES = yaml.safe_load((ROOT / "tests/cases/trust/haizhu-2023.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", ISSUE_CASES["cases"], ids=lambda c: c["name"])
def test_issue_case(case: dict[str, Any], tmp_path: Path) -> None:
    """Each reproduction of issue 11 on the seed, through the CLI, as the case file says."""
    text = SEED.read_text(encoding="utf-8").replace("claimed_score: 99\n", "")
    line = None
    if "replace" in case:
        assert text.count(case["replace"]) == 1, case["replace"]
        line = text[: text.index(case["replace"])].count("\n") + 1
        text = text.replace(case["replace"], case["with"])
    if "also" in case:  # a second change, elsewhere in the file
        assert text.count(case["also"]["replace"]) == 1, case["also"]
        text = text.replace(case["also"]["replace"], case["also"]["with"])
    path = tmp_path / "haizhu-2023.yaml"
    path.write_text(text, encoding="utf-8")
    args = ["score", str(path), "-f", "json", "--no-cache", *case.get("args", [])]
    result = CliRunner().invoke(app, args)
    expect, shown = case["expect"], result.stdout + result.stderr
    assert result.exit_code == expect["exit"], shown
    if "total" in expect or "grade" in expect:
        headline = json.loads(result.stdout)["files"][0]["headline"]
        assert Decimal(headline["total"]) == Decimal(expect["total"]), shown
        assert headline["grade"] == expect.get("grade", headline["grade"]), shown
    for code in expect.get("codes", []):
        lines = re.findall(rf"^{re.escape(str(path))}:(\d+):\d+: \[{code}\]", result.stderr, re.M)
        assert str(line) in lines, f"{code} not at line {line}:\n{shown}"
    for code in expect.get("anywhere", []):
        assert code in shown, shown
    if "quotes" in expect:
        assert expect["quotes"] in result.stderr, shown
