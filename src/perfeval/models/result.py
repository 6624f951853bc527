"""The result of scoring one submission: a frozen, versioned, JSON-serialisable Scorecard.

Renderers see only this. Numbers are kept as `Decimal` (JSON strings, so nothing is lost);
values inside findings carry their kind so exactly one formatter turns them into text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from perfeval.errors import Diagnostic, Severity, with_severity
from perfeval.models.common import Text

SCHEMA_VERSION = "1"

QuantityKind = Literal["points", "percent", "money", "number", "text"]
Status = Literal["scored", "not_applicable", "error"]
NAPolicy = Literal["rescale", "full", "zero"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quantity(Frozen):
    """A value shown in a message: a number of a known kind, or (bilingual) text."""

    kind: QuantityKind
    value: Decimal | None = None
    text: Text | None = None


class Finding(Frozen):
    """What a rule found: a stable code, the points it deducted and the values behind it."""

    code: str
    deducted: Decimal = Decimal(0)
    values: dict[str, Quantity] = {}
    floored: bool = False


class NodeResult(Frozen):
    """One indicator of the tree, scored."""

    id: str
    name: Text
    weight: Decimal
    score: Decimal
    status: Status
    depth: int
    rule: str | None = None
    criteria: Text | None = None
    reason_template: Text | None = None
    findings: tuple[Finding, ...] = ()
    not_applicable: NAPolicy | None = None
    na_reason: Text | None = None
    note: str | None = None
    children: tuple[NodeResult, ...] = ()

    @property
    def deducted(self) -> Decimal:
        return self.weight - self.score

    def leaves(self) -> list[NodeResult]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


class RubricRef(Frozen):
    id: str
    version: str
    title: Text
    level: str
    sha256: str


class SubmissionRef(Frozen):
    path: str
    sha256: str
    department: str
    project: str | None = None
    year: int | None = None


class Checkpoint(Frozen):
    """Cumulative spending at one checkpoint against the required share."""

    key: str
    label: Text
    spent: Decimal | None
    progress: Decimal | None
    required: Decimal


class BudgetSummary(Frozen):
    money_unit: str
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    checkpoints: tuple[Checkpoint, ...] = ()


class Scorecard(Frozen):
    schema_version: str = SCHEMA_VERSION
    perfeval_version: str
    rubric: RubricRef
    submission: SubmissionRef
    total: Decimal
    total_weight: Decimal
    grade: Text
    claimed: Decimal | None = None
    completeness: Decimal
    leaf_places: int
    total_places: int
    budget: BudgetSummary
    indicators: tuple[NodeResult, ...]
    problems: tuple[Diagnostic, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.ERROR)

    @property
    def warnings(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.WARNING)

    def leaves(self) -> list[NodeResult]:
        return [leaf for node in self.indicators for leaf in node.leaves()]
