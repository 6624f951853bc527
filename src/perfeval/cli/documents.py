"""The document commands — report, init, export, import: parse, call, deliver, exit.

Registered explicitly on the app in `perfeval.cli.app`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from perfeval.cli.options import FilesArg, LangOpt, OutputOpt, RubricOpt, parse_lang
from perfeval.excel import InitFormat
from perfeval.narrative import ReportFormat

WRITES = {
    "init": (".yaml", ".yml"),
    "init-xlsx": (".xlsx",),
    "export": (".xlsx",),
}
"""The file kinds each document command writes, by the output's extension (`report`
chooses its format by the extension and refuses one it does not know itself: PE807)."""


def refused(command: str, output: Path | None, lang: str) -> int | None:
    """Exit 2 with a located usage message when `output` names a kind `command` does not
    write (`export -o x.xls` would be xlsx bytes under an .xls name); None when it does."""
    from perfeval.errors import ExitCode, Location, diagnostic
    from perfeval.run.execute import deliver

    allowed = WRITES[command]
    if output is None or output.suffix.lower() in allowed:
        return None
    found = diagnostic(
        "PE810",
        Location(str(output)),
        command=command.split("-")[0],
        suffix=output.suffix or "—",
        allowed=" ".join(allowed),
    )
    return deliver(None, output, [], [found], parse_lang(lang), ExitCode.CANNOT_RUN)


def report(
    file: Annotated[Path, typer.Argument(help="Submission file (YAML).", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Report file: .md, .html or .docx.")
    ],
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="md, html or docx (default: from the extension)."),
    ] = None,
    template: Annotated[
        Path | None, typer.Option(help="Your own Jinja2 template (md/html), run in a sandbox.")
    ] = None,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
) -> None:
    """Write the narrative self-evaluation report (自评报告) with its score sheet."""
    from perfeval.narrative.command import ReportRequest, make_report
    from perfeval.run.execute import deliver

    language = parse_lang(lang)
    request = ReportRequest(file, str(file), output, fmt, language, rubric, template)
    result = make_report(request)
    inputs = [file, *([template] if template else [])]
    code = deliver(result.content, output, inputs, result.problems, language, result.exit_code)
    raise typer.Exit(code)


def init(
    rubric: Annotated[str, typer.Option("--rubric", help="Bundled rubric id or rubric file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the skeleton here.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing --output file.")] = False,
    lang: LangOpt = "zh",
    fmt: Annotated[
        InitFormat,
        typer.Option("--format", "-f", help="yaml: commented skeleton; xlsx: the Excel form."),
    ] = InitFormat.YAML,
) -> None:
    """Write a commented submission skeleton (or, with --format xlsx, the empty Excel 自评表
    that `perfeval import` reads back) listing every indicator the rubric needs."""
    from perfeval.run.execute import deliver

    language = parse_lang(lang)
    code = refused("init-xlsx" if fmt is InitFormat.XLSX else "init", output, lang)
    if code is not None:
        raise typer.Exit(code)
    if fmt is InitFormat.XLSX:
        from perfeval.excel.template import make_template

        form = make_template(rubric, language, output, force)
        code = deliver(form.content, output, [], form.problems, language, form.exit_code)
        raise typer.Exit(code)
    from perfeval.render.skeleton import make_skeleton

    result = make_skeleton(rubric, language, output, force)
    code = deliver(result.content, output, [], result.problems, language, result.exit_code)
    raise typer.Exit(code)


def export(
    files: FilesArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook (.xlsx).")],
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
) -> None:
    """Write the scored 自评表 as an Excel workbook: score sheet, budget and progress, basic
    info; with several files, a summary sheet with one row per department first."""
    from perfeval.excel.export import export_workbook
    from perfeval.run.execute import deliver

    language = parse_lang(lang)
    if (code := refused("export", output, lang)) is not None:
        raise typer.Exit(code)
    result = export_workbook([str(f) for f in files], rubric, language)
    inputs = list(result.inputs)
    raise typer.Exit(
        deliver(result.content, output, inputs, result.problems, language, result.exit_code)
    )


def import_form(
    form: Annotated[Path, typer.Argument(help="The filled-in form (.xlsx).", show_default=False)],
    output: OutputOpt = None,
    rubric: Annotated[
        str | None,
        typer.Option("--rubric", help="Rubric id or file [default: the form's rubric row]."),
    ] = None,
    lang: LangOpt = "zh",
) -> None:
    """Read a filled-in Excel 自评表 (the layout `init --format xlsx` writes) into a
    submission YAML; cells it cannot read are reported as file:sheet!cell."""
    from perfeval.excel.import_form import import_form as read_form
    from perfeval.run.execute import deliver

    language = parse_lang(lang)
    result = read_form(form, str(form), rubric, language)
    code = deliver(result.content, output, [form], result.problems, language, result.exit_code)
    raise typer.Exit(code)
