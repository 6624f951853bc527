"""Command line: parse options, call the run layer, render, exit. Nothing else lives here.

Exit codes: 0 every file passed; 1 a submission failed (invalid data, an error finding,
below --fail-under, a warning under --strict); 2 perfeval could not do its job (bad usage,
missing file, invalid rubric, internal error).
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfeval.excel import InitFormat
from perfeval.narrative import ReportFormat
from perfeval.render import Format
from perfeval.schema import SchemaKind

if TYPE_CHECKING:
    from perfeval.i18n import Lang
    from perfeval.run import Gates

EXIT_CODES_HELP = (
    "Exit codes: 0 every file passed; 1 a submission failed (invalid data, an error finding, "
    "below --fail-under, a warning under --strict); 2 perfeval could not run (bad usage, "
    "missing file, invalid rubric, internal error)."
)

app = typer.Typer(
    name="perfeval",
    help="Score performance self-evaluations (绩效自评) against a rubric. " + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rubric_app = typer.Typer(help="Bundled rubrics: list, show, check.", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="Submission files (YAML or JSON), directories (searched recursively) or globs.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Message language: zh or en.", envvar="PERFEVAL_LANG")
]
RubricOpt = Annotated[
    str | None, typer.Option("--rubric", help="Rubric id or file, overriding the submission's.")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the payload here (atomically).")
]
FailUnderOpt = Annotated[
    float | None, typer.Option(help="Fail below this total (the printed, rounded total).")
]
FailOnGradeOpt = Annotated[
    str | None, typer.Option(help="Fail at this grade or a lower one, e.g. 差 (or Poor).")
]
StrictOpt = Annotated[bool, typer.Option(help="Warnings fail too.")]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes for many files [default: CPUs]."),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        envvar="PERFEVAL_CACHE_DIR",
        help="Result cache [default: $XDG_CACHE_HOME/perfeval or ~/.cache/perfeval].",
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
ExitZeroOpt = Annotated[
    bool, typer.Option(help="Exit 0 even when a submission fails (2 still means cannot run).")
]


def _lang(value: str) -> Lang:
    if value == "zh":
        return "zh"
    if value == "en":
        return "en"
    raise typer.BadParameter("--lang must be zh or en")


def _gates(
    fail_under: float | None, strict: bool, fail_on_grade: str | None, exit_zero: bool
) -> Gates:
    from perfeval.run import Gates

    limit = Decimal(str(fail_under)) if fail_under is not None else None
    return Gates(limit, strict, fail_on_grade, exit_zero)


@app.command(epilog=EXIT_CODES_HELP)
def score(
    files: FilesArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    output: OutputOpt = None,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
    fail_under: FailUnderOpt = None,
    fail_on_grade: FailOnGradeOpt = None,
    strict: StrictOpt = False,
    exit_zero: ExitZeroOpt = False,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Validate and score submissions, print the indicator tree with every deduction; with
    many files, one summary row per submission (or csv/jsonl records)."""
    from perfeval.execute import ScoreRequest, execute_score

    gates = _gates(fail_under, strict, fail_on_grade, exit_zero)
    request = ScoreRequest(
        files, fmt, _lang(lang), rubric, output, gates, jobs, cache_dir, no_cache
    )
    raise typer.Exit(execute_score(request))


