"""The one reader of typed values: numbers, money, ratios, counts, yes/no and operators.

Every door hands what a user wrote to `read` — a YAML scalar (quoted or not), a JSON value,
an Excel cell — and gets the value, or `Unreadable` with a stable code saying why the text is
not one (DESIGN §4.3). Nothing is guessed: a value is read only when its spelling is in the
table below; everything else is an error at the value's position, quoting it, never N/A.

=================  ==========================================  =========================
kind               accepted (→ value)                          refused (code)
=================  ==========================================  =========================
number, money      ``3089.8``, ``-3``, ``1e3``, ``"3089.8"``   ``5985.6万元`` (PE111),
                                                               ``约86.5`` (PE112),
                                                               ``≥96`` (PE113),
                                                               ``2,856.4``, ``13,2`` (PE114),
                                                               ``/``, ``—``, ``无`` (PE115),
                                                               words (PE116), ``50%`` (PE117)
ratio              as number, and ``92.5%`` → 0.925            as number, except ``%``
integer (count)    ``3``, ``3.0``                              ``3.5`` (PE118), as number
yes/no             ``true``/``false``, ``yes``/``no``,          anything else (PE119)
                   ``y``/``n``, ``是``/``否``, ``√``/``×``
operator           ``>=`` ``≥`` ``≧`` ``大于等于`` ``不低于``      ``>``, ``<``, words (PE120)
                   ``不少于`` → ``>=``; ``<=`` ``≤`` ``≦``
                   ``小于等于`` ``不高于`` ``不超过`` → ``<=``;
                   ``=`` ``==`` ``等于`` → ``=``;
                   ``qualitative`` ``定性`` → ``qualitative``
=================  ==========================================  =========================

Full-width forms as a Chinese input method types them (``５０％``, ``３０８９．８``, ``≥`` is
already full-width-free) and the minus sign U+2212 are read as their ASCII forms — exactly
NFKC's mapping of the full-width block U+FF01–U+FF5E and the ideographic space, nothing
wider (NFKC would also read ``10²`` as ``102``) — and the reading says so, so the caller
can warn (PE110). Only a value not written at all (YAML null, an empty cell) is absent;
empty or blank text is PE115, like ``/``. Every number, however it
was written, is held to `limits.MAX_DIGITS` and `limits.MAX_EXPONENT` (PE009), so no value
can reach the arithmetic too large, too small or too long.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from perfeval.load.limits import MAX_DIGITS, MAX_EXPONENT

__all__ = [
    "MAX_DIGITS",
    "OPERATOR_WORDS",
    "YES_NO_SPELLINGS",
    "YES_NO_WORDS",
    "Kind",
    "Reading",
    "Unreadable",
    "checked",
    "clip",
    "is_yes_no",
    "nearest",
    "normalised",
    "number_of",
    "read",
]


class Kind(enum.StrEnum):
    """What a field holds; the names are the `[types]` words of the locale files."""

    NUMBER = "number"
    MONEY = "money"
    RATIO = "ratio"
    FIGURE = "figure"  # a figure under data: a number or a percentage, read like a ratio
    INTEGER = "integer"
    YES_NO = "yes_no"
    OPERATOR = "operator"


class Reading(NamedTuple):
    """A value read. `written` is set when the text had full-width forms: the text as
    written, which the caller quotes in its warning beside `normalised(written)`."""

    value: Decimal | int | bool | str | None
    written: str | None = None


class Unreadable(ValueError):
    """The text is not a value of the kind asked for: a stable code and message params."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


_WIDE = {0xFF01 + i: 0x21 + i for i in range(0x5E)}  # ！…～ → !…~
_WIDE.update({0x3000: 0x20, 0x2212: 0x2D})  # ideographic space, minus sign

_NUMBER = re.compile(r"([-+]?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([-+]?)([0-9]+))?")
_PERCENT = re.compile(r"(.*?)\s*%")
_NOTHING = frozenset(
    {"/", "\\", "-", "--", "—", "——", "–", "_", "无", "暂无", "空", "不适用", "n/a", "na",
     "none", "null", "nil", "#n/a", "?", "？", "…", "..."}
)  # fmt: skip
_APPROXIMATE = re.compile(r"^(约|大约|大概|近|将近|接近|逾|超|达|≈|~)|(左右|余|多|上下|许)$")
_COMPARISON = re.compile(
    r"[<>≥≤≧≦]|^(不低于|不少于|不高于|不超过|不多于|大于|小于|高于|低于)|(以上|以下|以内)$"
)
_SEPARATED = re.compile(r"[-+]?[0-9]+(?:[,， '’_][0-9]+)+(?:\.[0-9]+)?%?")
_UNIT = re.compile(r"[¥￥$]\s*[0-9].*|[-+]?[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?\s*%?\s*([^0-9\s%].*)")

