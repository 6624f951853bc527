"""`perfeval init --rubric ID --format xlsx -o form.xlsx`: the empty 自评表 to fill in.

The canonical form that `perfeval import` reads: the rubric's indicator tree with every
weight and 评分标准, the input cells shaded (and blank), three empty target rows under each
`targets` indicator, and the budget and info sheets listing every figure the rubric reads.
"""

from __future__ import annotations

from pathlib import Path

from perfeval.errors import CannotRunError, ExitCode, Location, PerfevalError, diagnostic
from perfeval.excel.export import WorkbookResult, build_workbook
from perfeval.excel.form import Form
from perfeval.i18n import Lang
from perfeval.load.sources import load_rubric, rubric_for_cli


def make_template(rubric: str, lang: Lang, output: Path | None, force: bool) -> WorkbookResult:
    """The empty form's bytes; never over an existing file unless `force`."""
    try:
        if output is None:
            raise CannotRunError([diagnostic("PE918", Location("--output"))])
        if output.exists() and not force:
            raise CannotRunError([diagnostic("PE809", Location(str(output)))])
        path, display = rubric_for_cli(rubric)
        loaded = load_rubric(path, display)
    except PerfevalError as exc:
        return WorkbookResult(None, tuple(exc.diagnostics), exc.exit_code)
    form = Form(loaded.rubric, lang, display)
    content = build_workbook([form])
    if form.problems:
        return WorkbookResult(None, tuple(form.problems), ExitCode.CANNOT_RUN)
    return WorkbookResult(content, (), ExitCode.OK, (path,))
