"""The bureau's page (`score DIR -f html`): its numbers equal the CSV's and the JSON's, it
refers to nothing outside itself, runs no script but the sorting one, marks and links what
failed, escapes user text, and is written as the outcomes arrive."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bench_batch import ROOT, RUBRIC, bureau_batch, documents, write_batch
from perfeval.cli.app import app
from perfeval.render import RenderOptions
from perfeval.render.html_batch import stream
from perfeval.render.html_parts import asset
from perfeval.run.discover import discover
from perfeval.run.losses import LossTally
from perfeval.run.outcome import FileOutcome
from perfeval.run.parallel import score_all


class Page(HTMLParser):
    """The page's ranking rows (by data-path), loss rows, scripts, links and ids."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.row_class: dict[str, str] = {}
        self.row_links: dict[str, list[str]] = defaultdict(list)
        self.losses: list[list[str]] = []
        self.scripts: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._path: str | None = None
        self._section: str | None = None
        self._cells: list[str] | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.attributes += list(found.items())
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "section" and found.get("id") in ("ranking", "losses", "files", "grades"):
            self._section = found["id"]
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "tr" and self._section in ("ranking", "losses"):
            self._path = found.get("data-path")
            self._cells = []
            if self._path is not None:
                self.row_class[self._path] = found.get("class", "")
        if tag == "td" and self._cells is not None:
            self._cells.append("")
        if tag == "a" and self._path is not None:
            self.row_links[self._path].append(found.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "tr" and self._cells is not None:
            if self._section == "ranking" and self._path is not None:
                self.rows[self._path] = self._cells
            elif self._section == "losses" and self._cells:
                self.losses.append(self._cells)
            self._cells, self._path = None, None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        elif self._cells:
            self._cells[-1] += data


def score(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["score", *args, "--rubric", str(RUBRIC), "--no-cache"])
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bureau") / "district"
    bureau_batch(folder)
    return folder


@pytest.fixture(scope="module")
def page(batch: Path) -> tuple[int, str]:
    return score(str(batch), "-f", "html")


def parsed(text: str) -> Page:
    found = Page()
    found.feed(text)
    return found


def test_the_ranking_shows_the_csv_numbers(batch: Path, page: tuple[int, str]) -> None:
    code, html = page
    csv_code, csv_text = score(str(batch), "-f", "csv", "--lang", "zh")
    assert code == csv_code == 1  # one claimed score off, one broken file
    records = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    rows = parsed(html).rows
    assert set(rows) == {r["文件"] for r in records} and len(rows) == 24
    for record in records:
        _, department, year, _, rubric, total, claimed, grade, status, errors, warnings = rows[
            record["文件"]
        ]
        assert department == (record["部门"] or record["文件"])
        digest = record["指标体系 SHA-256"]
        assert rubric == (f"{record['指标体系']} {digest[:12]}" if digest else "")
        assert total == (record["总分"] or "—")
        assert claimed.removeprefix("≠ ") == (record["自评得分"] or "—")
        assert (grade, status, errors, warnings) == (
            record["等级"], record["状态"], record["错误数"], record["警告数"])  # fmt: skip
        assert year == record["年度"]


def test_failed_files_and_claimed_scores_that_differ_are_marked_and_linked(
    batch: Path, page: tuple[int, str]
) -> None:
    found = parsed(page[1])
    claimed, broken = str(batch / "dept-03.yaml"), str(batch / "dept-05.yaml")
    assert "differs" in found.row_class[claimed] and "failed" in found.row_class[claimed]
    assert found.rows[claimed][6] == "≠ 100"
    assert "failed" in found.row_class[broken] and found.rows[broken][5] == "—"
    for path, number in ((claimed, 4), (broken, 6)):
        assert f"#f-{number}" in found.row_links[path] and f"f-{number}" in found.ids
    part = page[1].split('id="f-6"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"dept-05\.yaml:\d+:\d+: \[PE\d{3}\]", part)  # file:line:col as text
    unflagged = [p for p, css in found.row_class.items() if p not in (claimed, broken)]
    assert unflagged and not any(found.row_class[p] for p in unflagged)


def test_the_points_lost_table_is_the_sum_over_the_json(batch: Path, page: tuple[int, str]) -> None:
    _, document = score(str(batch), "-f", "json", "--lang", "zh")
    lost: dict[str, Decimal] = defaultdict(Decimal)
    scored: dict[str, int] = defaultdict(int)
    losing: dict[str, int] = defaultdict(int)
    for entry in json.loads(document)["files"]:
        if entry["scorecard"] is None:
            continue
        for leaf in _leaves(entry["scorecard"]["indicators"]):
            if leaf["status"] == "scored":
                points = Decimal(leaf["weight"]) - Decimal(leaf["score"])
                name = leaf["name"]["zh"]
                lost[name] += points
                scored[name] += 1
                losing[name] += points > 0
    table = parsed(page[1]).losses
    assert len(table) == 44 == len(lost)
    for name, _, count, losers, total, average, _ in table:
        assert Decimal(total) == lost[name] and int(count) == scored[name] == 23
        assert int(losers) == losing[name]
        assert Decimal(average) == (lost[name] / 23).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    totals = [Decimal(row[4]) for row in table]
    assert totals == sorted(totals, reverse=True)


def _leaves(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        if node["children"]:
            yield from _leaves(node["children"])
        else:
            yield node


def test_the_page_refers_to_nothing_outside_and_runs_only_the_sorting_script(
    page: tuple[int, str],
) -> None:
    html = page[1]
    found = parsed(html)
    assert [s.strip() for s in found.scripts] == [asset("batch-sort.js").strip()]
    assert not re.search(r"https?:|//[a-z]|url\(|@import|<link|<iframe|<img|<object", html, re.I)
    for name, value in found.attributes:
        assert not name.startswith("on"), name  # no inline handlers
        if name in ("href", "src", "action", "xlink:href"):
            assert value.startswith("#") and value[1:] in found.ids, value


def test_user_text_is_escaped(tmp_path: Path) -> None:
    docs = documents(2)
    docs[0]["department"]["name"] = "<script>alert(1)</script>&\"'"
    write_batch(tmp_path, docs)
    _, html = score(str(tmp_path), "-f", "html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#x27;" in html
    assert len(parsed(html).scripts) == 1


def test_the_page_is_written_as_the_outcomes_arrive() -> None:
    """Each file's part is out before the next outcome is asked for."""
    written: list[str] = []

    def outcomes() -> Iterator[FileOutcome]:
        for number in range(3):
            assert sum(f'id="f-{n}"' in "".join(written) for n in range(1, number + 1)) == number
            yield FileOutcome(f"dept-{number}.yaml", ())

    stream(outcomes(), RenderOptions(lang="en"), written.append)
    assert "".join(written).count('class="file"') == 3


def test_english_words(page: tuple[int, str], batch: Path) -> None:
    _, html = score(str(batch), "-f", "html", "--lang", "en")
    assert '<html lang="en">' in html and "Where points are lost" in html
    assert "失分" not in html


def test_a_leaf_not_applicable_is_left_out_of_its_indicator_not_counted_as_no_loss() -> None:
    examples = ROOT / "examples"
    files = [str(examples / "minghu-culture-dept-2023.yaml"), str(examples / "haizhu-2023.yaml")]
    tally = LossTally()
    for outcome in score_all(discover(files), None, 1, None, FileOutcome):
        assert outcome.scorecard is not None
        tally.add(outcome.scorecard)
    (table,) = tally.tables()
    assert table.files == 2
    procurement = table.indicators["procurement"]  # N/A (rescaled) in Minghu, 5 of 5 in Haizhu
    assert (procurement.scored, procurement.losing, procurement.lost) == (1, 0, 0)
    balance = table.indicators["spending_balance"]  # Haizhu loses 1 of 5 (the seed's deduction)
    assert balance.scored == 2 and balance.lost >= 1
    assert balance.average == (balance.lost / 2).quantize(Decimal("0.01"), "ROUND_HALF_UP")
