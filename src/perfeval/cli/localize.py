"""The command line in the chosen language: help, usage errors and typer's own words.

The language is chosen before anything is parsed — `--lang` anywhere in the arguments, else
`PERFEVAL_LANG`, else zh — so `--help` and a usage error already speak it. Help texts come
from the locale's `[cli.commands]` and `[cli.params]`, put on a command only when its help
is shown (a run that shows none never reads them); the words typer looks up through
gettext come from `[cli.gettext]`; a usage error is worded from `[cli.usage]` by what the
parser found. The typer (vendored click) messages this reads are its English sentences, so
one that is not in `_USAGE` is shown as typer wrote it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer.core
from typer import _click
from typer._click.exceptions import NoArgsIsHelpError
from typer.exceptions import Abort

from perfeval.i18n import Lang, catalogue, fill, text

if TYPE_CHECKING:
    _Base = _click.Command  # what the mixin below is mixed into
else:
    _Base = object


def chosen_lang(args: Sequence[str], environ: Mapping[str, str]) -> Lang:
    """`--lang X` or `--lang=X` in `args`, else `PERFEVAL_LANG`, else zh; en only if asked."""
    for index, arg in enumerate(args):
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in ("zh", "en"):
            return "en" if value == "en" else "zh"
    return "en" if environ.get("PERFEVAL_LANG") == "en" else "zh"


def _help(key: str, section: str, lang: Lang) -> str | None:
    found = catalogue(lang)["cli"][section].get(key)
    return found if isinstance(found, str) else None


def localize(command: _click.Command, path: str, lang: Lang) -> None:
    """Put the locale's help on `command` (named `path`, e.g. `rubric show`) and its
    parameters; with its subcommands' one-line help if it is a group."""
    words = _help(path, "commands", lang) if path else text("cli", "app", lang)
    exit_codes = text("cli", "exit_codes", lang)
    if words is not None:
        command.help = words if path else f"{words}\n\n{exit_codes}"
        command.short_help = words.split("。")[0].split(". ")[0]
    if not hasattr(command, "commands"):  # a command (a group lists its commands instead)
        command.epilog = exit_codes
    for param in command.params:
        name = param.name or ""
        words = _help(f"{path}.{name}", "params", lang) or _help(name, "params", lang)
        if words is not None and isinstance(
            param, typer.core.TyperOption | typer.core.TyperArgument
        ):
            param.help = words
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, f"{path} {name}".strip(), lang)


def install(lang: Lang) -> None:
    """typer's own help words (`Options`, `default: …`) in `lang`: typer reads them through
    gettext, bound as `typer.core._` (the words are read when help first asks)."""

    def gettext(message: str) -> str:
        found = catalogue(lang)["cli"]["gettext"].get(message)
        return found if isinstance(found, str) else message

    typer.core._ = gettext  # type: ignore[attr-defined]


_USAGE: tuple[tuple[str, str], ...] = (
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<possible>.+)\))?",
     "no_such_option"),
    (r"No such command (?P<name>'.*?')\.(?: Did you mean (?P<did_you_mean>.+)\?)?",
     "no_such_command"),
    (r"Missing command\.", "missing_command"),
    (r"Missing argument (?P<name>.+?)\.", "missing_argument"),
    (r"Missing option (?P<name>.+?)\.", "missing_option"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+?) is not one of (?P<choices>.+)\.",
     "not_a_choice"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+?) is not in the range (?P<range>.+)\.",
     "out_of_range"),
    (r"Invalid value for (?P<name>.+?): (?P<value>.+?) is not a valid (integer|float)\.",
     "not_a_number"),
    (r"Invalid value for (?P<name>.+?): (?P<detail>.+)", "invalid_value"),
    (r"Invalid value: (?P<detail>.+)", "invalid"),
    (r"Option (?P<name>'.+?') requires (an argument|\d+ arguments)\.", "needs_value"),
    (r"Option (?P<name>'.+?') does not take a value\.", "takes_no_value"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<arguments>.*)\)", "extra_arguments"),
)  # fmt: skip
"""The parser's English messages, each with the `[cli.usage]` key that words it (compiled
only when a usage error is shown)."""


def usage_message(message: str, lang: Lang) -> str:
    """A parser's English message in `lang`; one it does not know, as it is."""
    usage = catalogue(lang)["cli"]["usage"]
    for pattern, key in _USAGE:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found is not None:
            values = {name: value for name, value in found.groupdict().items() if value}
            words = fill(usage[key], values)
            for hint in ("possible", "did_you_mean"):  # the parser's suggestions, if any
                if hint in values:
                    words += fill(usage[hint], {"options": values[hint]})
            return words
    return message


def usage_error(error: _click.ClickException, lang: Lang) -> str:
    """A usage error as shown on stderr: the usage line, where to find help, the error."""
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        where = {"command": ctx.command_path, "option": ctx.help_option_names[0]}
        lines += [text("cli", "try_help", lang, where), ""]
    from perfeval.render.neutral import neutral

    lines.append(text("cli", "error", lang) + neutral(usage_message(error.format_message(), lang)))
    return "\n".join(lines) + "\n"


class _Speaking(_Base):
    """Help and usage lines in the run's language (the group's `lang`)."""

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, text("cli", "usage_prefix", _lang(ctx)))

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        localize(ctx.command, _path(ctx), _lang(ctx))
        super().format_help(ctx, formatter)

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _help("help", "params", _lang(ctx))
        return option


class LocalCommand(_Speaking, typer.core.TyperCommand):
    """A command whose help and usage line speak the run's language."""


class LocalGroup(_Speaking, typer.core.TyperGroup):
    """A group that speaks the run's language; the top one chooses it and words usage
    errors in it."""

    lang: Lang = "zh"

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run with `standalone_mode` off, so usage errors come back to be worded here; exit
        as click would (2 for usage, the command's own code otherwise)."""
        arguments = list(sys.argv[1:] if args is None else args)
        self.lang = chosen_lang(arguments, os.environ)
        install(self.lang)
        try:
            code = super().main(arguments, prog_name, complete_var, False, windows_expand_args,
                                **extra)  # fmt: skip
        except NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            code = exc.exit_code
        except _click.ClickException as exc:
            sys.stderr.write(usage_error(exc, self.lang))
            code = exc.exit_code
        except Abort:
            sys.stderr.write(text("cli", "aborted", self.lang) + "\n")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code or 0)


def _lang(ctx: _click.Context) -> Lang:
    root = ctx.find_root().command
    return root.lang if isinstance(root, LocalGroup) else "zh"


def _path(ctx: _click.Context) -> str:
    """The command's path below the program (`score`, `rubric show`; the top group: "")."""
    names: list[str] = []
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(names)
