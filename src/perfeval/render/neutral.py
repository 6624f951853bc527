"""User text made safe to show: the one neutralising function every printing path uses.

A department name, an indicator key, a file name or a rubric's words reach terminals, CI
logs, XML and spreadsheets. In what perfeval shows, each character a reader cannot see or
that a terminal or a log would act on is written as a visible escape instead:

- control characters (C0 including line breaks, DEL, C1 including the 8-bit CSI; a tab is
  only a gap and stays): `\\n`, `\\r`, `\\x1b` …, so no escape sequence (ESC/OSC) reaches a
  terminal and no user text starts a new line;
- the Unicode line and paragraph separators and the bidirectional controls (U+2028, U+2029,
  U+061C, U+200E/F, U+202A–E, U+2066–9): `\\u202e` …, so text cannot reorder what is shown;
- lone surrogates and U+FFFE/U+FFFF, which no UTF-8 stream or XML document can hold;
- `::`, written `:\\x3a`, so user text can never begin a GitHub Actions workflow command
  (`::add-mask::`, `::stop-commands::` …), wherever a log puts it on a line.

The JSON formats keep user text exact: `json_text` escapes the same characters the JSON way
(`\\u202e`), which every JSON reader turns back into the original.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from perfeval.run.outcome import Card, FileOutcome

INVISIBLE = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
"""Characters no reader sees that reorder or break the text around them (a regex class):
shown escaped in what perfeval prints and in its documents (`narrative.escape.visible`)."""
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{INVISIBLE}]|::")  # a tab is only a gap
_IN_JSON = re.compile(f"[\x7f-\x9f{INVISIBLE}]")  # json.dumps escapes \x00-\x1f itself
_UNSAFE_IN_JSON = re.compile(f"\\\\[unrbf]|::|[\x7f-\x9f{INVISIBLE}]")
"""What in a scorecard's JSON (escaped backslashes taken out) means `neutral` would change a
text: an escaped control character (only a tab may stay), an invisible one, `::`."""
_NAMED = {"\n": "\\n", "\r": "\\r", "::": ":\\x3a"}


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    if found in _NAMED:
        return _NAMED[found]
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutral(text: str) -> str:
    """`text` with every character a reader cannot see or a terminal would act on escaped;
    the same string when there is none (the usual case, told without the regex)."""
    if text.isprintable() and "::" not in text:
        return text
    return _UNSAFE.sub(_escaped, text)


def json_text(data: Any, indent: int | None = None) -> str:
    """`data` as JSON (UTF-8 text, keys in their order) in which no character a terminal
    would act on appears raw: json escapes the C0 controls, this the rest (DEL, C1, the
    bidirectional and line-separator controls, lone surrogates) as `\\uXXXX`."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def neutral_outcome(outcome: FileOutcome) -> FileOutcome:
    """The outcome with every text in its scorecard neutralised (the score tables show a
    scorecard's texts as they are); the same object when nothing needed it."""
    if outcome.card is None:
        return outcome
    written = outcome.card.known_json()  # a cached card's: then no walk in the usual case
    if written is not None and not _UNSAFE_IN_JSON.search(written.decode().replace("\\\\", "")):
        return outcome
    from pydantic import BaseModel

    card = outcome.card.get()
    shown = _neutral_value(card, BaseModel)
    return outcome if shown is card else replace(outcome, card=Card(shown))


def _neutral_value(value: Any, model: type[Any]) -> Any:
    """`value` with `neutral` applied to every string inside it (models, tuples, dicts);
    the same object wherever nothing changed."""
    if isinstance(value, str):
        shown = neutral(value)
        return value if shown == value else shown
    if isinstance(value, model):
        changed = {}
        for name, item in value.__dict__.items():
            if isinstance(item, str | model | tuple | dict):
                shown = _neutral_value(item, model)
                if shown is not item:
                    changed[name] = shown
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, tuple):
        items = tuple(_neutral_value(item, model) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        entries = {key: _neutral_value(item, model) for key, item in value.items()}
        return value if all(entries[k] is value[k] for k in value) else entries
    return value
