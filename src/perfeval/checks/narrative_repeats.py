"""Narrative lint: repeated items or paragraphs (PE411) and repeated passages (PE412).

Both are warnings: the report keeps the department's text as written, but a reviewer reads
a duplicated duty or a sentence said twice as a copy-and-paste slip.

* PE411 — an item of a list (部门职能, 重点工作, 存在的主要问题, 下一步改进措施) or an analysis
  paragraph that repeats an earlier one (whitespace ignored).
* PE412 — inside one paragraph, a run of clauses (split at ，。；！？) of at least
  `MIN_PASSAGE` characters that repeats an earlier run of the same paragraph.

The seed trips both: its duties (2) and (3) are the same text, and its 下一步改进措施 says
"从源头抓好预算编制，进一步编准编实预算，编细做实绩效目标，提高预算编制的科学性和合理性" twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from perfeval.checks.base import Path, dotted, unspaced
from perfeval.errors import Diagnostic, Locate, warning
from perfeval.models.result import Scorecard
from perfeval.models.submission import Submission

MIN_PASSAGE = 12
"""Shortest repeated passage reported, in characters (short stock phrases recur by design)."""

_CLAUSE_ENDS = "，,；;！!？?\n"
"""Where a clause ends, besides 。 (each becomes 。 before the text is split there)."""


def _lists(submission: Submission) -> Iterator[tuple[Path, list[str]]]:
    department, narrative = submission.department, submission.narrative
    yield ("department", "functions"), department.functions
    yield ("department", "tasks"), department.tasks
    yield ("narrative", "problems"), narrative.problems
    yield ("narrative", "measures"), narrative.measures


def paragraphs(submission: Submission) -> Iterator[tuple[Path, str]]:
    """Every free-text paragraph of the submission, with its path."""
    for path, items in _lists(submission):
        for index, item in enumerate(items):
            yield (*path, index), item
    department, narrative = submission.department, submission.narrative
    if department.goal:
        yield ("department", "goal"), department.goal
    for key in ("performance_management", "conclusion"):
        value = getattr(narrative, key)
        if value:
            yield ("narrative", key), value
    for key, value in narrative.analysis.items():
        yield ("narrative", "analysis", key), value


def repeated_items(
    path: Path, entries: Sequence[tuple[str | int, str]], locate: Locate
) -> list[Diagnostic]:
    """Entries (list index or mapping key, text) that repeat an earlier entry."""
    first_seen: dict[str, str | int] = {}
    found: list[Diagnostic] = []
    for key, item in entries:
        text = unspaced(item)
        if not text:
            continue
        if text not in first_seen:
            first_seen[text] = key
            continue
        found.append(
            warning(
                "PE411",
                locate((*path, key)),
                section=dotted(path),
                item=_label(key),
                first=_label(first_seen[text]),
            )
        )
    return found


def _label(key: str | int) -> str | int:
    return key + 1 if isinstance(key, int) else key


def repeated_passages(text: str) -> list[str]:
    """Runs of clauses that repeat an earlier run of the same text.

    Each clause is compared with its first occurrence only, so the work stays linear in the
    number of clauses however long the paragraph. Clause ends become 。 before spaces are
    dropped, so spaces between two ends leave an empty clause, dropped like the others
    (`str.replace` once per end: half the time of one regular expression over the text).
    """
    if len(text) < 2 * MIN_PASSAGE:
        return []  # two copies of a passage, each at least MIN_PASSAGE long, do not fit
    for end in _CLAUSE_ENDS:
        text = text.replace(end, "。")
    clauses = [c for c in unspaced(text).split("。") if c]
    if len(set(clauses)) == len(clauses):
        return []  # no clause repeats, so no run of them does
    first: dict[str, int] = {}
    found: list[str] = []
    index = 0
    while index < len(clauses):
        earlier = first.setdefault(clauses[index], index)
        run = 0
        while (
            earlier < index
            and index + run < len(clauses)
            and earlier + run < index
            and clauses[earlier + run] == clauses[index + run]
        ):
            run += 1
        passage = "，".join(clauses[index : index + run])
        if run and len(passage) >= MIN_PASSAGE:
            found.append(passage)
        for position in range(index + 1, index + run):
            first.setdefault(clauses[position], position)
        index += max(run, 1)
    return found


def check(submission: Submission, card: Scorecard, locate: Locate) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, items in _lists(submission):
        found.extend(repeated_items(path, list(enumerate(items)), locate))
    analysis: list[tuple[str | int, str]] = list(submission.narrative.analysis.items())
    found.extend(repeated_items(("narrative", "analysis"), analysis, locate))
    for path, text in paragraphs(submission):
        for passage in repeated_passages(text):
            clipped = passage if len(passage) <= 40 else passage[:39] + "…"
            found.append(warning("PE412", locate(path), section=dotted(path), passage=clipped))
    return found
