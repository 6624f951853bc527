"""The submission (自评材料) a department writes: figures, entries per indicator, narrative."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from perfeval.load.scalars import OPERATOR_WORDS, Kind, is_yes_no
from perfeval.models.common import Count, Money, Number, Ratio, Strict, YesNo, reader, typed


def _is_percent(value: object) -> bool:
    return isinstance(value, str) and value.strip().endswith(("%", "％"))


Amount = Money
"""Money in `money_unit`: a budget figure is never negative."""
Operator = Annotated[
    Literal[">=", "<=", "=", "qualitative"],
    *typed(Kind.OPERATOR, {"type": "string", "enum": list(OPERATOR_WORDS)}),
]
"""A target's comparison: `>=` (≥, 不低于), `<=` (≤, 不超过), `=` or `qualitative` (定性)."""

_read_ratio, _read_yes_no = reader(Kind.RATIO, "entry_value"), reader(Kind.YES_NO)


def _ratio_or_yes_no(value: Any, info: ValidationInfo) -> Any:
    """An entry's `value`: yes/no for a `boolean` rule, a number or ratio for the others."""
    if isinstance(value, bool) or (isinstance(value, str) and is_yes_no(value)):
        return _read_yes_no(value, info)
    return _read_ratio(value, info)


EntryValue = Annotated[
    Decimal | bool,
    BeforeValidator(_ratio_or_yes_no),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "boolean"}, {"type": "string"}],
         "description": "A number or ratio (92.5% or 0.925), or yes/no for a boolean rule."}
    ),
]  # fmt: skip


class Department(Strict):
    name: str = Field(min_length=1)
    code: str | None = None
    year: Annotated[
        int,
        *typed(Kind.INTEGER, {"anyOf": [{"type": "integer", "minimum": 1990, "maximum": 2100},
                                        {"type": "string"}]}),
    ] = Field(ge=1990, le=2100)  # fmt: skip
    region: str | None = None
    level: str | None = None
    functions: list[str] = []
    tasks: list[str] = []
    goal: str | None = None


BREAKDOWN = (
    "A total and its parts: `total` plus every other key as a part (e.g. current_year, "
    "carry_over; 基本支出/项目支出), as in the 收入支出决算表. When `total` and at least one "
    "part are given, the parts must add up to `total` within rounding (PE404); put a "
    "remainder not named otherwise under `other`."
)


class Project(Strict):
    """For a project-level submission (项目支出绩效自评): the project being evaluated."""

    name: str = Field(min_length=1)
    code: str | None = None
    category: str | None = None
    description: str | None = None


class Budget(Strict):
    """Budget figures in `money_unit`; `spending` is cumulative spending by checkpoint."""

    initial: Amount | None = None
    adjusted: Amount | None = None
    executed: Amount | None = None
    carry_over: Amount | None = None
    balance: Amount | None = None
    income: dict[str, Amount] = Field(default={}, description=BREAKDOWN)
    expenditure: dict[str, Amount] = Field(default={}, description=BREAKDOWN)
    spending: dict[str, Amount] = Field(
        default={},
        description="Cumulative (累计) spending at each checkpoint (Q1…Q4 or months), in the "
        "rubric's order: never decreasing, the last equal to `executed` (PE401, PE402).",
    )

    @field_validator("income", "expenditure", "spending", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: Any) -> Any:
        """`Q2:` with nothing after it is a figure not given — absent, as an empty cell of
        the Excel form is (its indicator 不适用 by the rubric's policy, PE320) — never a
        type error, never zero."""
        if isinstance(value, dict):
            return {key: figure for key, figure in value.items() if figure is not None}
        return value


NATURE_WORDS = {"core": "core", "核心": "core", "核心指标": "core", "ordinary": "ordinary"}
NATURE_WORDS |= {"一般": "ordinary", "一般指标": "ordinary", "非核心": "ordinary"}


def _nature(value: Any) -> Any:
    return NATURE_WORDS.get(value.strip(), value) if isinstance(value, str) else value


Nature = Annotated[
    Literal["core", "ordinary"],
    BeforeValidator(_nature),
    WithJsonSchema({"type": "string", "enum": list(NATURE_WORDS)}),
]
"""A target's 指标性质: `core` (核心指标) or `ordinary` (一般指标)."""


