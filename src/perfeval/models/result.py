"""The result of scoring one submission: a frozen, versioned, JSON-serialisable Scorecard.

Renderers see only this. Numbers are kept as `Decimal` (JSON strings, so nothing is lost);
values inside findings carry their kind so exactly one formatter turns them into text.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypeVar

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
        return _leaves(self.children) if self.children else [self]


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
    adjustments: tuple[Finding, ...] = ()  # taken from the total after the tree, in order
    problems: tuple[Diagnostic, ...] = ()

    @property
    def computed_total(self) -> Decimal:
        """The total the tree gave, before the `adjustments` (指标偏离 from the total, the
        score ceiling) took what they say from it."""
        return self.total + sum((found.deducted for found in self.adjustments), Decimal(0))

    @property
    def errors(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.ERROR)

    @property
    def warnings(self) -> list[Diagnostic]:
        return with_severity(self.problems, Severity.WARNING)

    def leaves(self) -> list[NodeResult]:
        return _leaves(self.indicators)


def _leaves(nodes: tuple[NodeResult, ...]) -> list[NodeResult]:
    """The leaves of `nodes`, in tree order: one walk with a stack, no list per group."""
    found = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if node.children:
            stack.extend(reversed(node.children))
        else:
            found.append(node)
    return found


# -- building results from values the engine has already typed ----------------------------
#
# The engine builds a few hundred of these models per file, from Decimals, `Text` and tuples
# of models it made itself, so validating them again is wasted work (and pydantic's
# `model_construct` is slower than validating). These builders fill an instance the way
# `__init__` leaves it: every field in the model's order, no extra or private values. Each
# takes every field of its model, with the model's defaults (tests/test_result_builders.py
# checks both against the model); mypy checks the types at each call.

_Model = TypeVar("_Model", bound=BaseModel)

# A model's state lives in four slots of BaseModel (what `model_construct` fills); setting
# them through their descriptors is quicker than `object.__setattr__` by name.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _filled(model_type: type[_Model], values: dict[str, Any]) -> _Model:
    model = model_type.__new__(model_type)
    _set_dict(model, values)
    _set_fields_set(model, set(values))
    _set_extra(model, None)
    _set_private(model, None)
    return model


def text_of(zh: str, en: str | None = None) -> Text:
    """`Text(zh=…, en=…)`, not validated."""
    return _filled(Text, {"zh": zh, "en": en})


def quantity(
    kind: QuantityKind, value: Decimal | None = None, text: Text | None = None
) -> Quantity:
    """`Quantity(kind=…, value=…, text=…)`, not validated."""
    return _filled(Quantity, {"kind": kind, "value": value, "text": text})


def finding_of(
    code: str, deducted: Decimal, values: dict[str, Quantity], floored: bool = False
) -> Finding:
    """`Finding(code=…, deducted=…, values=…, floored=…)`, not validated; `values` is kept,
    not copied (nothing changes a finding's values after it is made)."""
    return _filled(
        Finding, {"code": code, "deducted": deducted, "values": values, "floored": floored}
    )


def checkpoint_of(
    key: str, label: Text, spent: Decimal | None, progress: Decimal | None, required: Decimal
) -> Checkpoint:
    """`Checkpoint(key=…, label=…, spent=…, progress=…, required=…)`, not validated."""
    return _filled(
        Checkpoint,
        {"key": key, "label": label, "spent": spent, "progress": progress, "required": required},
    )


def node_result(
    *,
    id: str,
    name: Text,
    weight: Decimal,
    score: Decimal,
    status: Status,
    depth: int,
    rule: str | None = None,
    criteria: Text | None = None,
    reason_template: Text | None = None,
    findings: tuple[Finding, ...] = (),
    not_applicable: NAPolicy | None = None,
    na_reason: Text | None = None,
    note: str | None = None,
    children: tuple[NodeResult, ...] = (),
) -> NodeResult:
    """`NodeResult(…)`, not validated."""
    return _filled(
        NodeResult,
        {
            "id": id,
            "name": name,
            "weight": weight,
            "score": score,
            "status": status,
            "depth": depth,
            "rule": rule,
            "criteria": criteria,
            "reason_template": reason_template,
            "findings": findings,
            "not_applicable": not_applicable,
            "na_reason": na_reason,
            "note": note,
            "children": children,
        },
    )


def leaf_fields(
    *,
    id: str,
    name: Text,
    weight: Decimal,
    depth: int,
    rule: str,
    criteria: Text,
    reason_template: Text | None,
) -> dict[str, Any]:
    """A leaf's `NodeResult` fields that its rubric fixes, every field in the model's order
    (the others at their defaults): worked out once per rubric, completed by `leaf_result`
    for each file."""
    fixed = node_result(
        id=id,
        name=name,
        weight=weight,
        score=weight,
        status="scored",
        depth=depth,
        rule=rule,
        criteria=criteria,
        reason_template=reason_template,
    )
    return dict(fixed.__dict__)


def leaf_result(
    fields: Mapping[str, Any],
    score: Decimal,
    status: Status,
    findings: tuple[Finding, ...],
    not_applicable: NAPolicy | None,
    note: str | None,
) -> NodeResult:
    """`NodeResult(**fields, score=…, …)` from a leaf's `leaf_fields`, not validated: a copy
    of the fixed fields (keeping their order) with this file's values put in."""
    values = dict(fields)
    values["score"] = score
    values["status"] = status
    values["findings"] = findings
    values["not_applicable"] = not_applicable
    values["note"] = note
    return _filled(NodeResult, values)
