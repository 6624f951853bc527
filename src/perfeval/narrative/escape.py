"""Markdown escaping for text the department wrote (and sentences that quote it).

Inline markup characters are backslash-escaped (CommonMark allows escaping any ASCII
punctuation), so `<b>x</b>` shows as text and `|` cannot break a table; a line that would
start a heading, quote, list, rule or code block has its first character escaped.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
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
