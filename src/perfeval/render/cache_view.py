"""`perfeval cache info|clear`: what the result cache holds, where, and how it is keyed."""

from __future__ import annotations

import os
from pathlib import Path

from perfeval.i18n import Lang, text
from perfeval.render.neutral import neutral
from perfeval.run.cache_home import (
    KEY_VARIABLE,
    Usage,
    cache_secret,
    clear,
    key_file,
    max_bytes,
    usage,
)

_MB = 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f}"


def cache_info(folder: Path, lang: Lang) -> str:
    """The folder, its entries and size against the bound, and where the key comes from."""
    held = usage(folder)
    lines = [
        text("cache", "folder", lang, {"folder": neutral(str(folder))}),
        text("cache", "entries", lang, _sizes(held) | {"limit": _megabytes(max_bytes())}),
    ]
    if os.environ.get(KEY_VARIABLE):
        lines.append(text("cache", "key_env", lang, {"variable": KEY_VARIABLE}))
    else:
        key = "key_file" if cache_secret() is not None else "no_key"
        lines.append(text("cache", key, lang, {"path": neutral(str(key_file()))}))
    return "\n".join(lines) + "\n"


def cache_clear(folder: Path, lang: Lang) -> str:
    """Remove every entry; one line saying how many and how much."""
    removed = clear(folder)
    return text("cache", "cleared", lang, _sizes(removed) | {"folder": neutral(str(folder))}) + "\n"


def _sizes(held: Usage) -> dict[str, object]:
    return {"entries": held.entries, "size": _megabytes(held.size)}
