"""`perfeval compare OLD NEW`: this year's submissions against last year's.

Each side is files or directories (discovered as `score` discovers them) and scored as
`score` scores them. Pairing rule: two submissions pair when they have the same rubric
level (department or project), the same department name (exactly as written) and, for a
project, the same project name — one file on each side. A key held by several files on
one side pairs none of them ("ambiguous"); a file that could not be scored has no key; a
key on one side only is listed as only last year / only this year.

Per pair: the score change, the grades, and each indicator (leaf, by id in both rubrics)
whose score or status moved, with the reasons on both sides. Then the submission's own
year-on-year figures — each mapping under `data` that states `last_year` beside its
`value` or `total` (the PE406 convention) — checked against the same figure in last year's
file: they agree when last year's figure, rounded half-up to the precision `last_year` is
written at, equals it. A figure last year's file does not state cannot be checked and is
not counted.

Verdict (exit code): 1 when a file could not be scored (its own problems) or a
`last_year` differs from last year's file (PE601); 2 when perfeval cannot run (a missing
path, a rubric it cannot use); otherwise 0 — unpaired files, score drops and years that
are not consecutive (PE602, a warning: the figures are then not checked) do not fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from perfeval.errors import Diagnostic, ExitCode, Location, Severity, diagnostic, warning
from perfeval.i18n import Lang
from perfeval.run.outcome import FileOutcome

if TYPE_CHECKING:
    from perfeval.models.result import NodeResult

Key = tuple[str, str, str]  # level, department, project ("" for a department-level one)
Unmatched = Literal["only_old", "only_new", "ambiguous", "not_scored"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """One scored indicator as a comparison shows it (reasons already in words)."""

    id: str
    name: str
    weight: Decimal
    score: Decimal
    status: str
    shown: str  # the score as the tables show it (— for a rescaled N/A)
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Side:
    """One scored submission of a pair."""

    path: str
    key: Key
    year: int | None
    rubric: str
    total: Decimal
    grade: str
    leaves: dict[str, Leaf]


@dataclass(frozen=True, slots=True)
class Moved:
    """An indicator whose score or status changed, with both sides."""

    old: Leaf
    new: Leaf

    @property
    def change(self) -> Decimal:
        return self.new.score - self.old.score


@dataclass(frozen=True, slots=True)
class Figure:
    """A year-on-year figure: what this year's file states as `last_year`, what last
    year's file stated, and whether they agree."""

    path: str  # dotted, from data: data.staff
    stated: Decimal
    found: Decimal
    agrees: bool


@dataclass(frozen=True, slots=True)
class Pair:
    old: Side
    new: Side
    moved: tuple[Moved, ...]
    figures: tuple[Figure, ...]
    findings: tuple[Diagnostic, ...]  # PE601 (error) and PE602 (warning) for this pair

    @property
    def change(self) -> Decimal:
        return self.new.total - self.old.total


@dataclass(frozen=True, slots=True)
class Unpaired:
    side: Literal["old", "new"]
    path: str
    why: Unmatched
    department: str = ""


@dataclass(frozen=True, slots=True)
class Comparison:
    pairs: tuple[Pair, ...]
    unpaired: tuple[Unpaired, ...]
    problems: tuple[Diagnostic, ...]  # the files' own, and every pair's findings
    exit_code: ExitCode
    inputs: tuple[Path, ...]  # never written over by --output


def _leaf(node: NodeResult, lang: Lang) -> Leaf:
    from perfeval.render.wording import reasons, shown_score

    return Leaf(node.id, node.name.get(lang), node.weight, node.score, node.status,
                shown_score(node), tuple(reasons(node, lang)))  # fmt: skip


def side_of(outcome: FileOutcome, lang: Lang) -> Side | None:
    """A scored file as one side of a pair; None when it was not scored."""
    card = outcome.scorecard
    if card is None:
        return None
    of = card.submission
    key = (card.rubric.level, of.department, of.project or "")
    leaves = {leaf.id: _leaf(leaf, lang) for leaf in card.leaves()}
    return Side(outcome.path, key, of.year, card.rubric.id, card.total, card.grade.get(lang),
                leaves)  # fmt: skip


def moved(old: Side, new: Side) -> tuple[Moved, ...]:
    """The leaves of both rubrics whose score or status changed, in this year's order."""
    found = []
    for leaf_id, now in new.leaves.items():
        before = old.leaves.get(leaf_id)
        if before is not None and (before.score, before.status) != (now.score, now.status):
            found.append(Moved(before, now))
    return tuple(found)


def _keyed(
    side: Literal["old", "new"], sides: Sequence[tuple[FileOutcome, Side | None]]
) -> tuple[dict[Key, list[Side]], list[Unpaired]]:
    """One side's scored files by key; the files not scored, as unpaired."""
    by_key: dict[Key, list[Side]] = {}
    unscored = []
    for outcome, found in sides:
        if found is None:
            unscored.append(Unpaired(side, outcome.path, "not_scored"))
        else:
            by_key.setdefault(found.key, []).append(found)
    return by_key, unscored


