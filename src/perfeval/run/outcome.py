"""What a run knows of one submission, as two types that say what they hold.

`HeadlineOutcome` is what the quick views need — the problems, the verdict's inputs and the
scorecard's headline (`perfeval.run.headline`); a run in a format that shows no tree (csv,
summary, text, the CI formats) reads cached results as these and never decodes a scorecard.
`FileOutcome` is a `HeadlineOutcome` with the scorecard itself, for the formats that show
the tree (table, json, markdown) and for the document commands. A renderer declares which
it takes, so mypy rejects one that asks a headline for its tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from perfeval.errors import Diagnostic, Severity, with_severity
from perfeval.run.headline import Headline

if TYPE_CHECKING:  # the models are imported when a scorecard is asked for, so a run answered
    # from the result cache in a headline format never loads them (perfeval.run.cache)
    from perfeval.models.result import Scorecard


class Card:
    """A scorecard and its JSON, each made from the other the first time it is asked for: a
    cached scorecard is validated only when a format reads it, and a scorecard that is both
    cached and sent from a worker is serialised once."""

    __slots__ = ("_json", "_value")

    def __init__(self, value: Scorecard | None = None, json: bytes | None = None) -> None:
        if value is None and json is None:
            raise ValueError("a card holds a scorecard or its JSON")
        self._value, self._json = value, json

    def get(self) -> Scorecard:
        """The scorecard; pydantic's ValidationError (a ValueError) if the JSON is not one."""
        if self._value is None:
            from perfeval.models.result import Scorecard

            self._value = Scorecard.model_validate_json(self._json or b"")  # set: __init__
        return self._value

    def json(self) -> bytes:
        """The scorecard as JSON, exactly as it was read or first written."""
        if self._json is None:
            self._json = self.get().model_dump_json().encode()
        return self._json

    def known_json(self) -> bytes | None:
        """The JSON if it was read or already written, without writing it."""
        return self._json

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Card) and self.get() == other.get()

    __hash__ = None  # type: ignore[assignment]  # equal cards need not hash alike


@dataclass(frozen=True, slots=True)
class HeadlineOutcome:
    """One submission's result without its tree: its problems, and the headline of its
    scorecard when it was scored. `gate_findings` are the run's gates that this file failed
    (`perfeval.run.verdict.judged` adds them; a file's own problems never include them)."""

    path: str
    problems: tuple[Diagnostic, ...]
    cannot_run: bool = False
    rubric_path: Path | None = None  # an input too: never overwritten by --output
    headline: Headline | None = None  # set exactly when the file was scored
    gate_findings: tuple[Diagnostic, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        """The file's own errors (gate findings are counted apart)."""
        return with_severity(self.problems, Severity.ERROR)

    @property
    def warnings(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.WARNING)

    @property
    def reported(self) -> tuple[Diagnostic, ...]:
        """Everything a format lists for this file: its problems, then its gate findings."""
        return self.problems + self.gate_findings if self.gate_findings else self.problems

    def headline_only(self) -> HeadlineOutcome:
        return self


@dataclass(frozen=True, slots=True)
class FileOutcome(HeadlineOutcome):
    """One submission's whole result: a `HeadlineOutcome` and, when it was scored, its
    scorecard (`card` is set exactly when `headline` is)."""

    card: Card | None = None

    @property
    def scorecard(self) -> Scorecard | None:
        return None if self.card is None else self.card.get()

    def headline_only(self) -> HeadlineOutcome:
        """The same outcome without its scorecard (what a headline-only run keeps)."""
        return HeadlineOutcome(self.path, self.problems, self.cannot_run, self.rubric_path,
                               self.headline, self.gate_findings)  # fmt: skip


Outcome = TypeVar("Outcome", bound=HeadlineOutcome)
"""The type of outcome a run works with: `FileOutcome` when its format shows the tree,
`HeadlineOutcome` when it does not."""


def holds_tree(view: type[HeadlineOutcome]) -> bool:
    """Whether outcomes of this type carry their scorecard."""
    return issubclass(view, FileOutcome)


def as_view(outcome: FileOutcome, view: type[Outcome]) -> Outcome:
    """A file's outcome as the run's type: whole, or without its scorecard."""
    return cast(Outcome, outcome if holds_tree(view) else outcome.headline_only())
