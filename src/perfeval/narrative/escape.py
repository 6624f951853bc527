"""Markdown escaping for text the department wrote (and sentences that quote it).

Inline markup characters are backslash-escaped (CommonMark allows escaping any ASCII
punctuation), so `<b>x</b>` shows as text and `|` cannot break a table; a line that would
start a heading, quote, list, rule or code block has its first character escaped.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from perfeval.render.neutral import INVISIBLE

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab and line breaks, DEL, C1
_UNSEEN = re.compile(f"[{_CONTROLS}{INVISIBLE}]")
"""Characters a reader of the document cannot see, or that a terminal showing the Markdown
would act on (ESC, OSC …), or that reorder the text around them: shown as escapes."""
_LEADING = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def md_text(value: object) -> str:
    """A paragraph of user text, safe to place in Markdown; line breaks are kept."""
    lines = str(value).splitlines() or [""]
    return "\n".join(_line(line) for line in lines)


def md_inline(value: object) -> str:
    """Text inside a line that already has its own markup (a heading): inline escapes only."""
    return " ".join(_INLINE.sub(r"\\\1", line.strip()) for line in str(value).splitlines())


def md_cell(value: object) -> str:
    """Text for a Markdown table cell: one line, inline markup and pipes escaped (a cell
    starts no block, so `38.17` needs no escape)."""
    return " ".join(_INLINE.sub(r"\\\1", line.strip()) for line in str(value).splitlines())


def _line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line.strip())
    return _LEADING.sub(lambda m: _escape_first(m.group(1)), escaped)


def _escape_first(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def visible(value: Any) -> Any:
    """Jinja's `finalize` for every report format: text with each unseen character written
    as its escape (`\\x1b`, `\\u202e`); line breaks and tabs stay. Our own markup (a
    `Markup`) and non-text values pass as they are."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    return _UNSEEN.sub(_escape, value)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
