"""`perfeval import form.xlsx -o submission.yaml [--rubric ID]`: a filled-in 自评表 back to
the submission YAML.

Safety first: the file must be at most `MAX_FILE_BYTES`; before openpyxl sees it, the
archive's members are counted and their declared uncompressed sizes added up (zipfile
refuses to inflate past a declared size, so the sum bounds what is read) against
`MAX_UNPACKED_BYTES` — a zip bomb is refused, not opened. openpyxl parses the XML with
defusedxml (installed with perfeval), so entity expansion attacks are refused too.

The YAML produced is validated exactly as `perfeval score` would load it; a problem is
reported at the cell the value came from (``form.xlsx:自评表!G12``), and nothing is
written while any error remains.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.errors import (
    CannotRunError,
    Diagnostic,
    ExitCode,
    InputError,
    Location,
    PerfevalError,
    Severity,
    diagnostic,
    os_problem,
)
from perfeval.excel.bounds import oversized
from perfeval.excel.filled_outputs import Written, computed, unread
from perfeval.excel.form import word
from perfeval.excel.layout import BUDGET, INFO, SCORE, SUMMARY
from perfeval.excel.read_score import ScoreSheet
from perfeval.excel.read_sheets import Cells, read_key_values
from perfeval.excel.reader import Reader
from perfeval.excel.yaml_out import dump
from perfeval.i18n import LANGS, Lang, text
from perfeval.load.document import Document, parse_bytes, validate
from perfeval.load.files import read_input
from perfeval.load.sources import LoadedRubric, load_rubric, rubric_by_id, rubric_for_cli
from perfeval.models.submission import Submission

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000
ORDER = ("rubric", "department", "project", "money_unit", "budget", "data", "indicators")


@dataclass(frozen=True, slots=True)
class ImportResult:
    content: str | None
    problems: tuple[Diagnostic, ...]
    exit_code: ExitCode


def read_archive(path: Path, display: str) -> bytes:
    """The file's bytes, once the file is known to be a regular file (a FIFO or a device is
    PE016, never read) and it and its unpacked members are known to be small."""
    where = Location(display)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError([diagnostic("PE901", where, size=size, limit=MAX_FILE_BYTES)])
        raw = read_input(path, display, MAX_FILE_BYTES)  # a regular file only (PE016)
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError([diagnostic("PE902", where, problem=str(exc)[:120])]) from None
    except OSError as exc:
        raise CannotRunError([diagnostic("PE012", where, problem=os_problem(exc))]) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS:
        raise InputError([diagnostic("PE903", where, size=len(members), limit=MAX_MEMBERS)])
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError([diagnostic("PE903", where, size=unpacked, limit=MAX_UNPACKED_BYTES)])
    return raw


def open_workbook(path: Path, display: str) -> Workbook:
    raw = read_archive(path, display)
    try:
        too_big = oversized(raw, display)  # before openpyxl makes a single cell
    except Exception as exc:  # malformed or hostile XML: defusedxml and expat raise many types
        problem = f"{type(exc).__name__}: {exc}"[:120]
        raise InputError([diagnostic("PE902", Location(display), problem=problem)]) from None
    if too_big:
        raise InputError(too_big)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops
            return load_workbook(io.BytesIO(raw), read_only=False, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a malformed package
        root: BaseException = exc
        while root.__cause__ or root.__context__:  # name what failed, not openpyxl's wrapper
            root = root.__cause__ or root.__context__ or root
        problem = f"{type(root).__name__}: {root}"[:120]
        raise InputError([diagnostic("PE902", Location(display), problem=problem)]) from None


def find_sheet(book: Workbook, key: str) -> Worksheet | None:
    names = {word("sheets", key, lang) for lang in LANGS}
    found = next((book[name] for name in book.sheetnames if name.strip() in names), None)
    return found if isinstance(found, Worksheet) else None


def _sheets(book: Workbook, display: str) -> dict[str, Worksheet]:
    summary = find_sheet(book, SUMMARY)
    if summary is not None:
        raise InputError([diagnostic("PE920", Location(display), sheet=summary.title)])
    sheets: dict[str, Worksheet] = {}
    missing: list[Diagnostic] = []
    for key in (SCORE, BUDGET, INFO):
        sheet = find_sheet(book, key)
        if sheet is None:
            name = word("sheets", key, "zh")
            missing.append(diagnostic("PE904", Location(display), sheet=name))
        else:
            sheets[key] = sheet
    if missing:
        raise InputError(missing)
    return sheets


def _rubric(given: str | None, stated: object, where: Location) -> tuple[LoadedRubric, str]:
    """The rubric to read the score sheet with, and the id the YAML names."""
    if given is not None:
        path, display = rubric_for_cli(given)
        reference = stated if isinstance(stated, str) and stated else given
        return load_rubric(path, display), str(reference)
    if isinstance(stated, str) and rubric_by_id(stated.strip()) is not None:
        path, display = rubric_for_cli(stated.strip())
        return load_rubric(path, display), stated.strip()
    raise InputError([diagnostic("PE919", where)])


def _relocate(found: Diagnostic, document: Document, cells: Cells, display: str) -> Diagnostic:
    """A loader diagnostic (at a line of the generated YAML) moved to its cell."""
    spot = (found.location.line, found.location.col)
    paths = [p for p, at in document.source_map.positions.items() if at == spot]
    path = max(paths, key=len) if paths else ()
    missing = (*path, found.params.get("key", ""))
    if found.code == "PE102" and missing in cells:
        path = missing
    while path and path not in cells:
        path = path[:-1]
    return replace(found, location=cells.get(path, Location(display)))


def _validated(yaml_text: str, read: Read) -> list[Diagnostic]:
    """The generated YAML's problems, each at its cell; none: also each filled-in cell of
    the score sheet holding something other than what perfeval computes (PE928)."""
    display = read.reader.display
    data, source_map = parse_bytes(yaml_text.encode("utf-8"), display)
    document = Document(Path(display), display, data, source_map, "")
    try:
        submission = validate(Submission, document)
    except InputError as exc:
        return [_relocate(d, document, read.cells, display) for d in exc.diagnostics]
    if not read.written:
        return []
    shown = computed(submission, read.rubric, display, source_map.locate)
    return unread(read.written, shown)


@dataclass(frozen=True, slots=True)
class Read:
    """What the workbook holds, read: the submission's data, the cell each path came from,
    the reader's problems, the rubric and the filled-in cells found holding something."""

    data: dict[str, Any]
    cells: Cells
    reader: Reader
    rubric: LoadedRubric
    written: tuple[Written, ...]


