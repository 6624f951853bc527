"""Excel import is bounded before openpyxl builds a cell (issue 12): a small workbook that
names a cell, a merged range or a hyperlink far outside the form is refused at `sheet!cell`
(PE923–PE925) in well under a second; the hostile cases run as the real CLI in a subprocess
under a wall-time and an address-space limit. A Hypothesis target mutates the empty form
(cells of every type, merges, hyperlinks, within and past the bounds) and the import always
answers with located problems or YAML — never an exception, never unbounded work."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfeval.excel.bounds import MAX_COLUMNS, MAX_ROWS
from perfeval.excel.import_form import import_form
from perfeval.excel.template import make_template

WALL_SECONDS = 5
ADDRESS_SPACE = 600 * 1024**2  # the interpreter and its imports take ~250 MB of address space
MAX_RSS_KB = 300 * 1024
SCORE_PART = "xl/worksheets/sheet1.xml"  # the first sheet: 自评表


def empty_form() -> bytes:
    made = make_template("gd-dept-overall", "zh", None, True)
    if made.content is None:  # no output named: make the bytes the way init does
        from perfeval.excel.export import build_workbook
        from perfeval.excel.form import Form
        from perfeval.load.sources import load_rubric, rubric_for_cli

        path, display = rubric_for_cli("gd-dept-overall")
        return build_workbook([Form(load_rubric(path, display).rubric, "zh", display)])
    return made.content


FORM = empty_form()


def with_xml(edit: str, where: str = "</worksheet>") -> bytes:
    """The empty form with `edit` put into the score sheet's XML before `where`."""
    source = zipfile.ZipFile(io.BytesIO(FORM))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SCORE_PART:
                text = data.decode("utf-8")
                assert where in text
                data = text.replace(where, edit + where, 1).encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


HOSTILE = {
    "merged range to the sheet's end": (
        with_xml('<mergeCells count="1"><mergeCell ref="E100:XFD1048576"/></mergeCells>'),
        "PE924",
        "自评表!XFD1048576",
    ),
    "hyperlink over the same range": (
        with_xml('<hyperlinks><hyperlink ref="E100:XFD1048576" display="x"/></hyperlinks>'),
        "PE925",
        "自评表!XFD1048576",
    ),
    "one cell at the last row": (
        with_xml(
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
            "</sheetData>",
        ),
        "PE923",
        "自评表!A1048576",
    ),
    "a dimension claiming the whole sheet": (
        with_xml('<dimension ref="A1:XFD1048576"/>', "<sheetViews>"),
        "PE923",
        "自评表!XFD1048576",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_an_oversized_reference_is_refused_at_its_cell(case: str, tmp_path: Path) -> None:
    content, code, cell = HOSTILE[case]
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    started = time.monotonic()
    result = import_form(path, str(path), None, "zh")
    assert time.monotonic() - started < 1.0
    assert result.exit_code == 1 and result.content is None
    assert [(p.code, str(p.location)) for p in result.problems] == [(code, f"{path}:{cell}")]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_workbooks_end_quickly_and_small_in_the_real_cli(case: str, tmp_path: Path) -> None:
    content, code, _ = HOSTILE[case]
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    command = [
        sys.executable,
        "-m",
        "perfeval",
        "import",
        str(path),
        "-o",
        str(tmp_path / "x.yaml"),
    ]
    started = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command,
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS * 2,
        preexec_fn=_limits,
        check=False,
    )
    assert time.monotonic() - started < WALL_SECONDS
    assert done.returncode == 1, done.stderr
    assert f"[{code}]" in done.stderr and "Traceback" not in done.stderr
    peak = re.findall(r"^(\d+)$", done.stderr, re.MULTILINE)
    if peak:
        assert int(peak[-1]) < MAX_RSS_KB


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=40).map(lambda t: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", t)),
    st.sampled_from(["=1+1", "92.5%", "3,089.8", "是", "定性", "≥", "约 95%", "\u2028"]),
)
ROWS = st.integers(1, 60)
COLUMNS = st.integers(1, 25)


Edit = tuple[str, int, int, int, int, object]  # (kind, row, column, rows, columns, value)
EDITS = st.tuples(
    st.sampled_from(["value", "merge", "link"]),
    ROWS,
    COLUMNS,
    st.integers(0, 3),
    st.integers(0, 3),
    CELL_VALUES,
)


def mutated(sheet_index: int, edits: list[Edit], far: bool) -> bytes:
    """The empty form with `edits` made on one sheet, and a dimension past the bounds."""
    book = openpyxl.load_workbook(io.BytesIO(FORM))
    sheet = book.worksheets[sheet_index]
    for kind, row, column, rows, columns, value in edits:
        cell = sheet.cell(row, column)
        if kind == "merge":
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row + rows, end_column=column + columns
            )
        elif isinstance(cell, openpyxl.cell.cell.MergedCell):
            continue
        elif kind == "link":
            cell.hyperlink = "https://example.invalid/x"
        else:
            cell.value = value
    buffer = io.BytesIO()
    book.save(buffer)
    if not far:
        return buffer.getvalue()
    corner = f"{openpyxl.utils.get_column_letter(MAX_COLUMNS + 1)}{MAX_ROWS + 1}"
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>',
                    f'<dimension ref="A1:{corner}"/>'.encode(),
                    data,
                    count=1,
                )
            target.writestr(item, data)
    return out.getvalue()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sheet=st.integers(0, 2), edits=st.lists(EDITS, max_size=8), far=st.booleans())
def test_import_of_a_mutated_form_answers_with_located_problems(
    sheet: int, edits: list[Edit], far: bool, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(mutated(sheet, edits, far))
    started = time.monotonic()
    result = import_form(path, str(path), "gd-dept-overall", "zh")
    assert time.monotonic() - started < WALL_SECONDS
    assert result.exit_code in (0, 1)
    assert (result.content is None) == any(p.severity.value == "error" for p in result.problems)
    for problem in result.problems:
        assert str(problem.location).startswith(str(path))
