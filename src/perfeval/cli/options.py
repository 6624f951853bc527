"""Option declarations shared by the commands, and parsing the language."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from perfeval.i18n import Lang
    from perfeval.run.verdict import Gates


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
RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="CI formats show paths relative to this folder [default: the working directory].",
        show_default=False,
    ),
]
ExitZeroOpt = Annotated[
    bool, typer.Option(help="Exit 0 even when a submission fails (2 still means cannot run).")
]


def parse_lang(value: str) -> Lang:
    if value == "zh":
        return "zh"
    if value == "en":
        return "en"
    raise typer.BadParameter("--lang must be zh or en")


def make_gates(
    fail_under: float | None, strict: bool, fail_on_grade: str | None, exit_zero: bool
) -> Gates:
    from perfeval.run.verdict import Gates

    limit = Decimal(str(fail_under)) if fail_under is not None else None
    return Gates(limit, strict, fail_on_grade, exit_zero)
