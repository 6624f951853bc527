"""The submission (自评材料) a department writes: figures, entries per indicator, narrative."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool

from perfeval.models.common import Ratio, Strict

Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
"""Money in `money_unit`: a budget figure is never negative."""
Operator = Literal[">=", "<=", "=", "qualitative"]


class Department(Strict):
    name: str = Field(min_length=1)
    code: str | None = None
    year: int = Field(ge=1990, le=2100)
    region: str | None = None
    level: str | None = None
    functions: list[str] = []
    tasks: list[str] = []
    goal: str | None = None


class Budget(Strict):
    """Budget figures in `money_unit`; `spending` is cumulative spending by checkpoint."""

    initial: Amount | None = None
    adjusted: Amount | None = None
    executed: Amount | None = None
    carry_over: Amount | None = None
    balance: Amount | None = None
    income: dict[str, Amount] = {}
    expenditure: dict[str, Amount] = {}
    spending: dict[str, Amount] = {}


class TargetRow(Strict):
    """One performance target (绩效目标): 指标值 (target) against 完成值 (actual)."""

    name: str = Field(min_length=1)
    category: str | None = None
    operator: Operator = ">="
    target: Ratio | None = None
    actual: Ratio | None = None
    unit: str | None = None
    weight: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    achieved: StrictBool | None = None
    note: str | None = None


class Entry(Strict):
    """What one rubric leaf needs from the submission; which fields apply depends on the rule."""

    value: Ratio | StrictBool | None = None
    choice: str | None = None
    checked: list[str] | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    targets: list[TargetRow] | None = None
    tier: str | None = None
    fraction: Ratio | None = None
    score: Decimal | None = None
    justification: str | None = None
    not_applicable: str | None = Field(default=None, min_length=1)
    note: str | None = None
    evidence: list[str] = []


class Narrative(Strict):
    """The department's own paragraphs, kept verbatim in the report."""

    performance_management: str | None = None
    conclusion: str | None = None
    analysis: dict[str, str] = {}
    problems: list[str] = []
    measures: list[str] = []


class Submission(Strict):
    rubric: str = Field(min_length=1)
    department: Department
    money_unit: str = "万元"
    budget: Budget = Budget()
    data: dict[str, Any] = {}
    indicators: dict[str, Entry | None] = {}
    claimed_score: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)] | None = None
    narrative: Narrative = Narrative()
