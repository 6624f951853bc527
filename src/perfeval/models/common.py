"""Shared model pieces: strict base classes, bilingual text, percentages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from perfeval.i18n import Lang

STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

_PERCENT = re.compile(r"^\s*([-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)\s*%\s*$")


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


def parse_ratio(value: Any) -> Any:
    """`"92.5%"` → Decimal("0.925"); Decimals and plain numeric text pass through."""
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            return Decimal(match.group(1)).scaleb(-2)
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise PydanticCustomError(
                "perfeval", "{code}", {"code": "PE108", "value": value[:60]}
            ) from None
    return value


Ratio = Annotated[
    Decimal,
    BeforeValidator(parse_ratio),
    Field(description="A ratio: a fraction such as 0.925, or a percentage such as 92.5%."),
]
"""A ratio written as `0.925` or `92.5%`."""

Points = Annotated[Decimal, Field(ge=0)]
Weight = Annotated[Decimal, Field(gt=0)]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