def _read(path: Path, display: str, rubric: str | None) -> Read:
    book = open_workbook(path, display)
    sheets = _sheets(book, display)
    reader = Reader(display)
    info, cells = read_key_values(reader, sheets[INFO], INFO)
    budget, budget_cells = read_key_values(reader, sheets[BUDGET], BUDGET)
    loaded, reference = _rubric(
        rubric, info.get("rubric"), cells.get(("rubric",), Location(display))
    )
    sheet = ScoreSheet(reader, sheets[SCORE], loaded.rubric)
    sheet.read()
    data: dict[str, Any] = {**info, **budget, "rubric": reference}
    if sheet.indicators:
        data["indicators"] = sheet.indicators
    ordered = {key: data[key] for key in ORDER if key in data}
    ordered |= {key: value for key, value in data.items() if key not in ordered}
    every = {**cells, **budget_cells, **sheet.cells}
    return Read(ordered, every, reader, loaded, tuple(sheet.written))


def import_form(path: Path, display: str, rubric: str | None, lang: Lang) -> ImportResult:
    """Read the workbook into submission YAML; errors mean no YAML."""
    try:
        read = _read(path, display, rubric)
    except PerfevalError as exc:
        return ImportResult(None, tuple(exc.diagnostics), exc.exit_code)
    problems = list(read.reader.problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return ImportResult(None, tuple(problems), ExitCode.FAILED)
    content = dump(read.data, text("excel", "yaml_header", lang, {"file": Path(display).name}))
    problems += _validated(content, read)
    if any(p.severity is Severity.ERROR for p in problems):
        return ImportResult(None, tuple(problems), ExitCode.FAILED)
    return ImportResult(content, tuple(problems), ExitCode.OK)
