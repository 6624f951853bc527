"""A scorecard's headline: what verdicts, `validate`'s file line and a batch row need of it.

Plain values only (no models), so a result answered from the cache is judged and shown
without building a single pydantic model — the whole scorecard is decoded only when a format
asks for the tree (perfeval.run.cache). `from_json` checks every field's shape, since cache
entries are never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from perfeval.i18n import Lang

if TYPE_CHECKING:
    from perfeval.models.common import Text
    from perfeval.models.result import NodeResult, Scorecard


@dataclass(frozen=True, slots=True)
class Name:
    """A name in zh with its optional en, as `models.common.Text` holds it."""

    zh: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.zh

    @classmethod
    def of(cls, words: Text) -> Name:
        return cls(words.zh, words.en)


@dataclass(frozen=True, slots=True)
class Headline:
    """One scored submission, in the few values the quick views show."""

    department: str
    year: str  # "" when the submission names none
    rubric: str
    rubric_sha256: str  # the digest of the rubric file scored against (issue 12)
    total: Decimal
    grade: Name
    claimed: Decimal | None
    grades: tuple[Name, ...]  # the rubric's grade names, best first
    largest: Name | None = None  # the indicator that lost the most points
    largest_points: Decimal | None = None

    @classmethod
    def of(cls, card: Scorecard, grades: tuple[Name, ...]) -> Headline:
        largest = _largest_deduction(card.leaves())
        return cls(
            department=card.submission.department,
            year="" if card.submission.year is None else str(card.submission.year),
            rubric=card.rubric.id,
            rubric_sha256=card.rubric.sha256,
            total=card.total,
            grade=Name.of(card.grade),
            claimed=card.claimed,
            grades=grades,
            largest=None if largest is None else Name.of(largest.name),
            largest_points=None if largest is None else largest.deducted,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "department": self.department,
            "year": self.year,
            "rubric": self.rubric,
            "rubric_sha256": self.rubric_sha256,
            "total": str(self.total),
            "grade": _name_json(self.grade),
            "claimed": _decimal_json(self.claimed),
            "grades": [_name_json(g) for g in self.grades],
            "largest": None if self.largest is None else _name_json(self.largest),
            "largest_points": _decimal_json(self.largest_points),
        }

    @classmethod
    def from_json(cls, data: Any) -> Headline:
        """The headline `to_json` wrote; ValueError for anything else."""
        if not isinstance(data, dict) or set(data) != _FIELDS:
            raise ValueError("not a headline")
        largest = data["largest"]
        grades = data["grades"]
        if not isinstance(grades, list):
            raise ValueError("grades is not a list")
        return cls(
            department=_str(data["department"]),
            year=_str(data["year"]),
            rubric=_str(data["rubric"]),
            rubric_sha256=_str(data["rubric_sha256"]),
            total=_decimal(data["total"]),
            grade=_name(data["grade"]),
            claimed=None if data["claimed"] is None else _decimal(data["claimed"]),
            grades=tuple(_name(g) for g in grades),
            largest=None if largest is None else _name(largest),
            largest_points=None
            if data["largest_points"] is None
            else _decimal(data["largest_points"]),
        )


_FIELDS = frozenset(Headline.__slots__)


def _largest_deduction(leaves: list[NodeResult]) -> NodeResult | None:
    deducted = [leaf for leaf in leaves if leaf.status == "scored" and leaf.deducted > 0]
    return max(deducted, key=lambda leaf: leaf.deducted, default=None)


def _name_json(name: Name) -> list[str | None]:
    return [name.zh, name.en]


def _decimal_json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(_str(value))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number


def _name(value: Any) -> Name:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("not a name")
    zh, en = value
    return Name(_str(zh), None if en is None else _str(en))
