"""User-facing words: the locale catalogues and safe placeholder filling.

The catalogues are TOML files in ``locales/`` (zh is the default). Placeholders are
``{name}`` only — no attribute access, indexing or format specs — so a rubric's or a
locale's template can never reach into Python objects.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


_TABLE = re.compile(r"^\[([A-Za-z_][A-Za-z0-9_]*)[].]", re.MULTILINE)


class Catalogue(Mapping[str, Any]):
    """A locale file's top-level sections, each parsed the first time it is read.

    One verdict line needs one section of twelve, and parsing them all (tomllib is pure
    Python) was most of the work of a run answered from the cache. The files have no
    multi-line strings, so every line that starts with `[` opens a table; a section is its
    tables put together (tests/test_locales.py checks the whole equals tomllib's reading)."""

    def __init__(self, text: str) -> None:
        self._parts: dict[str, list[str]] = {}
        self._parsed: dict[str, Any] = {}
        tables = list(_TABLE.finditer(text))
        ends = [*(table.start() for table in tables[1:]), len(text)]
        for table, end in zip(tables, ends, strict=True):
            self._parts.setdefault(table[1], []).append(text[table.start() : end])

    def __getitem__(self, section: str) -> Any:
        if section not in self._parsed:
            self._parsed[section] = tomllib.loads("".join(self._parts[section]))[section]
        return self._parsed[section]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


@cache
def catalogue(lang: Lang) -> Catalogue:
    """The locale file for ``lang``, read section by section as needed: from the package
    folder (importlib.resources, which imports zipfile, only for a zipped install)."""
    path = Path(__file__).parent / "locales" / f"{lang}.toml"
    if path.is_file():
        return Catalogue(path.read_text("utf-8"))
    text = resources.files("perfeval").joinpath("locales", f"{lang}.toml").read_text("utf-8")
    return Catalogue(text)


def fill(template: str, values: Mapping[str, object]) -> str:
    """Replace ``{name}`` with ``values[name]``; unknown names are left visible as-is."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(substitute, template)


def placeholders(template: str) -> set[str]:
    """The placeholder names a template uses."""
    return set(_PLACEHOLDER.findall(template))


def text(section: str, key: str, lang: Lang, values: Mapping[str, object] | None = None) -> str:
    """Look up ``[section] key`` in the catalogue and fill it."""
    entry = catalogue(lang)[section][key]
    return fill(entry, values or {})


def message(code: str, lang: Lang, values: Mapping[str, object]) -> tuple[str, str]:
    """The message and the fix hint for a diagnostic code."""
    entry = catalogue(lang)["diagnostics"][code]
    words = localize_params({k: str(v) for k, v in values.items()}, lang)
    return fill(entry["message"], words), fill(entry.get("hint", ""), words)


_LOCALIZED_SECTIONS = frozenset({"types", "os_errors", "unavailable"})


def localize_params(params: Mapping[str, str], lang: Lang) -> dict[str, str]:
    """Params with each ``@section.key`` value (e.g. ``@types.number``) replaced by its word.

    Diagnostics keep params language-neutral; only the sections listed in
    ``_LOCALIZED_SECTIONS`` are looked up, and an unknown key is left as written.
    """
    words = catalogue(lang)
    result: dict[str, str] = {}
    for name, value in params.items():
        section, _, key = value[1:].partition(".")
        known = value.startswith("@") and section in _LOCALIZED_SECTIONS
        entry = words[section].get(key) if known else None
        result[name] = entry if isinstance(entry, str) else value
    return result