class TargetRow(Strict):
    """One performance target (绩效目标): 指标值 (target) against 完成值 (actual); a target
    partly met may give the share achieved (`share`, 得分比例) with its `justification`."""

    name: str = Field(min_length=1)
    category: str | None = None  # 指标类别: 产出数量, 效益…
    nature: Nature | None = None  # 指标性质; the rubric may weigh core targets more
    operator: Operator = ">="
    target: Number | None = None
    actual: Number | None = None
    unit: str | None = None  # 计量单位
    weight: Annotated[Number, Field(gt=0)] | None = None  # else the rubric's, by nature, or 1
    achieved: YesNo | None = None
    share: Annotated[Ratio, Field(ge=0, le=1)] | None = None  # 得分比例 (部分达成: 50%)
    justification: str | None = None  # why that share (required with it)
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _comparison_written(cls, data: Any) -> Any:
        """PE333: a numeric target without its comparison (an empty 比较方式 cell, or no
        `operator:`) — ≥ is never assumed, for a ≤ target (办理发文 ≤ 900) it would score a
        shortfall as met."""
        if isinstance(data, dict) and data.get("operator") is None and "target" in data:
            name = str(data.get("name") or "")[:60]
            raise PydanticCustomError("perfeval", "{code}", {"code": "PE333", "at": "target",
                                                             "name": name})  # fmt: skip
        return data

    @model_validator(mode="before")
    @classmethod
    def _word_as_actual(cls, data: Any) -> Any:
        """PE316: a word (完成, 达标) as the 完成值 of a numeric target, which cannot be
        compared with its 指标值 — the target is qualitative, or the number is missing."""
        if not isinstance(data, dict) or data.get("operator") in ("qualitative", "定性"):
            return data
        actual = data.get("actual")
        if isinstance(actual, str) and actual.strip() and not any(c.isdigit() for c in actual):
            name = str(data.get("name") or "")[:60]
            code = {"code": "PE316", "at": "actual", "value": actual.strip()[:60], "name": name}
            raise PydanticCustomError("perfeval", "{code}", code)
        return data

    @model_validator(mode="before")
    @classmethod
    def _percent_values(cls, data: Any) -> Any:
        """`target: 90%` with `actual: 95%` → 90 and 95 with unit `%`, so they print as written."""
        if not isinstance(data, dict):
            return data
        written = {key: data.get(key) for key in ("target", "actual") if data.get(key) is not None}
        percents = {key for key, value in written.items() if _is_percent(value)}
        if not percents:
            return data
        if percents != set(written) or data.get("unit") not in (None, "%"):
            odd = "unit" if percents == set(written) else min(percents)  # the one out of step
            raise PydanticCustomError("perfeval", "{code}", {"code": "PE109", "at": odd})
        converted = {key: str(written[key]).strip().rstrip("%％").strip() for key in percents}
        return {**data, **converted, "unit": "%"}


class Release(Strict):
    """One dated amount released (下达) or spent from an item."""

    date: date
    amount: Amount


class MilestoneItem(Strict):
    """One item (专项) a `milestones` rule follows: its amount and its dated releases."""

    name: str = Field(min_length=1)
    amount: Amount
    releases: list[Release] = []


class Entry(Strict):
    """What one rubric leaf needs from the submission; which fields apply depends on the rule."""

    value: EntryValue | None = None
    choice: str | None = None
    checked: list[str] | None = None
    count: Count | None = None
    targets: list[TargetRow] | None = None
    items: list[MilestoneItem] | None = None
    tier: str | None = None
    fraction: Ratio | None = None
    score: Number | None = None
    justification: str | None = None
    not_applicable: str | None = Field(default=None, min_length=1)
    note: str | None = None
    evidence: list[str] = []
    assessed: str | None = None  # of an either-or group (one_of): the child id assessed


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
    project: Project | None = None
    money_unit: str = "万元"
    budget: Budget = Budget()
    data: dict[str, Any] = Field(
        default={},
        description="Named figures the rubric's metrics read (e.g. three_public: {budget, "
        "actual}). Two conventions are checked anywhere under data: a mapping with `total` "
        "and `parts` (name → figure) states a breakdown whose parts must add up to the total "
        "(PE405), e.g. {total: 10452, parts: {市收文: 9113, 区收文: 1339}}; a mapping with "
        "`change` states a year-on-year change (同比) of its `value` (or `total`) against "
        "`last_year`, written -10.7% or -0.107, which must match within rounding at its "
        "written precision (PE406), e.g. {value: 839, last_year: 940, change: -10.7%}. "
        "Whole numbers are exact; a figure with decimals may be off by half its last digit.",
    )
    indicators: dict[str, Entry | None] = {}
    claimed_score: Annotated[Number, Field(ge=0)] | None = None
    narrative: Narrative = Narrative()
