"""`perfeval init`: a commented skeleton listing every indicator, which then validates."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from perfeval.cli.app import app
from perfeval.errors import Severity
from perfeval.load.sources import load_rubric, rubric_for_cli
from perfeval.run.score import score_file
from perfeval.run.verdict import Gates, exit_code

runner = CliRunner()

RUBRIC_WITH_EVERY_ENTRY_RULE = """
id: every-entry
title: 测试评分体系
level: project
source: 测试
total: 100
metrics:
  rate: data.money.spent / data.money.planned
indicators:
  - id: outputs
    name: 产出
    weight: 60
    children:
      - {id: speed, name: 时效, weight: 10, criteria: 按时, rule: {type: choice, options: [
          {key: on_time, label: 按时, points: 10}, {key: late, label: 延期, points: 5}]}}
      - {id: quality, name: 质量, weight: 10, criteria: 质量, rule: {type: tiered, tiers: [
          {key: met, label: 达成, min: 0.8, max: 1},
          {key: partly, label: 部分达成, min: 0, max: 0.8}]}}
      - {id: impact, name: 影响, weight: 10, criteria: 自评, rule: {type: manual}}
      - {id: items, name: 清单, weight: 10, criteria: 清单, rule: {type: checklist, items: [
          {key: a, label: 甲, points: 5}, {key: b, label: 乙, points: 5}]}}
      - {id: share, name: 比例, weight: 10, criteria: 比例, rule: {type: ratio, target: 100%}}
      - {id: targets, name: 目标, weight: 10, criteria: 目标, rule: {type: targets}}
  - id: money
    name: 资金
    weight: 40
    children:
      - {id: spent, name: 执行, weight: 40, criteria: 执行率, input: {metric: rate},
         rule: {type: ratio, target: 100%}}
"""


def init(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["init", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bundled_skeleton_lists_every_indicator_and_validates(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "new.yaml"
    code, _ = init("--rubric", "gd-dept-overall", "-o", str(target), "--lang", lang)
    assert code == 0
    text = target.read_text(encoding="utf-8")
    path, display = rubric_for_cli("gd-dept-overall")
    for leaf in load_rubric(path, display).rubric.leaves():
        assert f"  {leaf.id}:" in text or f"  # {leaf.id}:" in text
    outcome = score_file(target, "new.yaml")
    assert outcome.errors == []
    assert exit_code([outcome], Gates()) == 0
    warned = {p.code for p in outcome.problems if p.severity is Severity.WARNING}
    assert "PE320" in warned  # the blank figures are reported, not silently zero
    data = yaml.safe_load(text)
    assert data["data"]["three_public"] == {"budget": None, "actual": None}


def test_skeleton_for_a_rubric_with_every_entry_rule_validates(
    tmp_path: Path, trust_rubrics: Callable[[Path], None]
) -> None:
    trust_rubrics(tmp_path)
    rubric = tmp_path / "every.yaml"
    rubric.write_text(RUBRIC_WITH_EVERY_ENTRY_RULE, encoding="utf-8")
    target = tmp_path / "s.yaml"
    code, output = init("--rubric", str(rubric), "-o", str(target))
    assert code == 0, output
    text = target.read_text(encoding="utf-8")
    assert "# 可选：on_time = 按时, late = 延期" in text
    assert "# tier: met" in text
    assert "# checked: [a, b]" in text
    assert "  # spent: 由 rate 计算" in text
    entries = yaml.safe_load(text)["indicators"]
    assert set(entries) == {"speed", "quality", "impact", "items", "share", "targets"}
    target.write_text(text.replace("rubric: every-entry", "rubric: every.yaml"), encoding="utf-8")
    outcome = score_file(target, "s.yaml")
    assert outcome.errors == []
    assert exit_code([outcome], Gates()) == 0


def test_filled_in_skeleton_scores(tmp_path: Path) -> None:
    target = tmp_path / "s.yaml"
    init("--rubric", "gd-dept-overall", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"  disclosure:[^\n]*\n", "  disclosure:\n    value: true\n", text)
    target.write_text(text, encoding="utf-8")
    outcome = score_file(target, "s.yaml")
    assert outcome.scorecard is not None
    disclosure = next(x for x in outcome.scorecard.leaves() if x.id == "disclosure")
    assert (disclosure.status, disclosure.score) == ("scored", disclosure.weight)


def test_init_prints_to_stdout_and_never_overwrites(tmp_path: Path) -> None:
    code, output = init("--rubric", "gd-dept-overall")
    assert code == 0
    assert output.startswith("# 部门整体支出绩效自评材料")
    target = tmp_path / "mine.yaml"
    target.write_text("rubric: keep-me\n", encoding="utf-8")
    code, output = init("--rubric", "gd-dept-overall", "-o", str(target))
    assert code == 2
    assert "[PE809]" in output
    assert target.read_text(encoding="utf-8") == "rubric: keep-me\n"
    code, _ = init("--rubric", "gd-dept-overall", "-o", str(target), "--force")
    assert code == 0
    assert "rubric: gd-dept-overall" in target.read_text(encoding="utf-8")


def test_unknown_rubric_cannot_run(tmp_path: Path) -> None:
    code, _ = init("--rubric", str(tmp_path / "missing.yaml"))
    assert code == 2
