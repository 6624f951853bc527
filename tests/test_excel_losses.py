"""`export` of several submissions: the summary sheet's points-lost table (失分分析) is the
sum over the scorecards, one table per rubric, most points lost first."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl

from bench_batch import RUBRIC, documents, write_batch
from perfeval.excel.export import export_workbook
from perfeval.run.discover import discover
from perfeval.run.outcome import FileOutcome
from perfeval.run.parallel import score_all


def test_the_summary_sheet_has_the_points_lost_table(tmp_path: Path) -> None:
    write_batch(tmp_path, documents(4))
    files = [str(p) for p in sorted(tmp_path.glob("*.yaml"))]
    result = export_workbook(files, str(RUBRIC), "zh")
    assert result.content is not None
    summary = openpyxl.load_workbook(io.BytesIO(result.content))["汇总"]
    cells = [[c.value for c in row] for row in summary.iter_rows(min_row=8, max_col=7)]
    assert cells[0][0] == "失分分析" and str(cells[2][1]).startswith("指标体系 bench-44（4 份")
    assert cells[3] == ["序号", "指标", "分值", "参评部门", "失分部门", "失分合计", "平均失分"]
    table = cells[4:48]
    lost: dict[str, Decimal] = defaultdict(Decimal)
    losing: dict[str, int] = defaultdict(int)
    for outcome in score_all(discover(files), str(RUBRIC), 1, None, FileOutcome):
        assert outcome.scorecard is not None
        for leaf in outcome.scorecard.leaves():
            lost[leaf.name.zh] += leaf.weight - leaf.score
            losing[leaf.name.zh] += leaf.score < leaf.weight
    assert [row[0] for row in table] == list(range(1, 45)) and cells[48:] == []
    for _, name, _, scored, losers, total, average in table:
        assert (scored, losers) == (4, losing[name])
        assert Decimal(str(total)) == lost[name]
        assert Decimal(str(average)) == (lost[name] / 4).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    totals = [Decimal(str(row[5])) for row in table]
    assert totals == sorted(totals, reverse=True)
    assert str(summary.print_area).endswith("$A$1:$K$55")  # printed with the rest
