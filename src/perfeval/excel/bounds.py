"""The size of a workbook's sheets, checked before openpyxl builds a cell.

openpyxl makes a cell object for every cell a sheet's XML names, and for every cell under a
merged range or a hyperlink's range: a 10 KB workbook with one merged range
`E100:XFD1048576` would have it make 17 billion (minutes, gigabytes). So each worksheet's
XML is read first as a stream — defused, nothing kept — and every cell and row reference,
the declared dimension, each merged range and each hyperlink range is checked against the
size a form can have (`MAX_ROWS` × `MAX_COLUMNS`, far more than any rubric's form fills);
merged ranges and hyperlinks together may cover at most `MAX_RANGE_CELLS` cells. The first
problem of each sheet is refused as `form.xlsx:自评表!XFD1048576` (PE923–PE925) and
nothing is loaded.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO

from defusedxml.ElementTree import iterparse, parse  # type: ignore[import-untyped]  # no stubs shipped
from openpyxl.utils.cell import range_boundaries

from perfeval.errors import Diagnostic, Location, diagnostic

MAX_ROWS = 5_000
MAX_COLUMNS = 64  # BL: the form's 20 columns and room for a department's own
MAX_RANGE_CELLS = 20_000  # all merged ranges and hyperlinks of one sheet together
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheets(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, worksheet part) of each sheet the workbook lists."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return
    with archive.open("xl/_rels/workbook.xml.rels") as rels:
        targets = {
            r.get("Id"): r.get("Target", "")
            for r in parse(rels).getroot().iter(f"{_PACKAGE_REL}Relationship")
        }
    with archive.open("xl/workbook.xml") as book:
        for sheet in parse(book).getroot().iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            part = posixpath.normpath(part)
            if part in names:
                yield sheet.get("name", ""), part


def _area(ref: str) -> tuple[int, int, int, int] | None:
    """(min column, min row, max column, max row) of `A1` or `A1:B2`; None if unreadable."""
    try:
        low_col, low_row, high_col, high_row = range_boundaries(ref.split(" ")[0])
    except (ValueError, TypeError):
        return None
    if None in (low_col, low_row, high_col, high_row):
        return None
    return low_col, low_row, high_col, high_row  # type: ignore[return-value]


def _outside(ref: str) -> str | None:
    """The corner of `ref` past the form's size (the cell to name), or None."""
    area = _area(ref)
    if area is None:
        return None
    if area[2] > MAX_COLUMNS or area[3] > MAX_ROWS:
        return ref.split(":")[-1].split(" ")[0]
    return None


def _cells(ref: str) -> int:
    area = _area(ref)
    return 0 if area is None else (area[2] - area[0] + 1) * (area[3] - area[1] + 1)


def _problem(stream: IO[bytes]) -> tuple[str, str, str] | None:
    """The first thing in a worksheet's XML past the form's size: (code, cell, range)."""
    covered = rows = cells = 0  # rows and cells may leave out their `r`: counted too
    for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
        tag = element.tag
        if tag == f"{_MAIN}c" or tag == f"{_MAIN}dimension":
            ref = element.get("r") or element.get("ref") or ""
            corner = _outside(ref)
            cells += tag == f"{_MAIN}c"
            if corner is not None:
                return "PE923", corner, ref
            if cells > MAX_COLUMNS:
                return "PE923", ref or f"A{rows + 1}", ref
        elif tag == f"{_MAIN}row":
            rows, cells = rows + 1, 0
            number = int(element.get("r") or 0) if (element.get("r") or "").isdigit() else rows
            if max(number, rows) > MAX_ROWS:
                return "PE923", f"A{max(number, rows)}", str(max(number, rows))
        elif tag in (f"{_MAIN}mergeCell", f"{_MAIN}hyperlink"):
            ref = element.get("ref") or ""
            code = "PE924" if tag == f"{_MAIN}mergeCell" else "PE925"
            covered += _cells(ref)
            corner = _outside(ref)
            if corner is not None or covered > MAX_RANGE_CELLS:
                return code, corner or ref.split(":")[0], ref
        if tag != f"{_MAIN}sheetData":
            element.clear()
    return None


def oversized(raw: bytes, display: str) -> list[Diagnostic]:
    """Each sheet's first reference past the form's size, located at `sheet!cell`."""
    found = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name, part in _sheets(archive):
            with archive.open(part) as stream:
                problem = _problem(stream)
            if problem is None:
                continue
            code, cell, ref = problem
            where = Location(f"{display}:{name}!{cell}")
            found.append(
                diagnostic(
                    code,
                    where,
                    range=ref[:40],
                    rows=MAX_ROWS,
                    columns=MAX_COLUMNS,
                    cells=MAX_RANGE_CELLS,
                )
            )
    return found
