"""Command line: parse options, call the run layer, render, exit. Nothing else lives here.

Exit codes: 0 every file passed; 1 a submission failed (invalid data, an error finding,
below --fail-under, a warning under --strict); 2 perfeval could not do its job (bad usage,
missing file, invalid rubric, internal error).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfeval.excel import InitFormat
from perfeval.narrative.command import ReportFormat
from perfeval.render import Format
from perfeval.schema import SchemaKind

if TYPE_CHECKING:
    from perfeval.errors import Diagnostic
    from perfeval.render import RenderOptions
    from perfeval.run import FileOutcome, Gates
    from perfeval.stream import BatchOptions

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


def _lang(value: str) -> str:
    if value not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    return value


def _emit(text: str, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from perfeval.outputs import write_atomic

    write_atomic(output, text, inputs)


def _gates(
    fail_under: float | None, strict: bool, fail_on_grade: str | None, exit_zero: bool
) -> Gates:
    from perfeval.run import Gates

    limit = Decimal(str(fail_under)) if fail_under is not None else None
    return Gates(limit, strict, fail_on_grade, exit_zero)


def _run(
    files: list[Path],
    fmt: Format,
    lang: str,
    rubric: str | None,
    output: Path | None,
    gates: Gates,
    totals: bool = False,
    batch: BatchOptions | None = None,
) -> None:
    from perfeval.batch import discover
    from perfeval.errors import PerfevalError
    from perfeval.i18n import Lang
    from perfeval.parallel import score_all
    from perfeval.render import SHOWS_PROBLEMS, RenderOptions, renderer
    from perfeval.render.diagnostics import format_diagnostics
    from perfeval.run import exit_code, gate_problems
    from perfeval.stream import BatchOptions, BatchRun, run_batch, streamed_format

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    batch = batch or BatchOptions()
    found = discover(str(f) for f in files)
    streamed = streamed_format(fmt, len(found))
    if streamed is not None:
        run = BatchRun(found, rubric, batch.workers(), batch.cache(), language, gates, streamed)
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        raise typer.Exit(int(run_batch(run, output, color)))
    outcomes = list(score_all(found, rubric, batch.workers(), batch.cache()))
    for outcome in outcomes:
        shown = () if fmt in SHOWS_PROBLEMS else outcome.problems
        sys.stderr.write(format_diagnostics([*shown, *gate_problems(outcome, gates)], language))
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    options = RenderOptions(lang=language, color=color, gates=gates)
    inputs = [*(f.path for f in found), *(o.rubric_path for o in outcomes if o.rubric_path)]
    try:
        _emit(renderer(fmt)(outcomes, options), output, inputs)
    except PerfevalError as exc:  # PE020 / PE021: the output cannot be written
        sys.stderr.write(format_diagnostics(exc.diagnostics, language))
        raise typer.Exit(int(exc.exit_code)) from None
    _summaries(outcomes, fmt, options, totals)
    raise typer.Exit(int(exit_code(outcomes, gates)))


def _summaries(
    outcomes: Sequence[FileOutcome], fmt: Format, options: RenderOptions, totals: bool
) -> None:
    """The GitHub job summary (appended, as Actions expects) and the run's totals line."""
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt is Format.GITHUB and summary_file:
        from perfeval.render.github import job_summary

        with Path(summary_file).open("a", encoding="utf-8") as handle:
            handle.write(job_summary(outcomes, options))
    if totals:
        from perfeval.render.text import totals_line

        sys.stderr.write(totals_line(outcomes, options) + "\n")


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
    from perfeval.stream import BatchOptions

    gates = _gates(fail_under, strict, fail_on_grade, exit_zero)
    batch = BatchOptions(jobs, cache_dir, no_cache)
    _run(files, fmt, lang, rubric, output, gates, batch=batch)


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
    from perfeval.stream import BatchOptions

    if fmt is None:
        fmt = Format.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else Format.TEXT
    gates = _gates(fail_under, strict, fail_on_grade, exit_zero)
    batch = BatchOptions(jobs, cache_dir, no_cache)
    _run(files, fmt, lang, rubric, output, gates, totals=True, batch=batch)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which document: submission, rubric, result.")],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a submission, a rubric or a result."""
    from perfeval.schema import schema_text

    _emit(schema_text(kind), output, [])


def _deliver(
    content: str | bytes | None,
    output: Path | None,
    inputs: list[Path],
    problems: Sequence[Diagnostic],
    lang: str,
    code: int,
) -> int:
    """Show the problems, write `content` (atomically) or print it; the exit code to use."""
    from perfeval.errors import PerfevalError
    from perfeval.i18n import Lang
    from perfeval.outputs import write_atomic
    from perfeval.render.diagnostics import format_diagnostics

    language: Lang = "en" if lang == "en" else "zh"
    sys.stderr.write(format_diagnostics(problems, language))
    if content is None:
        return code
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        return code
    try:
        write_atomic(output, content, inputs)
    except PerfevalError as exc:
        sys.stderr.write(format_diagnostics(exc.diagnostics, language))
        return int(exc.exit_code)
    return code


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
    from perfeval.i18n import Lang
    from perfeval.narrative.command import ReportRequest, make_report

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    request = ReportRequest(file, str(file), output, fmt, language, rubric, template)
    result = make_report(request)
    inputs = [file, *([template] if template else [])]
    code = _deliver(result.content, output, inputs, result.problems, language, result.exit_code)
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
    from perfeval.i18n import Lang

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    if fmt is InitFormat.XLSX:
        from perfeval.excel.template import make_template

        form = make_template(rubric, language, output, force)
        code = _deliver(form.content, output, [], form.problems, language, form.exit_code)
        raise typer.Exit(code)
    from perfeval.skeleton import make_skeleton

    result = make_skeleton(rubric, language, output, force)
    code = _deliver(result.content, output, [], result.problems, language, result.exit_code)
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
    from perfeval.i18n import Lang

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    result = export_workbook([str(f) for f in files], rubric, language)
    inputs = list(result.inputs)
    raise typer.Exit(
        _deliver(result.content, output, inputs, result.problems, language, result.exit_code)
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
    from perfeval.i18n import Lang

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    result = read_form(form, str(form), rubric, language)
    code = _deliver(result.content, output, [form], result.problems, language, result.exit_code)
    raise typer.Exit(code)


@rubric_app.command("list")
def rubric_list(lang: LangOpt = "zh") -> None:
    """List the bundled rubrics."""
    from perfeval.rubric_view import list_rubrics

    text, code = list_rubrics("en" if _lang(lang) == "en" else "zh")
    sys.stdout.write(text)
    raise typer.Exit(code)


@rubric_app.command("show")
def rubric_show(
    rubric_id: Annotated[str, typer.Argument(help="Bundled id or rubric file.")],
    lang: LangOpt = "zh",
) -> None:
    """Show a rubric's weighted tree with each leaf's 评分标准."""
    from perfeval.rubric_view import show_rubric

    text, code = show_rubric(rubric_id, "en" if _lang(lang) == "en" else "zh")
    (sys.stdout if code == 0 else sys.stderr).write(text)
    raise typer.Exit(code)


@rubric_app.command("check")
def rubric_check(
    path: Annotated[Path, typer.Argument(help="Rubric file.")], lang: LangOpt = "zh"
) -> None:
    """Check a rubric file: shape, weights, bands, metrics."""
    from perfeval.rubric_view import check_rubric_file

    text, code = check_rubric_file(path, "en" if _lang(lang) == "en" else "zh")
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