_YES = frozenset({"true", "yes", "y", "是", "√", "✓", "✔"})
_NO = frozenset({"false", "no", "n", "否", "×", "✗", "✘"})
_OPERATORS = {
    **dict.fromkeys((">=", "≥", "≧", "大于等于", "不低于", "不少于"), ">="),
    **dict.fromkeys(("<=", "≤", "≦", "小于等于", "不高于", "不超过", "不多于"), "<="),
    **dict.fromkeys(("=", "==", "等于"), "="),
    **dict.fromkeys(("qualitative", "定性"), "qualitative"),
}
YES_NO_SPELLINGS = "true/false, yes/no, 是/否, √/×"
YES_NO_WORDS = ("是", "否", "yes", "no", "√", "×")
"""The yes/no spellings an editor offers (the schema's enum); `read` takes them all."""
OPERATOR_WORDS = tuple(_OPERATORS)
"""Every comparison spelling `read` takes, for the schema's enum."""
OPERATOR_SPELLINGS = ">= (≥), <= (≤), =, qualitative (定性)"


def is_yes_no(text: str) -> bool:
    """Whether `text` is one of the yes/no spellings (full-width forms included)."""
    folded = normalised(text).casefold()
    return folded in _YES or folded in _NO


NEAR_MISS = 0.8
"""How alike (difflib's ratio) a key must be to a name the rubric reads to be taken for a
misspelling of it, once full-width forms and case are set aside."""


def nearest(key: str, candidates: Sequence[str]) -> str | None:
    """The one candidate `key` was most likely meant to be: equal but for full-width forms
    or case, else the closest by difflib above `NEAR_MISS`; None when nothing is close.
    One name, never a list: a hint must not invite the user to claim what they did not do.
    """
    return _nearest(key, tuple(candidates))


@lru_cache(maxsize=1024)
def _nearest(key: str, candidates: tuple[str, ...]) -> str | None:
    """`nearest`, remembered: the same absent figure is looked for among the same keys in
    file after file of a batch, and difflib's comparison was ~10% of scoring such a file."""
    folded = normalised(key).casefold()
    for candidate in candidates:
        if normalised(candidate).casefold() == folded:
            return candidate
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=NEAR_MISS)
    return close[0] if close else None


def clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def widened(text: str) -> str:
    """The characters of `text` that `normalised` reads as ASCII ones, each once, with its
    code point (`－ U+FF0D, − U+2212`), for the message saying so (PE110)."""
    chars = dict.fromkeys(char for char in text if ord(char) in _WIDE)
    return ", ".join(f"{char} U+{ord(char):04X}" for char in chars)


def normalised(text: str) -> str:
    """Full-width forms and the minus sign as ASCII, surrounding whitespace removed."""
    return text.translate(_WIDE).strip()


def checked(value: Decimal, written: str | None = None) -> Decimal:
    """`value` when it is finite and within the digit and exponent limits, else PE009
    quoting `written` (the value itself when not given)."""
    if (
        not value.is_finite()
        or len(value.as_tuple().digits) > MAX_DIGITS  # a Decimal keeps no leading zeros
        or abs(value.adjusted()) > MAX_EXPONENT  # zero too: 0E-2000000000 pads every sum
    ):
        raise Unreadable("PE009", value=clip(written or f"{value}"), digits=str(MAX_DIGITS))
    return value


def number_of(text: str) -> Decimal | None:
    """The number `text` spells exactly (`-3`, `12.5`, `1e3`; no sign of anything else), or
    None; `Unreadable` (PE009) past the digit or exponent limit. The YAML and JSON loaders
    read their unquoted numbers with it, so one limit holds at every door."""
    return _number(text, text)