def _left(
    side: Literal["old", "new"],
    keyed: dict[Key, list[Side]],
    other: dict[Key, list[Side]],
    ambiguous: set[Key],
    alone: Unmatched,
) -> list[Unpaired]:
    """The files of one side that pair with nothing: their key is ambiguous, or the other
    side does not have it."""
    left = []
    for key, held in keyed.items():
        if key in ambiguous or key not in other:
            why: Unmatched = "ambiguous" if key in ambiguous else alone
            left += [Unpaired(side, found.path, why, found.key[1]) for found in held]
    return left


def pair_up(
    old: Sequence[tuple[FileOutcome, Side | None]], new: Sequence[tuple[FileOutcome, Side | None]]
) -> tuple[list[tuple[Side, Side]], list[Unpaired]]:
    """Pairs by the pairing rule; everything else as unpaired, last year's first. A key
    held by several files on either side pairs none of its files on both sides."""
    before, unpaired = _keyed("old", old)
    after, unscored_new = _keyed("new", new)
    unpaired += unscored_new
    ambiguous = {k for k, held in (*before.items(), *after.items()) if len(held) > 1}
    pairs = [(before[k][0], after[k][0]) for k in after if k in before and k not in ambiguous]
    unpaired += _left("old", before, after, ambiguous, "only_old")
    unpaired += _left("new", after, before, ambiguous, "only_new")
    return pairs, unpaired


def verdict(outcomes: Iterable[FileOutcome], findings: Iterable[Diagnostic]) -> ExitCode:
    """2 when a file cannot be run, else 1 on a file's error or a PE601, else 0."""
    from perfeval.run.verdict import file_exit_code

    worst = max((file_exit_code(o) for o in outcomes), default=ExitCode.OK)
    if any(f.severity is Severity.ERROR for f in findings):
        worst = max(worst, ExitCode.FAILED)
    return worst


def not_consecutive(old: Side, new: Side, at: Location) -> Diagnostic | None:
    if old.year is None or new.year is None or new.year == old.year + 1:
        return None
    return warning("PE602", at, old_file=old.path, old_year=old.year, year=new.year)


def figure_finding(figure: Figure, old_at: Location, new_at: Location) -> Diagnostic:
    from perfeval.render.wording import format_number

    return diagnostic("PE601", new_at, path=figure.path, stated=format_number(figure.stated),
                      found=format_number(figure.found), old_at=str(old_at))  # fmt: skip


@dataclass(frozen=True, slots=True)
class CompareRequest:
    """`perfeval compare OLD NEW`, as parsed."""

    old: list[Path]
    new: list[Path]
    lang: Lang
    rubric: str | None = None
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False


def _scored(files: list[Path], request: CompareRequest) -> list[FileOutcome]:
    from perfeval.run.cache import open_cache
    from perfeval.run.discover import discover
    from perfeval.run.parallel import default_jobs, score_all

    store = None if request.no_cache else open_cache(request.cache_dir)
    found = discover(str(f) for f in files)
    jobs = request.jobs or default_jobs()
    return list(score_all(found, request.rubric, jobs, store, FileOutcome))


def _pair(old: Side, new: Side) -> Pair:
    """A pair with its moved indicators and its year-on-year figures checked."""
    from perfeval.load.sources import load_submission
    from perfeval.run.year_figures import year_figures

    then, now = load_submission(Path(old.path), old.path), load_submission(Path(new.path), new.path)
    year_at = now.document.source_map.locate(("department", "year"))
    gap = not_consecutive(old, new, year_at)
    if gap is not None:
        return Pair(old, new, moved(old, new), (), (gap,))
    figures, findings = [], []
    for figure, old_at, new_at in year_figures(then, now):
        figures.append(figure)
        if not figure.agrees:
            findings.append(figure_finding(figure, old_at, new_at))
    return Pair(old, new, moved(old, new), tuple(figures), tuple(findings))


def once_each(outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """The outcomes of distinct files, in order: a file named on both sides (or twice, as
    `a.yaml` and `./a.yaml`) is scored on each but its problems are printed once."""
    return list({Path(o.path).resolve(): o for o in outcomes}.values())


def compare(request: CompareRequest) -> Comparison:
    """Score both sides, pair them, compare each pair; the verdict as the module says."""
    outcomes = [_scored(request.old, request), _scored(request.new, request)]
    old, new = ([(o, side_of(o, request.lang)) for o in side] for side in outcomes)
    matched, unpaired = pair_up(old, new)
    pairs = tuple(_pair(before, after) for before, after in matched)
    every = [*outcomes[0], *outcomes[1]]
    findings = [f for pair in pairs for f in pair.findings]
    files = once_each(every)  # a file on both sides (compare A A) is one file's problems
    problems = [*(p for o in files for p in o.problems), *findings]
    inputs = [Path(o.path) for o in files] + [o.rubric_path for o in files if o.rubric_path]
    return Comparison(pairs, tuple(unpaired), tuple(problems), verdict(every, findings),
                      tuple(inputs))  # fmt: skip
