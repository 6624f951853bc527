"""The engine's unvalidated builders in `perfeval.models.result` make exactly the models that
validating would: every field, the model's defaults, equal values and equal JSON."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from perfeval.models.common import Text
from perfeval.models.result import (
    Checkpoint,
    Finding,
    NAPolicy,
    NodeResult,
    Quantity,
    Status,
    checkpoint_of,
    finding_of,
    leaf_fields,
    leaf_result,
    node_result,
    quantity,
    text_of,
)

POINTS = quantity("points", Decimal("1.50"))
SHORT = finding_of("ratio.short", Decimal("2.4"), {"earned": POINTS})
NAME = Text(zh="预算执行率", en="Budget execution")

BUILDERS: list[tuple[Callable[..., BaseModel], type[BaseModel], dict[str, Any]]] = [
    (text_of, Text, {"zh": "预算"}),
    (text_of, Text, {"zh": "预算", "en": "Budget"}),
    (quantity, Quantity, {"kind": "points", "value": Decimal("7.60")}),
    (quantity, Quantity, {"kind": "text", "text": NAME}),
    (
        checkpoint_of,
        Checkpoint,
        {
            "key": "Q2",
            "label": NAME,
            "spent": Decimal(52),
            "progress": Decimal("0.520"),
            "required": Decimal("0.5"),
        },
    ),
    (
        checkpoint_of,
        Checkpoint,
        {"key": "Q4", "label": NAME, "spent": None, "progress": None, "required": Decimal(1)},
    ),
    (finding_of, Finding, {"code": "ratio.short", "deducted": Decimal(2), "values": {}}),
    (
        finding_of,
        Finding,
        {"code": "x", "deducted": Decimal("1.0"), "values": {"e": POINTS}, "floored": True},
    ),
    (
        node_result,
        NodeResult,
        {
            "id": "a",
            "name": NAME,
            "weight": Decimal(10),
            "score": Decimal("7.60"),
            "status": "scored",
            "depth": 2,
            "rule": "ratio",
            "criteria": NAME,
            "findings": (SHORT,),
            "note": "说明",
        },
    ),
    (
        node_result,
        NodeResult,
        {
            "id": "g",
            "name": NAME,
            "weight": Decimal(20),
            "score": Decimal(0),
            "status": "not_applicable",
            "depth": 1,
            "not_applicable": "rescale",
            "children": (),
        },
    ),
]


@pytest.mark.parametrize(("build", "model", "fields"), BUILDERS)
def test_builder_makes_the_validated_model(
    build: Callable[..., BaseModel], model: type[BaseModel], fields: dict[str, Any]
) -> None:
    built, validated = build(**fields), model(**fields)
    assert type(built) is model
    assert built == validated
    assert list(built.__dict__) == list(model.model_fields)  # every field, in order
    assert built.model_dump_json() == validated.model_dump_json()
    assert model.model_validate_json(built.model_dump_json()) == built
    with pytest.raises(ValueError, match="frozen"):
        built.__setattr__(next(iter(model.model_fields)), None)


@pytest.mark.parametrize("build", [text_of, quantity, checkpoint_of, finding_of, node_result])
def test_builder_takes_every_field_with_its_default(build: Callable[..., BaseModel]) -> None:
    model = inspect.signature(build).return_annotation
    models = {
        "Text": Text,
        "Quantity": Quantity,
        "Checkpoint": Checkpoint,
        "Finding": Finding,
        "NodeResult": NodeResult,
    }
    model_type = models[model]
    parameters = inspect.signature(build).parameters
    assert list(parameters) == list(model_type.model_fields)
    for name, field in model_type.model_fields.items():
        default = parameters[name].default
        if default is not inspect.Parameter.empty:
            assert default == field.default, name


@pytest.mark.parametrize(
    ("score", "status", "findings", "policy", "note"),
    [
        (Decimal("7.60"), "scored", (SHORT,), None, "说明"),
        (Decimal(10), "not_applicable", (), "full", None),
        (Decimal(0), "error", (), None, None),
    ],
)
def test_leaf_result_completes_the_fields_the_rubric_fixes(
    score: Decimal,
    status: Status,
    findings: tuple[Finding, ...],
    policy: NAPolicy | None,
    note: str | None,
) -> None:
    fixed = {"id": "a", "name": NAME, "weight": Decimal(10), "depth": 2, "rule": "ratio"}
    fields = leaf_fields(**fixed, criteria=NAME, reason_template=None)
    per_file = {"score": score, "status": status, "findings": findings, "note": note}
    built = leaf_result(fields, score, status, findings, policy, note)
    validated = NodeResult(**fixed, criteria=NAME, **per_file, not_applicable=policy)
    assert type(built) is NodeResult
    assert built == validated
    assert list(built.__dict__) == list(NodeResult.model_fields)  # every field, in order
    assert built.model_dump_json() == validated.model_dump_json()
    assert leaf_result(fields, score, status, findings, policy, note) == built  # fields kept
