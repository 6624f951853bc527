"""The HTML report: self-contained, well-formed, escaped, with both charts as inline SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # our own SVG output, not untrusted input
from html.parser import HTMLParser
from pathlib import Path

from perfeval.narrative.charts import render_svg
from perfeval.narrative.command import ReportFormat, render_report
from report_support import report_for, variant_of

VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "line"}


class Checker(HTMLParser):
    """Tag balance, tags seen and every attribute value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [value or "" for _, value in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [value or "" for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def checked(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker


def svg_tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own SVG output, not untrusted input


def html_for(path: Path) -> str:
    content = render_report(report_for(path), ReportFormat.HTML, None)
    assert isinstance(content, str)
    return content


def test_html_is_well_formed_self_contained_and_has_both_charts(seed: Path) -> None:
    html = html_for(seed)
    checker = checked(html)
    assert checker.errors == []
    assert checker.stack == []
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "script" not in checker.tags
    assert checker.tags.count("svg") == 2
    assert {"style", "table", "figure"} <= set(checker.tags)
    lowered = html.lower()
    for external in ("http:", "https:", "//", "url(", "@import", "<link", "src="):
        assert external not in lowered.replace("</", "")
    assert "@page { size: A4" in html


def test_charts_are_valid_svg_with_the_scorecard_figures(seed: Path) -> None:
    spending, scores = report_for(seed).charts
    root = svg_tree(render_svg(spending))
    texts = [t.text for t in root.iter("text")]
    assert {"21.6%", "47.5%", "25.0%", "50.0%", "第一季度"} <= set(texts)
    shortfall = [r for r in root.iter("rect") if r.get("fill") == "#c0504d"]
    assert len(shortfall) == 2 + 1  # Q1 and Q2 are below their checkpoints; the legend says so
    labels = [t.text for t in svg_tree(render_svg(scores)).iter("text")]
    assert {"预算资金支出进度均衡性", "4 / 5", "40 / 40"} <= set(labels)


def test_user_text_is_escaped(seed: Path, tmp_path: Path) -> None:
    hostile = '<b>x</b> & "y"'
    variant = variant_of(
        seed, tmp_path, "name: 广州市海珠区人民政府办公室", "name: '<b>x</b> & \"y\"'"
    )
    variant = variant_of(
        variant,
        tmp_path,
        '    - "二是绩效评价分析运用还不够充分。"',
        "    - '<script>alert(1)</script>'",
    )
    html = html_for(variant)
    assert hostile not in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &#34;y&#34;" in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert checked(html).errors == []


def test_chart_labels_are_escaped() -> None:
    from decimal import Decimal

    from perfeval.narrative.model import Bar, Chart

    bar = Bar("<i>&", Decimal(1), Decimal(2), "1", "2")
    svg = render_svg(Chart("k", "<t>", "a&b", "c", (bar,), percent=False))
    root = svg_tree(svg)
    assert next(t.text for t in root.iter("text")) == "<t>"
    assert "<i>" not in svg
