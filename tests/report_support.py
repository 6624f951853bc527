"""Helpers shared by the report tests: build a report for a file, make a variant of one."""

from __future__ import annotations

from pathlib import Path

from perfeval.i18n import Lang
from perfeval.load.sources import load_submission
from perfeval.narrative.command import ReportFormat, render_report, report_of
from perfeval.narrative.model import Report
from perfeval.run.score import score_file


def report_for(path: Path, lang: Lang = "zh") -> Report:
    outcome = score_file(path, path.name)
    assert outcome.scorecard is not None, outcome.problems
    submission = load_submission(path, path.name).submission
    return report_of(outcome, submission, lang)


def rendered(path: Path, fmt: ReportFormat, lang: Lang = "zh") -> str:
    content = render_report(report_for(path, lang), fmt, None)
    assert isinstance(content, str)
    return content


def variant_of(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of `source` in `tmp_path` with `old` replaced by `new` (which must occur)."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "variant.yaml"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target
