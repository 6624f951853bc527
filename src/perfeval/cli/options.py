"""Option declarations shared by the commands, and parsing the language. Their help is in
the locale's `[cli.params]` (`perfeval.cli.localize`)."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from perfeval.i18n import Lang
    from perfeval.run.verdict import Gates


FilesArg = Annotated[list[Path], typer.Argument(show_default=False)]
LangOpt = Annotated[str, typer.Option("--lang", envvar="PERFEVAL_LANG")]
RubricOpt = Annotated[str | None, typer.Option("--rubric")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o")]
FailUnderOpt = Annotated[float | None, typer.Option()]
FailOnGradeOpt = Annotated[str | None, typer.Option()]
StrictOpt = Annotated[bool, typer.Option()]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", min=1)]
CacheDirOpt = Annotated[Path | None, typer.Option("--cache-dir", envvar="PERFEVAL_CACHE_DIR")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache")]
RootOpt = Annotated[Path | None, typer.Option("--root", show_default=False)]
ExitZeroOpt = Annotated[bool, typer.Option()]


def parse_lang(value: str) -> Lang:
    if value == "zh":
        return "zh"
    if value == "en":
        return "en"
    from perfeval.cli.localize import chosen_lang
    from perfeval.i18n import text

    raise typer.BadParameter(text("cli", "bad_lang", chosen_lang((), os.environ)))


def make_gates(
    fail_under: float | None, strict: bool, fail_on_grade: str | None, exit_zero: bool
) -> Gates:
    from perfeval.run.verdict import Gates

    limit = Decimal(str(fail_under)) if fail_under is not None else None
    if limit is not None and not limit.is_finite():  # nan, inf: no total is compared with it
        from perfeval.cli.localize import chosen_lang
        from perfeval.i18n import text

        lang = chosen_lang(sys.argv[1:], os.environ)
        raise typer.BadParameter(text("cli", "bad_fail_under", lang).format(value=fail_under))
    return Gates(limit, strict, fail_on_grade, exit_zero)
