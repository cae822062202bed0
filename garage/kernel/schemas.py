"""What every context's API shares: the error body, and types pydantic would
otherwise read too leniently."""

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema


class ErrorOut(Schema):
    """Every error: a message for people, a code for programs, and for invalid
    input the messages per field."""

    detail: str
    code: str
    errors: dict[str, list[str]] | None = None


class Input(Schema):
    """An operation's body: a field it does not know is refused (a 422 naming
    it), so a misspelt optional field is not silently left out."""

    model_config = ConfigDict(extra="forbid")


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


class Pagination(LimitOffsetPagination):
    """The API's one list convention, django-ninja's: ``{"items", "count"}``,
    chosen with ``limit`` (at most ``NINJA_PAGINATION_MAX_LIMIT``) and
    ``offset`` (bounded, so no database is asked for an absurd one)."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=1_000_000_000)


def answers(success: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's documented responses: ``success``, then ``ErrorOut`` for
    401 and 403 (every operation needs credentials and a permission), 422
    (bad input) and the given ``errors`` (404, 409)."""
    return success | {status: ErrorOut for status in (401, 403, 422, *errors)}
