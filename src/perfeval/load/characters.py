"""Characters an editor does not show, as YAML sees them — named where an editor shows them.

Text pasted together from Word, web pages and PDFs brings characters that cannot be seen
but change what YAML reads: a line separator libyaml counts as a new line, a zero-width
space that makes `name` another key, a tab or a full-width space where YAML wants
indentation, a full-width colon typed by a Chinese input method where YAML wants `: `.
Each is reported by name (U+2028 LINE SEPARATOR) at the line and column an editor shows —
lines counted at line feeds only, columns in characters — with a hint saying what to type.

=====================================================  ==========  ======
character                                              treatment   code
=====================================================  ==========  ======
U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR,     refused     PE024
U+0085 NEXT LINE (libyaml breaks lines at them)
zero-width and direction marks: U+200B–U+200F,         refused     PE023
U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF
(past the start), U+00AD SOFT HYPHEN
control characters (C0 but tab, LF, CR; DEL; C1)       refused     PE028
a full-width colon where a key ends (`name： 海珠区`)     refused     PE025
a tab in indentation                                   refused     PE026
a full-width or no-break space in indentation          refused     PE027
a full-width or no-break space inside text             content     —
full-width digits and signs in a value (`５０％`)         read        PE110
=====================================================  ==========  ======

The first three are found in one scan of every file (the same scan that used to refuse
only control characters); the indentation and colon slips are looked for only when the
YAML parser has failed, so a correct file pays nothing for them.
"""

from __future__ import annotations

import re
import unicodedata

from perfeval.errors import InputError, Location, diagnostic

UNSHOWN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff]"
)
"""Every character refused wherever it stands (a surrogate cannot come from UTF-8)."""

_LINE_BREAKS = frozenset("\u2028\u2029\x85")
_KEY_COLON = re.compile(r"^(?P<indent>[ ]*)(?P<key>[^\s\-\"'#\[\]{}:：][^:：#\"']*?)\s*：")
_INDENT = re.compile(r"^[ \t\u3000\u00a0]*")


def editor_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]` as an editor shows them."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _named(char: str) -> dict[str, str]:
    return {"char": f"U+{ord(char):04X}", "name": unicodedata.name(char, "")}


def refuse_unshown(text: str, display: str) -> None:
    """InputError at the first character an editor does not show, named (PE023/024/028)."""
    found = UNSHOWN.search(text)
    if found is None:
        return
    char = found.group()
    if char == "\ufeff" and found.start() == 0:  # a byte order mark is read as one
        rest = UNSHOWN.search(text, 1)
        if rest is None:
            return
        found, char = rest, rest.group()
    code = "PE024" if char in _LINE_BREAKS else "PE028" if ord(char) < 0xA0 else "PE023"
    line, col = editor_position(text, found.start())
    raise InputError([diagnostic(code, Location(display, line, col), **_named(char))])


def explain_parse_error(text: str, display: str, line: int) -> InputError | None:
    """A slip an editor hides, on the line the parser stopped at or the one before: a tab
    or a full-width space in indentation (PE026, PE027), a full-width colon where a key
    ends (PE025). None when neither line holds one."""
    lines = text.split("\n")
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        content = lines[number - 1]
        indent = _INDENT.match(content)
        spaces = indent.group() if indent else ""
        for offset, char in enumerate(spaces):
            if char != " ":
                code = "PE026" if char == "\t" else "PE027"
                where = Location(display, number, offset + 1)
                return InputError([diagnostic(code, where, **_named(char))])
        colon = _KEY_COLON.match(content)
        if colon is not None and ": " not in content[: colon.end()]:
            where = Location(display, number, colon.end())
            return InputError([diagnostic("PE025", where, key=colon.group("key")[:60])])
    return None
