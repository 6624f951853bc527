"""Reading one cell as what the layout expects there — or a located problem, never a guess.

A location is ``form.xlsx:自评表!G12``: the file, the sheet and the cell reference, in the
`file` part of a `Location` (line and column stay 0, so it prints as written).

Decisions (documented in the README):

* a formula is never computed: PE909 (paste the values instead);
* a number stored as text is read as that number when the whole text is exactly a plain
  number or percentage (``3089.8``, ``92.5%``) — with a warning, PE908; anything else
  (``3,089.8``, ``约 95%``) is PE907;
* yes/no: a TRUE/FALSE cell, or the words 是/否, yes/no, true/false.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import Diagnostic, Location, diagnostic, warning
from perfeval.excel.cells import parse_text_number, read_number
from perfeval.excel.form import word
from perfeval.i18n import LANGS, text
from perfeval.load import scalars

AnyCell = Cell | MergedCell
Ratio = Decimal | str  # a plain number, or a percentage written "92.5%"
_TRUE = {"true", *(text("excel", "yes", lang).casefold() for lang in LANGS)}
_FALSE = {"false", *(text("excel", "no", lang).casefold() for lang in LANGS)}


def _clip(value: object) -> str:
    shown = str(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


@dataclass(slots=True)
class Reader:
    """Reads cells of one workbook, collecting problems located at sheet and cell."""

    display: str
    problems: list[Diagnostic] = field(default_factory=list)

    def where(self, sheet: Worksheet, cell: AnyCell | None = None) -> Location:
        if cell is None:
            return Location(f"{self.display}:{sheet.title}")
        return Location(f"{self.display}:{sheet.title}!{cell.coordinate}")

    def fail(self, sheet: Worksheet, cell: AnyCell, problem: str, /, **params: object) -> None:
        self.problems.append(diagnostic(problem, self.where(sheet, cell), **params))

    def raw(self, sheet: Worksheet, cell: AnyCell) -> object:
        """The cell's value; None for blank text, a formula (reported) or a merged cell."""
        value = cell.value
        scalar = str | int | float | bool | datetime | date | time | timedelta
        if cell.data_type == "f" or not (value is None or isinstance(value, scalar)):
            self.fail(sheet, cell, "PE909", formula=_clip(value))  # formula or array formula
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def text(self, sheet: Worksheet, cell: AnyCell) -> str | None:
        value = self.raw(sheet, cell)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return text("excel", "yes" if value else "no", "zh")
        if isinstance(value, int | float):
            number, percent = read_number(value, cell.number_format)
            return f"{number:f}%" if percent else f"{number:f}"
        self.fail(sheet, cell, "PE907", found=_clip(value), expected="@types.text")
        return None

    def _numeric(self, sheet: Worksheet, cell: AnyCell, kind: str) -> tuple[Decimal, bool] | None:
        """A number cell as written, or text read by the one reader of typed values
        (`load.scalars`): every door refuses the same spellings with the same codes."""
        value = self.raw(sheet, cell)
        if value is None:
            return None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                number, percent = read_number(value, cell.number_format)
                return scalars.checked(number), percent
            parsed = parse_text_number(value) if isinstance(value, str) else None
            if parsed is None:  # refused with the reader's own reason, or read as it reads
                read = scalars.read(scalars.Kind.RATIO, value).value
                if not isinstance(read, Decimal):
                    self.fail(sheet, cell, "PE907", found=_clip(value), expected=f"@types.{kind}")
                    return None
                parsed = (read, False)
            parsed = (scalars.checked(parsed[0]), parsed[1])
        except scalars.Unreadable as refused:  # named as this cell's kind (整数 for a count)
            named = {"kind": f"@types.{kind}"} if "kind" in refused.params else {}
            self.fail(sheet, cell, refused.code, **{**refused.params, **named})
            return None
        shown = f"{parsed[0]:f}%" if parsed[1] else f"{parsed[0]:f}"
        where = self.where(sheet, cell)
        self.problems.append(warning("PE908", where, found=_clip(value), value=shown))
        return parsed

    def ratio(self, sheet: Worksheet, cell: AnyCell) -> Ratio | None:
        """A number, or a percentage kept as written ("92.5%") for the loader to read."""
        found = self._numeric(sheet, cell, "number")
        if found is None:
            return None
        return f"{found[0]:f}%" if found[1] else found[0]

    def number(self, sheet: Worksheet, cell: AnyCell) -> Decimal | None:
        found = self._numeric(sheet, cell, "number")
        if found is None:
            return None
        return found[0].scaleb(-2) if found[1] else found[0]

    def integer(self, sheet: Worksheet, cell: AnyCell) -> int | None:
        found = self._numeric(sheet, cell, "integer")
        if found is None:
            return None
        if found[1] or found[0] != found[0].to_integral_value():
            self.fail(sheet, cell, "PE907", found=_clip(cell.value), expected="@types.integer")
            return None
        return int(found[0])

    def boolean(self, sheet: Worksheet, cell: AnyCell) -> bool | None:
        value = self.raw(sheet, cell)
        if value is None or isinstance(value, bool):
            return value
        try:  # 是/否, yes/no, √/× … as every door reads them
            read = scalars.read(scalars.Kind.YES_NO, str(value).strip()).value
        except scalars.Unreadable:
            read = None
        if isinstance(read, bool):
            return read
        folded = str(value).strip().casefold()
        if folded in _TRUE or folded in _FALSE:
            return folded in _TRUE
        self.fail(sheet, cell, "PE921", found=_clip(value))
        return None

    def figure(self, sheet: Worksheet, cell: AnyCell) -> object:
        """A `data` figure: a number, a percentage ("96%"), yes/no (a TRUE/FALSE cell) or text."""
        value = self.raw(sheet, cell)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and parse_text_number(value) is None:
            try:  # text that tries to be a number (约96%, N/A, /, 2,856.4) is refused here,
                scalars.read(scalars.Kind.FIGURE, value)  # at its cell; words stay text
            except scalars.Unreadable as refused:
                if refused.code != "PE116":
                    self.fail(sheet, cell, refused.code, **refused.params)
                    return None
            return value
        return self.ratio(sheet, cell)


def header_words(section: str, keys: tuple[str, ...]) -> dict[str, str]:
    """Every language's header word (case-folded) → the column key."""
    return {word(section, key, lang).strip().casefold(): key for key in keys for lang in LANGS}
