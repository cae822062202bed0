"""What every context's API shares: the error body, and types pydantic would
otherwise read too leniently."""

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema


class ErrorOut(Schema):
    """Every error: a message for people, a code for programs, and for invalid
    input the messages per field."""

    detail: str
    code: str
    errors: dict[str, list[str]] | None = None


def _iso_date(value: Any) -> Any:
    # pydantic reads 0 or "0" as 1970-01-01; a date here is YYYY-MM-DD only.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError("Enter a date as YYYY-MM-DD.")
    return date.fromisoformat(value)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
    Field(description="A calendar date, YYYY-MM-DD."),
]