def _number(text: str, written: str) -> Decimal | None:
    """The number `text` spells exactly (no sign of anything else), within the limits."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    _, whole, fraction, _, power = match.groups()
    digits = (whole + (fraction or "")).lstrip("0")
    if len(digits) > MAX_DIGITS or (power is not None and len(power.lstrip("0")) > 3):
        raise Unreadable("PE009", value=clip(written), digits=str(MAX_DIGITS))
    value = Decimal(text)  # the pattern admits only valid numbers; digits are bounded above
    if abs(value.adjusted()) > MAX_EXPONENT:  # zero too: 0E-2000000000 pads every sum
        raise Unreadable("PE009", value=clip(written), digits=str(MAX_DIGITS))
    return value


def _refusal(text: str, written: str, kind: Kind) -> Unreadable:
    """Why `text` (normalised) is not a number, as precisely as the spelling tells."""
    value = clip(written)
    if text.casefold() in _NOTHING:
        return Unreadable("PE115", value=value)
    if _APPROXIMATE.search(text):
        return Unreadable("PE112", value=value)
    if _COMPARISON.search(text):
        return Unreadable("PE113", value=value)
    if _SEPARATED.fullmatch(text):
        return Unreadable("PE114", value=value)
    unit = _UNIT.fullmatch(text)
    if unit is not None:
        return Unreadable("PE111", value=value, unit=clip(unit.group(1) or text[:1], 20))
    return Unreadable("PE116", value=value, kind=f"@types.{kind.value}")


def _from_text(kind: Kind, text: str, written: str) -> Decimal | int | bool | str:
    if kind is Kind.YES_NO:
        folded = text.casefold()
        if folded in _YES or folded in _NO:
            return folded in _YES
        raise Unreadable("PE119", value=clip(written), spellings=YES_NO_SPELLINGS)
    if kind is Kind.OPERATOR:
        operator = _OPERATORS.get(text.casefold())
        if operator is None:
            raise Unreadable("PE120", value=clip(written), spellings=OPERATOR_SPELLINGS)
        return operator
    number = _number(text, written)
    if number is not None:
        return _of_kind(kind, number, written)
    percent = _PERCENT.fullmatch(text)
    if percent is not None:
        share = _number(percent.group(1), written)
        if share is not None:
            if kind not in (Kind.RATIO, Kind.FIGURE):
                raise Unreadable("PE117", value=clip(written), kind=f"@types.{kind.value}")
            return share.scaleb(-2)
    raise _refusal(text, written, kind)


def _of_kind(kind: Kind, number: Decimal, written: str) -> Decimal | int:
    if kind is not Kind.INTEGER:
        return number
    if number != number.to_integral_value():
        raise Unreadable("PE118", value=clip(written))
    return int(number)


def read(kind: Kind, raw: object) -> Reading:
    """`raw` as a value of `kind`: a `Reading`, or `Unreadable` saying why not.

    `raw` is what a loader made: None (absent), a bool, a `Decimal` (an unquoted number), an
    int, or text. Text that is empty or only spaces is not absent: the way to say there is
    no figure is to write nothing (YAML null, an empty cell), so `""` is PE115."""
    if raw is None:
        return Reading(None)
    if isinstance(raw, bool):
        if kind is Kind.YES_NO:
            return Reading(raw)
        raise Unreadable("PE116", value=str(raw).lower(), kind=f"@types.{kind.value}")
    if isinstance(raw, Decimal | int | float):
        number = raw if isinstance(raw, Decimal) else Decimal(repr(raw))
        written = f"{number}"
        if kind is Kind.YES_NO:
            raise Unreadable("PE119", value=clip(written), spellings=YES_NO_SPELLINGS)
        if kind is Kind.OPERATOR:
            raise Unreadable("PE120", value=clip(written), spellings=OPERATOR_SPELLINGS)
        return Reading(_of_kind(kind, checked(number, written), written))
    if not isinstance(raw, str):
        raise TypeError(f"not a scalar: {type(raw).__name__}")
    text = normalised(raw)
    if not text and kind is Kind.OPERATOR:  # "": no comparison, and no default guessed
        raise Unreadable("PE120", value=raw, spellings=OPERATOR_SPELLINGS)
    if not text:  # "" or spaces: written, but nothing a value can be read from
        raise Unreadable("PE115", value=raw)
    value = _from_text(kind, text, raw.strip())
    return Reading(value, raw.strip() if text != raw.strip() else None)
