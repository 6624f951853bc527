"""The rubric (指标体系): metadata, metric formulas and the weighted indicator tree.

Shape is checked here by pydantic; cross-tree checks (weights add up, unique ids, metrics
exist, formulas parse) live in `perfeval.load.rubric_check`, which locates each problem.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from perfeval.load import scalars
from perfeval.models.common import Identifier, Strict, TextLike, Weight
from perfeval.models.result import NAPolicy
from perfeval.rules import AnyRuleParams
from perfeval.rules.interval import no_overlap, parse_interval

DEFAULT_GRADES: list[dict[str, Any]] = [
    {"name": {"zh": "优", "en": "Excellent"}, "min": Decimal(90)},
    {"name": {"zh": "良", "en": "Good"}, "min": Decimal(80)},
    {"name": {"zh": "中", "en": "Fair"}, "min": Decimal(60)},
    {"name": {"zh": "差", "en": "Poor"}, "min": Decimal(0)},
]


class Grade(Strict):
    """A grade and the least total that reaches it: points (`min: 90`), or a share of the
    rubric's total (`min: 90%`: on a 33-point sheet, 29.7), for a total that is not 100."""

    name: TextLike
    min: Decimal = Field(ge=0)
    of_total: bool = False  # `min` is a share of the total (written `min: 90%`)

    @model_validator(mode="before")
    @classmethod
    def _share(cls, data: Any) -> Any:
        written = data.get("min") if isinstance(data, dict) else None
        if isinstance(written, str) and written.strip().endswith(("%", "％")):
            try:
                share = scalars.read(scalars.Kind.RATIO, written)
            except scalars.Unreadable:
                return data  # not a share: the number check says so, at `min`
            return {**data, "min": share.value, "of_total": True}
        return data

    def least(self, total: Decimal) -> Decimal:
        """The least total that reaches this grade, in points."""
        return self.min * total if self.of_total else self.min


class Rounding(Strict):
    """Decimal places for leaf scores and the total; rounding is half-up."""

    leaf: int = Field(default=2, ge=0, le=4)
    total: int = Field(default=1, ge=0, le=4)


class Input(Strict):
    """Where a leaf's number comes from; absent = the submission's entry for the leaf.

    `range` is the interval a valid input lies in, e.g. `"[0, 100%]"` for a satisfaction
    rate: an input outside it is an error in the submission (PE312), never a score.
    """

    metric: str | None = None
    data: str | None = None
    range: str | None = None

    @field_validator("range")
    @classmethod
    def _parse_range(cls, value: str | None) -> str | None:
        if value is not None:
            parse_interval(value)
        return value

    def admits(self, value: Decimal) -> bool:
        """Whether `value` lies in `range` (always, when no range is declared)."""
        return self.range is None or parse_interval(self.range).contains(value)


class CeilingBand(Strict):
    """One band of a score ceiling: where the figure lies, the highest total allowed."""

    range: str
    max: Annotated[Decimal, Field(ge=0)]

    @field_validator("range")
    @classmethod
    def _parse_range(cls, value: str) -> str:
        parse_interval(value)
        return value


class ScoreCeiling(Strict):
    """最高得分 (a score ceiling): the total may not exceed the `max` of the band the metric's
    figure falls in; the excess is deducted after the tree, as a finding with its arithmetic.

    From the budget-management platforms' manuals, e.g. "项目自评总得分与执行率直接挂钩：
    执行率为 70% 至 80% 的，绩效自评不超过 89 分 … 自评得分超出最高得分部分，予以减分处理".
    `enabled: false` keeps it written but off (a bureau turns it on). A figure in no band
    caps nothing; a figure that cannot be computed is said, and caps nothing.
    """

    enabled: bool = True
    metric: str  # a metric of the rubric (PE222 otherwise)
    label: TextLike  # the figure's name in the finding: 执行率
    display: Literal["percent", "number"] = "percent"
    precision: Annotated[Decimal, Field(gt=0)] | None = None  # compared and shown at it
    bands: list[CeilingBand] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Self:
        no_overlap([band.range for band in self.bands], complete=False)
        return self


class RubricExample(Strict):
    """A worked example, as a bureau's 评分细则 gives them: a submission's figures and
    entries, and the points they must earn — per indicator id, and `total`. `perfeval rubric
    check` scores each through the engine and reports any that disagree (PE224–PE226)."""

    name: str = Field(min_length=1)
    input: dict[str, Any] = {}  # the submission's budget, data and indicators
    expect: dict[str, Annotated[Decimal, Field(ge=0)]] = Field(min_length=1)


class Leaf(Strict):
    id: Identifier
    name: TextLike
    weight: Weight
    rule: AnyRuleParams
    input: Input | None = None
    criteria: TextLike
    reason: TextLike | None = None
    not_applicable: NAPolicy | None = None


class Group(Strict):
    """A group of indicators: its weight is its children's sum — or, `one_of: true` (二者择
    其一), each child weighs as much as the group and one of them is assessed: the one the
    submission names (`indicators.<group id>: {assessed: <child id>}`), else the first
    that applies (scored, not N/A or in error)."""

    id: Identifier
    name: TextLike
    weight: Weight
    one_of: bool = False
    children: list[Node] = Field(min_length=1)


def _node_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "group" if "children" in value else "leaf"
    return "group" if isinstance(value, Group) else "leaf"


Node = Annotated[
    Annotated[Group, Tag("group")] | Annotated[Leaf, Tag("leaf")],
    Discriminator(_node_kind),
]


class Rubric(Strict):
    id: Identifier
    title: TextLike
    level: Literal["department", "project"]
    jurisdiction: TextLike | None = None
    year: int | None = None
    version: str = "1"
    source: TextLike
    notes: TextLike | None = None
    total: Weight = Decimal(100)
    grades: list[Grade] = Field(default_factory=lambda: [Grade(**g) for g in DEFAULT_GRADES])
    rounding: Rounding = Rounding()
    not_applicable: NAPolicy = "rescale"
    metrics: dict[str, str] = {}
    indicators: list[Node] = Field(min_length=1)
    score_ceiling: ScoreCeiling | None = None
    examples: list[RubricExample] = []

    def leaves(self) -> list[Leaf]:
        found: list[Leaf] = []
        stack: list[Group | Leaf] = list(reversed(self.indicators))
        while stack:
            node = stack.pop()
            if isinstance(node, Leaf):
                found.append(node)
            else:
                stack.extend(reversed(node.children))
        return found


Group.model_rebuild()
