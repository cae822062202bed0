"""The API's one list convention: ``{"items": [...], "count": N}``, chosen with
``limit`` and ``offset`` query parameters."""

from django.db.models import QuerySet
from ninja import Field, Schema


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)


def page(items: QuerySet, params: PageIn) -> dict:
    """The window ``params`` asks for, and how many items there are in all."""
    window = items[params.offset : params.offset + params.limit]
    return {"items": list(window), "count": items.count()}
