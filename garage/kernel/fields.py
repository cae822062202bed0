"""Field types whose OpenAPI schema is the rule the server enforces.

Each rule is a regular expression checked with Python's ``re``, the engine
schema-driven clients (schemathesis, jsonschema) read the OpenAPI ``pattern``
with, so what the document allows is exactly what the server accepts. Each
context declares its limits once (``apps.workshop.domain.limits``,
``apps.customers.rules``) and passes them to these types.
"""

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

_CONTROL = r"\x00-\x1f\x7f"

# Required single-line text: something printable, no control characters;
# whitespace around it is allowed and trimmed.
LINE = rf"^\s*[^\s{_CONTROL}](?:[^{_CONTROL}]*[^\s{_CONTROL}])?\s*$"
# Optional text of several lines: tabs and line breaks, no other control
# characters (NUL included: no database column holds it).
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
LINE_MESSAGE = "Enter printable text on one line; this field is required."
LINES_MESSAGE = "Use printable characters, tabs and line breaks only."


def text(max_length: int, pattern: str = LINE, message: str = LINE_MESSAGE) -> Any:
    """A string of at most ``max_length`` characters that ``pattern`` finds
    (``re.search``, as JSON Schema reads a pattern), trimmed. The length is
    checked first, so the pattern never reads a long string."""
    compiled = re.compile(pattern)

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # pydantic refuses it as not a string
        if len(value) > max_length:
            raise ValueError(f"Use at most {max_length} characters.")
        if not compiled.search(value):
            raise ValueError(message)
        return value.strip()

    return Annotated[
        str,
        Field(max_length=max_length, json_schema_extra={"pattern": pattern}),
        BeforeValidator(check),
    ]


def decimal_pattern(maximum: Decimal, places: int, positive: bool) -> str:
    """Decimal text from 0 (or above 0) to ``maximum`` = 99...9.99: its digits
    before the point bound it, so the range is the pattern."""
    digits = len(str(int(maximum)))
    assert maximum == 10**digits - Decimal(1).scaleb(-places), maximum
    nonzero = r"(?![0.]*$)" if positive else ""
    return rf"^{nonzero}[0-9]{{1,{digits}}}(?:\.[0-9]{{1,{places}}})?$"


def decimal(maximum: Decimal, places: int = 2, positive: bool = False) -> Any:
    """A decimal sent as a string (``"12.50"``, as the API answers them) or as
    a whole JSON number (``12``), never as a JSON fraction, whose binary
    approximation (0.1) money cannot use. Python callers (forms) may pass a
    ``Decimal``; the bounds then apply."""
    pattern = decimal_pattern(maximum, places, positive)
    low = 1 if positive else 0
    message = (
        f"Enter a number {'above' if positive else 'from'} 0 to {maximum}: a "
        f'string with at most {places} decimals after a point ("12.50"), '
        "or a whole number."
    )
    compiled = re.compile(pattern)

    def parse(value: Any) -> Any:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if low <= value <= maximum:
                return Decimal(value)
        elif isinstance(value, str) and compiled.search(value):
            return Decimal(value)
        raise ValueError(message)

    bounds = {"gt" if positive else "ge": 0, "le": maximum}
    whole_numbers = {"type": "integer", "minimum": low, "maximum": int(maximum)}
    schema = {"anyOf": [{"type": "string", "pattern": pattern}, whole_numbers]}
    return Annotated[
        Decimal,
        Field(decimal_places=places, **bounds),
        BeforeValidator(parse),
        WithJsonSchema(schema | {"description": message}),
    ]


def whole(minimum: int, maximum: int) -> Any:
    """An integer: a JSON number with no fraction (``450`` or ``450.0``, both
    integers to JSON Schema), never a string or a boolean."""

    def check(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    return Annotated[
        int, Field(ge=minimum, le=maximum, strict=True), BeforeValidator(check)
    ]
