"""Shared model pieces: strict base classes, bilingual text, percentages."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from perfeval.i18n import Lang
from perfeval.load.scalars import (
    YES_NO_WORDS,
    Kind,
    Unreadable,
    clip,
    normalised,
    read,
    widened,
)

STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Strict(BaseModel):
    """Base of every user-written model: unknown keys are errors, inputs never echoed."""

    model_config = STRICT


class Text(Strict):
    """User-facing text in zh (required) and en (falls back to zh)."""

    zh: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.zh


def _text_from_str(value: Any) -> Any:
    return {"zh": value} if isinstance(value, str) else value


TextLike = Annotated[Text, BeforeValidator(_text_from_str, json_schema_input_type=str | Text)]
"""A `Text` that may also be written as a plain (Chinese) string."""


NOTES_READ = "perfeval.notes_read"
"""Validation context flag: values spelled with full-width forms are read (their PE110
warnings were collected by a first pass, `perfeval.load.validation`)."""

NOTE = "perfeval_note"
"""The pydantic error type of a PE110 note: not an error, a warning with a location."""


def reader(kind: Kind, called: str | None = None) -> Callable[[Any, ValidationInfo], Any]:
    """A pydantic before-validator reading a field's value with `perfeval.load.scalars`:
    the one reader every door (YAML, JSON, an Excel form) goes through. Mappings and lists
    pass on, so pydantic reports the type it expected. `called` names what the field holds
    in messages (a `[types]` key) when it is not just `kind`."""

    def read_value(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dict | list):
            return value
        try:
            if type(value) is Decimal and kind is not Kind.INTEGER:
                return value  # the usual case: a loader read it, within the limits
            reading = read(kind, value)
        except Unreadable as exc:
            params = dict(exc.params)
            if called is not None and "kind" in params:
                params["kind"] = f"@types.{called}"
            raise PydanticCustomError("perfeval", "{code}", {"code": exc.code, **params}) from None
        if reading.written is not None and not (info.context or {}).get(NOTES_READ):
            note = {
                "code": "PE110",
                "value": clip(reading.written),
                "read": normalised(reading.written),
                "chars": widened(reading.written),
            }
            raise PydanticCustomError(NOTE, "{code}", note)
        return reading.value

    return read_value


def typed(kind: Kind, schema: dict[str, Any]) -> tuple[BeforeValidator, WithJsonSchema]:
    """What a field of `kind` is annotated with: the reader, and the JSON Schema editors
    see (a number, or the text of one; constraints of the field are validated after)."""
    return BeforeValidator(reader(kind)), WithJsonSchema(schema)


def _number_or_text(description: str, **number: Any) -> dict[str, Any]:
    return {
        "anyOf": [{"type": "number", **number}, {"type": "string"}],
        "description": description,
    }


Number = Annotated[
    Decimal, *typed(Kind.NUMBER, _number_or_text("A number, or the text of one: 12.5."))
]
"""A number: `12.5`, or the same text quoted (see `perfeval.load.scalars`)."""

Money = Annotated[
    Decimal,
    *typed(
        Kind.MONEY,
        _number_or_text("Money in money_unit, written without the unit: 3089.8.", minimum=0),
    ),
    Field(ge=0),
]
"""Money in the submission's `money_unit` (the unit is never written in the value)."""

Ratio = Annotated[
    Decimal,
    *typed(
        Kind.RATIO,
        _number_or_text("A ratio: a fraction such as 0.925, or a percentage such as 92.5%."),
    ),
]
"""A ratio written as `0.925` or `92.5%`."""

Count = Annotated[
    int,
    *typed(
        Kind.INTEGER,
        {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
         "description": "A whole number of things: 0, 1, 2 …"},
    ),
    Field(ge=0),
]  # fmt: skip
"""A whole number of things (cases, items)."""

YesNo = Annotated[
    bool,
    *typed(
        Kind.YES_NO,
        {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": list(YES_NO_WORDS)}],
         "description": "Yes or no: true/false, 是/否, yes/no, √/×."},
    ),
]  # fmt: skip
"""Yes or no: true/false, 是/否 and the other spellings of `perfeval.load.scalars`."""

Points = Annotated[Decimal, Field(ge=0)]
Weight = Annotated[Decimal, Field(gt=0)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
