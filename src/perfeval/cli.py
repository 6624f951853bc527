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

from perfeval.narrative.command import ReportFormat
from perfeval.render import Format

if TYPE_CHECKING:
    from perfeval.errors import Diagnostic

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
    list[Path], typer.Argument(help="Submission files (YAML).", show_default=False)
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Message language: zh or en.", envvar="PERFEVAL_LANG")
]
RubricOpt = Annotated[
    str | None, typer.Option("--rubric", help="Rubric id or file, overriding the submission's.")
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


def _run(
    files: list[Path],
    fmt: Format,
    lang: str,
    rubric: str | None,
    output: Path | None,
    fail_under: float | None,
    strict: bool,
    show_payload: bool,
) -> None:
    from perfeval.errors import PerfevalError
    from perfeval.i18n import Lang
    from perfeval.render import RenderOptions, renderer
    from perfeval.render.diagnostics import format_diagnostics
    from perfeval.run import Gates, exit_code, score_files

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    outcomes = list(score_files(((p, str(p)) for p in files), rubric))
    for outcome in outcomes:
        sys.stderr.write(format_diagnostics(outcome.problems, language))
    if show_payload:
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        options = RenderOptions(lang=language, color=color)
        inputs = [*files, *(o.rubric_path for o in outcomes if o.rubric_path is not None)]
        try:
            _emit(renderer(fmt)(outcomes, options), output, inputs)
        except PerfevalError as exc:  # PE020 / PE021: the output cannot be written
            sys.stderr.write(format_diagnostics(exc.diagnostics, language))
            raise typer.Exit(int(exc.exit_code)) from None
    gates = Gates(Decimal(str(fail_under)) if fail_under is not None else None, strict)
    raise typer.Exit(int(exit_code(outcomes, gates)))


@app.command()
def score(
    files: FilesArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the payload here.")
    ] = None,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
    fail_under: Annotated[float | None, typer.Option(help="Fail below this total.")] = None,
    strict: Annotated[bool, typer.Option(help="Warnings fail too.")] = False,
) -> None:
    """Validate and score submissions, print the indicator tree with every deduction."""
    _run(files, fmt, lang, rubric, output, fail_under, strict, show_payload=True)


@app.command()
def validate(
    files: FilesArg,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
    strict: Annotated[bool, typer.Option(help="Warnings fail too.")] = False,
) -> None:
    """Run every check `score` runs, print only the problems (for CI)."""
    _run(files, Format.TABLE, lang, rubric, None, None, strict, show_payload=False)


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
) -> None:
    """Write a commented submission skeleton listing every indicator the rubric needs."""
    from perfeval.i18n import Lang
    from perfeval.skeleton import make_skeleton

    language: Lang = "en" if _lang(lang) == "en" else "zh"
    result = make_skeleton(rubric, language, output, force)
    code = _deliver(result.content, output, [], result.problems, language, result.exit_code)
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
