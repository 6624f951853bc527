"""The multi-file summary: one row per submission, sorted by score, then the grade
distribution and the failures.

Rows are small records (never scorecards), so a batch of any size costs a few hundred bytes
per file. The table is plain text aligned by terminal cell width (CJK counts double); no rich
table, so ten thousand rows print in well under a second.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rich.cells import cell_len

from perfeval.errors import Diagnostic, ExitCode
from perfeval.i18n import Lang, text
from perfeval.render import RenderOptions, Write
from perfeval.render.diagnostics import where, words
from perfeval.render.neutral import neutral
from perfeval.render.wording import format_points
from perfeval.run.outcome import HeadlineOutcome
from perfeval.run.verdict import file_exit_code


@dataclass(frozen=True, slots=True)
class Record:
    """What a batch view shows of one submission."""

    path: str
    status: str  # scored | failed | not_scored
    department: str = ""
    year: str = ""
    rubric: str = ""
    rubric_sha256: str = ""
    total: Decimal | None = None
    grade: str = ""
    claimed: Decimal | None = None
    errors: int = 0
    warnings: int = 0
    largest_name: str = ""
    largest_points: Decimal | None = None
    first_error: Diagnostic | None = None
    gate_findings: tuple[Diagnostic, ...] = ()


def record(outcome: HeadlineOutcome, options: RenderOptions) -> Record:
    """One submission's row, its texts neutralised; `failed` is the run's own verdict
    (gates included)."""
    lang = options.lang
    errors, warnings = outcome.errors, outcome.warnings
    first = errors[0] if errors else None
    headline = outcome.headline
    path = neutral(outcome.path)
    if headline is None:
        return Record(path, "not_scored", errors=len(errors), first_error=first)
    passed = file_exit_code(outcome) is ExitCode.OK
    largest = headline.largest
    return Record(
        path=path,
        status="scored" if passed else "failed",
        department=neutral(headline.department),
        year=headline.year,
        rubric=neutral(headline.rubric),
        rubric_sha256=headline.rubric_sha256,
        total=headline.total,
        grade=neutral(headline.grade.get(lang)),
        claimed=headline.claimed,
        errors=len(errors),
        warnings=len(warnings),
        largest_name="" if largest is None else neutral(largest.get(lang)),
        largest_points=headline.largest_points,
        first_error=first,
        gate_findings=outcome.gate_findings,
    )


def claimed_vs_computed(row: Record) -> str:
    if row.total is None:
        return "—"
    computed = format_points(row.total)
    if row.claimed is None:
        return f"—/{computed}"
    same = row.claimed == row.total
    return f"{format_points(row.claimed)}{'/' if same else '≠'}{computed}"


def largest_words(row: Record) -> str:
    if row.largest_points is None:
        return ""
    return f"{row.largest_name} -{format_points(row.largest_points)}"


COLUMNS = ("rank", "department", "year", "rubric", "total", "grade", "claimed_computed",
           "errors", "warnings", "largest")  # fmt: skip
_RIGHT = {"rank", "year", "total", "errors", "warnings"}


def _cells(rank: int, row: Record) -> list[str]:
    total = "—" if row.total is None else format_points(row.total)
    department = row.department or row.path
    rubric = f"{row.rubric} {row.rubric_sha256[:12]}" if row.rubric_sha256 else row.rubric
    return [str(rank), department, row.year, rubric, total, row.grade,
            claimed_vs_computed(row), str(row.errors), str(row.warnings),
            largest_words(row)]  # fmt: skip


def _pad(cell: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(cell))
    return gap + cell if right else cell + gap


def _table(rows: list[list[str]], lang: Lang, write: Write) -> None:
    header = [text("batch", f"col_{name}", lang) for name in COLUMNS]
    widths = [max(cell_len(r[i]) for r in [header, *rows]) for i in range(len(COLUMNS))]
    right = [name in _RIGHT for name in COLUMNS]
    for index, cells in enumerate([header, *rows]):
        line = "  ".join(_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True))
        write(line.rstrip() + "\n")
        if index == 0:
            write("  ".join("─" * w for w in widths) + "\n")


def rank_key(row: Record) -> tuple[bool, Decimal]:
    """The ranking's order: highest score first, unscored last (with a stable sort, ties
    keep input order)."""
    return (row.total is None, -(row.total or Decimal(0)))


def _ranked(records: list[Record]) -> list[Record]:
    return sorted(records, key=rank_key)


def _distribution(records: list[Record], lang: Lang) -> str:
    grades = Counter(r.grade for r in records if r.total is not None)
    parts = [f"{grade} {count}" for grade, count in grades.most_common()]
    unscored = sum(1 for r in records if r.total is None)
    if unscored:
        parts.append(f"{text('batch', 'not_scored', lang)} {unscored}")
    return text("batch", "distribution", lang, {"grades": " · ".join(parts) or "—"})


def _failure_lines(row: Record, lang: Lang) -> list[str]:
    """Why a file failed: its first error, or that it could not be scored; then each gate
    it failed."""
    lines = []
    if row.first_error is not None:
        body, _ = words(row.first_error, lang)
        values = {"path": where(row.first_error), "errors": row.errors,
                  "code": row.first_error.code, "message": body}  # fmt: skip
        lines.append(text("batch", "failure", lang, values))
    elif row.total is None:
        lines.append(text("batch", "failure_plain", lang, {"path": row.path}))
    for found in row.gate_findings:
        body, _ = words(found, lang)
        values = {"path": row.path, "code": found.code, "message": body}
        lines.append(text("gates", "summary_line", lang, values))
    return lines


def _failures(records: list[Record], lang: Lang, write: Write) -> None:
    failed = [r for r in records if r.status != "scored"]
    if not failed:
        write(text("batch", "no_failures", lang) + "\n")
        return
    write(text("batch", "failures", lang, {"count": len(failed)}) + "\n")
    for row in failed:
        for line in _failure_lines(row, lang):
            write(f"  {line}\n")


def stream(outcomes: Iterable[HeadlineOutcome], options: RenderOptions, write: Write) -> None:
    """Keep one small record per file; print everything once the last file is in."""
    lang = options.lang
    records = [record(outcome, options) for outcome in outcomes]
    write(text("batch", "title", lang, {"count": len(records)}) + "\n\n")
    ranked = _ranked(records)
    _table([_cells(rank, row) for rank, row in enumerate(ranked, 1)], lang, write)
    write("\n" + _distribution(records, lang) + "\n")
    _failures(records, lang, write)


def render(outcomes: Sequence[HeadlineOutcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    stream(outcomes, options, buffer.write)
    return buffer.getvalue()
