"""Command line: parse options, call the run layer, render, exit. Nothing else lives here.

Exit codes: 0 every file passed; 1 a submission failed (invalid data, an error finding,
below --fail-under, a warning under --strict); 2 perfeval could not do its job (bad usage,
missing file, invalid rubric, internal error). Help, usage errors and these words are in
the chosen language (`perfeval.cli.localize`, the locale's `[cli]` sections).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from perfeval.cli import documents as cli_documents
from perfeval.cli.localize import LocalCommand, LocalGroup, chosen_lang
from perfeval.cli.options import (
    CacheDirOpt,
    ExitZeroOpt,
    FailOnGradeOpt,
    FailUnderOpt,
    FilesArg,
    JobsOpt,
    LangOpt,
    NoCacheOpt,
    OutputOpt,
    RootOpt,
    RubricOpt,
    StrictOpt,
    make_gates,
    parse_lang,
)
from perfeval.models.schema import SchemaKind
from perfeval.render import Format, default_format
from perfeval.render.comparison import CompareFormat

app = typer.Typer(
    name="perfeval",
    cls=LocalGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rubric_app = typer.Typer(cls=LocalGroup, no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")
cache_app = typer.Typer(cls=LocalGroup, no_args_is_help=True)
app.add_typer(cache_app, name="cache")
FormatOpt = Annotated[Format | None, typer.Option("--format", "-f", show_default=False)]


def _version(asked: bool) -> None:
    if asked:
        from perfeval import __version__
        from perfeval.i18n import text

        lang = chosen_lang(sys.argv[1:], os.environ)
        sys.stdout.write(text("cli", "version", lang, {"version": __version__}) + "\n")
        raise typer.Exit(0)


@app.callback()
def perfeval(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version)] = False,
) -> None:
    """perfeval (its help is the locale's `[cli] app`)."""


@app.command(cls=LocalCommand)
def score(
    files: FilesArg,
    fmt: FormatOpt = None,
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
    root: RootOpt = None,
) -> None:
    """Validate and score submissions, print the indicator tree with every deduction; with
    many files, one summary row per submission (or csv/jsonl records)."""
    from perfeval.run.execute import ScoreRequest, execute_score

    gates = make_gates(fail_under, strict, fail_on_grade, exit_zero)
    shown = fmt or default_format("score", os.environ)
    request = ScoreRequest(
        files, shown, parse_lang(lang), rubric, output, gates, jobs, cache_dir, no_cache,
        root=root,
    )  # fmt: skip
    raise typer.Exit(execute_score(request))


@app.command(cls=LocalCommand)
def validate(
    files: FilesArg,
    fmt: FormatOpt = None,
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
    root: RootOpt = None,
) -> None:
    """Run every check `score` runs and print the problems, in a format CI shows (for CI)."""
    from perfeval.run.execute import ScoreRequest, execute_score

    gates = make_gates(fail_under, strict, fail_on_grade, exit_zero)
    shown = fmt or default_format("validate", os.environ)
    request = ScoreRequest(
        files, shown, parse_lang(lang), rubric, output, gates, jobs, cache_dir, no_cache,
        totals=True, root=root,
    )  # fmt: skip
    raise typer.Exit(execute_score(request))


@app.command(cls=LocalCommand)
def schema(
    kind: Annotated[SchemaKind, typer.Argument()],
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a submission, a rubric or a result."""
    from perfeval.models.schema import schema_text
    from perfeval.run.execute import deliver

    raise typer.Exit(deliver(schema_text(kind), output, [], [], "zh", 0))


@app.command(cls=LocalCommand)
def compare(
    old: Annotated[Path, typer.Argument(show_default=False)],
    new: Annotated[Path, typer.Argument(show_default=False)],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.TABLE,
    output: OutputOpt = None,
    rubric: RubricOpt = None,
    lang: LangOpt = "zh",
    jobs: JobsOpt = None,
    cache_dir: CacheDirOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """This year's submissions against last year's (its help is the locale's)."""
    import codecs

    from perfeval.render.comparison import render_comparison
    from perfeval.run.compare import CompareRequest
    from perfeval.run.compare import compare as compare_years
    from perfeval.run.execute import deliver

    chosen = parse_lang(lang)
    request = CompareRequest([old], [new], chosen, rubric, jobs, cache_dir, no_cache)
    found = compare_years(request)
    content: str | bytes = render_comparison(fmt, found, chosen)
    if fmt is CompareFormat.CSV and output is not None:  # a BOM, as -f csv -o writes for Excel
        content = codecs.BOM_UTF8 + str(content).encode("utf-8")
    code = deliver(content, output, found.inputs, found.problems, chosen, found.exit_code)
    raise typer.Exit(code)


app.command(cls=LocalCommand)(cli_documents.report)
app.command("init", cls=LocalCommand)(cli_documents.init)
app.command("export", cls=LocalCommand)(cli_documents.export)
app.command("import", cls=LocalCommand)(cli_documents.import_form)


@rubric_app.command("list", cls=LocalCommand)
def rubric_list(lang: LangOpt = "zh") -> None:
    """List the bundled rubrics."""
    from perfeval.render.rubric_view import list_rubrics

    text, code = list_rubrics(parse_lang(lang))
    sys.stdout.write(text)
    raise typer.Exit(code)


@rubric_app.command("show", cls=LocalCommand)
def rubric_show(
    rubric_id: Annotated[str, typer.Argument()],
    lang: LangOpt = "zh",
) -> None:
    """Show a rubric's weighted tree with each leaf's 评分标准."""
    from perfeval.render.rubric_view import show_rubric

    text, code = show_rubric(rubric_id, parse_lang(lang))
    (sys.stdout if code == 0 else sys.stderr).write(text)
    raise typer.Exit(code)


@rubric_app.command("check", cls=LocalCommand)
def rubric_check(path: Annotated[Path, typer.Argument()], lang: LangOpt = "zh") -> None:
    """Check a rubric file: shape, weights, bands, metrics."""
    from perfeval.render.rubric_view import check_rubric_file

    text, code = check_rubric_file(path, parse_lang(lang))
    (sys.stdout if code == 0 else sys.stderr).write(text)
    raise typer.Exit(code)


@cache_app.command("info", cls=LocalCommand)
def cache_info(cache_dir: CacheDirOpt = None, lang: LangOpt = "zh") -> None:
    """Show the cache folder, its entries and size, and where its key is kept."""
    from perfeval.render.cache_view import cache_info
    from perfeval.run.cache_home import default_cache_dir

    sys.stdout.write(cache_info(cache_dir or default_cache_dir(), parse_lang(lang)))


@cache_app.command("clear", cls=LocalCommand)
def cache_clear(cache_dir: CacheDirOpt = None, lang: LangOpt = "zh") -> None:
    """Remove every cache entry."""
    from perfeval.render.cache_view import cache_clear
    from perfeval.run.cache_home import default_cache_dir

    sys.stdout.write(cache_clear(cache_dir or default_cache_dir(), parse_lang(lang)))


def shown_anywhere() -> None:
    """perfeval never fails because a stream cannot encode a character (a GBK console on
    Chinese Windows, `PYTHONIOENCODING=gbk`): what stdout and stderr cannot show becomes `?`.
    perfeval's own words are all GBK (tests/test_streams.py); `--output` files are UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def stop_on_terminate() -> None:
    """SIGTERM ends perfeval as Ctrl-C does: unwinding, so a temporary output or cache file
    is removed and the worker processes are stopped (exit 143)."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    """Console entry point; an unexpected exception is an internal error, exit 2."""
    shown_anywhere()
    stop_on_terminate()
    try:
        app()
    except Exception as exc:
        if os.environ.get("PERFEVAL_DEBUG"):
            raise
        from perfeval.i18n import text
        from perfeval.render.neutral import neutral

        error = neutral(f"{type(exc).__name__}: {exc}")
        lang = chosen_lang(sys.argv[1:], os.environ)
        sys.stderr.write(text("cli", "internal_error", lang, {"error": error}) + "\n")
        sys.exit(2)