@app.command(epilog=EXIT_CODES_HELP)
def validate(
    files: FilesArg,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; default text, or github when GITHUB_ACTIONS=true.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
    fail_under: FailUnderOpt = None,
    fail_on_grade: FailOnGradeOpt = None,
    strict: StrictOpt = False,
    exit_zero: ExitZeroOpt = False,
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Run every check `score` runs and print the problems, in a format CI shows (for CI)."""
    from perfeval.execute import ScoreRequest, execute_score

    if fmt is None:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    gates = _gates(fail_under, strict, fail_on_grade, exit_zero)
    request = ScoreRequest(
        files, fmt, _lang(lang), rubric, output, gates, jobs, cache_dir, no_cache, totals=True
    )
    raise typer.Exit(execute_score(request))


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which document: submission, rubric, result.")],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a submission, a rubric or a result."""
    from perfeval.execute import deliver
    from perfeval.schema import schema_text

    raise typer.Exit(deliver(schema_text(kind), output, [], [], "zh", 0))


@app.command(epilog=EXIT_CODES_HELP)
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
    from perfeval.execute import deliver
    from perfeval.narrative.command import ReportRequest, make_report

    language = _lang(lang)
    request = ReportRequest(file, str(file), output, fmt, language, rubric, template)
    result = make_report(request)
    inputs = [file, *([template] if template else [])]
    code = deliver(result.content, output, inputs, result.problems, language, result.exit_code)
    raise typer.Exit(code)


@app.command("init", epilog=EXIT_CODES_HELP)
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
    from perfeval.execute import deliver

    language = _lang(lang)
    if fmt is InitFormat.XLSX:
        from perfeval.excel.template import make_template

        form = make_template(rubric, language, output, force)
        code = deliver(form.content, output, [], form.problems, language, form.exit_code)
        raise typer.Exit(code)
    from perfeval.skeleton import make_skeleton

    result = make_skeleton(rubric, language, output, force)
    code = deliver(result.content, output, [], result.problems, language, result.exit_code)
    raise typer.Exit(code)


@app.command("export", epilog=EXIT_CODES_HELP)
def export(
    files: FilesArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook (.xlsx).")],
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
) -> None:
    """Write the scored 自评表 as an Excel workbook: score sheet, budget and progress, basic
    info; with several files, a summary sheet with one row per department first."""
    from perfeval.excel.export import export_workbook
    from perfeval.execute import deliver

    language = _lang(lang)
    result = export_workbook([str(f) for f in files], rubric, language)
    inputs = list(result.inputs)
    raise typer.Exit(
        deliver(result.content, output, inputs, result.problems, language, result.exit_code)
    )


@app.command("import", epilog=EXIT_CODES_HELP)
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
    from perfeval.execute import deliver

    language = _lang(lang)
    result = read_form(form, str(form), rubric, language)
    code = deliver(result.content, output, [form], result.problems, language, result.exit_code)
    raise typer.Exit(code)


@rubric_app.command("list")
def rubric_list(lang: LangOpt = "zh") -> None:
    """List the bundled rubrics."""
    from perfeval.rubric_view import list_rubrics

    text, code = list_rubrics(_lang(lang))
    sys.stdout.write(text)
    raise typer.Exit(code)


@rubric_app.command("show")
def rubric_show(
    rubric_id: Annotated[str, typer.Argument(help="Bundled id or rubric file.")],
    lang: LangOpt = "zh",
) -> None:
    """Show a rubric's weighted tree with each leaf's 评分标准."""
    from perfeval.rubric_view import show_rubric

    text, code = show_rubric(rubric_id, _lang(lang))
    (sys.stdout if code == 0 else sys.stderr).write(text)
    raise typer.Exit(code)


@rubric_app.command("check")
def rubric_check(
    path: Annotated[Path, typer.Argument(help="Rubric file.")], lang: LangOpt = "zh"
) -> None:
    """Check a rubric file: shape, weights, bands, metrics."""
    from perfeval.rubric_view import check_rubric_file

    text, code = check_rubric_file(path, _lang(lang))
    (sys.stdout if code == 0 else sys.stderr).write(text)
    raise typer.Exit(code)


def main() -> None:
    """Console entry point; an unexpected exception is an internal error, exit 2."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("PERFEVAL_DEBUG"):
            raise
        sys.stderr.write(
            f"perfeval: internal error: {type(exc).__name__}: {exc}\n"
            "Set PERFEVAL_DEBUG=1 for the traceback and report it.\n"
        )
        sys.exit(2)
