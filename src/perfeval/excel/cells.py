"""Cells in and out: text that can never become a formula, exact numbers, cell references.

Writing: text is always stored as text. A value starting with ``= + - @``, a tab or a
carriage return would be taken for a formula by a spreadsheet (CSV/formula injection), so
it is stored as a string cell with the quote prefix set — shown as typed, never evaluated.
Numbers are real numbers: a Decimal is written as the double Excel stores anyway, with a
number format showing exactly the digits it was written with (3089.80 → ``#,##0.00``), so
reading it back gives the same Decimal. A number with more significant digits than a double
holds (over 15) is stored as text instead, so nothing is lost.

Reading: a number cell becomes a Decimal from the double's shortest representation, padded
to the decimals its number format shows (3089.8 in a ``0.00`` cell reads 3089.80; a
``0.0%`` cell holding 0.925 reads 92.5%). Nothing is rounded away: a value with more digits
than its format shows keeps them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils.cell import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DOUBLE_DIGITS = 15
TEXT_LIMIT = 32767  # Excel's limit for one cell
_DECIMALS = re.compile(r"\.(0+)")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_PERCENT_TEXT = re.compile(r"\s*([-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)\s*%\s*")


def reference(row: int, column: int) -> str:
    """``F12`` for row 12, column 6."""
    return f"{get_column_letter(column)}{row}"


AnyCell = Cell | MergedCell


def _writable(cell: AnyCell) -> Cell:
    if isinstance(cell, MergedCell):  # only a merged range's top-left cell holds a value
        raise TypeError(f"{cell.coordinate} is inside a merged range")
    return cell


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters a worksheet's XML cannot hold (openpyxl refuses them: IllegalCharacterError)."""


def cell_text(value: str) -> str:
    """`value` with every character a cell cannot hold shown as an escape (`\\x01`), so a
    department name with a stray control character is written, visibly, not refused."""
    return _FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def put_text(target: AnyCell, value: str) -> None:
    """Store `value` as text, never as a formula; characters a cell cannot hold escaped."""
    cell = _writable(target)
    value = cell_text(value)
    cell.value = value
    if value.startswith(FORMULA_START) or cell.data_type != "s":
        cell.data_type = "s"
        cell.quotePrefix = True


def _places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def number_format(places: int, percent: bool = False) -> str:
    fraction = "." + "0" * places if places else ""
    return f"0{fraction}%" if percent else f"#,##0{fraction}"


def _fits_double(value: Decimal) -> bool:
    digits = value.as_tuple().digits
    return len(digits) <= DOUBLE_DIGITS and Decimal(repr(float(value))) == value


def put_number(target: AnyCell, value: Decimal, places: int | None = None) -> None:
    """A real number shown with `places` decimals (default: the digits it was written with)."""
    cell = _writable(target)
    if not value.is_finite() or not _fits_double(value):
        put_text(cell, f"{value:f}")
        return
    shown = _places(value) if places is None else places
    cell.value = int(value) if _places(value) == 0 else float(value)
    cell.number_format = number_format(shown)


def put_percent(target: AnyCell, value: Decimal) -> None:
    """A ratio (0.925) as a percentage cell showing its written digits (92.5%)."""
    cell = _writable(target)
    if not value.is_finite() or not _fits_double(value):
        put_text(cell, f"{value.scaleb(2):f}%")
        return
    cell.value = float(value)
    cell.number_format = number_format(_places(value.scaleb(2)), percent=True)


def percent_text(text: str) -> Decimal | None:
    """``"92.5%"`` → Decimal("92.5") (the percentage as written), else None."""
    match = _PERCENT_TEXT.fullmatch(text)
    return Decimal(match.group(1)) if match else None


def shown_places(fmt: str) -> int | None:
    """The decimals a number format shows (its first section), None for General/text."""
    section = fmt.split(";", 1)[0]
    if section in ("General", "@") or ("0" not in section and "#" not in section):
        return None
    match = _DECIMALS.search(section)
    return len(match.group(1)) if match else 0


def is_percent_format(fmt: str) -> bool:
    return "%" in fmt.split(";", 1)[0]


def exact(value: int | float) -> Decimal:
    """The Decimal a number cell holds: the double's shortest form, integers as integers."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return Decimal(int(value))
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def read_number(value: int | float, fmt: str) -> tuple[Decimal, bool]:
    """A number cell's value as written: (Decimal, is a percentage).

    For a percentage the Decimal is the percentage itself (92.5 for 0.925 in a ``0.0%``
    cell); it is padded to the decimals the format shows, never rounded.
    """
    number = exact(value)
    percent = is_percent_format(fmt)
    if percent:
        number = number.scaleb(2)
    if int(number.as_tuple().exponent) > 0:  # 1E+2 → 100
        number = number.quantize(Decimal(1))
    places = shown_places(fmt)
    if places is not None and _places(number) < places:
        number = number.quantize(Decimal(1).scaleb(-places))
    return number, percent


def parse_text_number(text: str) -> tuple[Decimal, bool] | None:
    """Text that is exactly a plain number (``3089.8``) or percentage (``92.5%``), else None.

    No thousands separators, no currency, no spaces inside: anything else is not a number.
    """
    stripped = text.strip()
    percent = percent_text(stripped)
    if percent is not None:
        return percent, True
    if not _PLAIN_NUMBER.fullmatch(stripped):
        return None
    return Decimal(stripped), False
