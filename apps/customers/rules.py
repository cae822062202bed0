"""The customers context's field rules, each defined once.

The register forms (``forms.py``) and the command handlers (``handlers.py``,
hence the API) clean every field through these functions, so a web user and an
integrator meet the same rules and the same messages. The rules that need the
current state (the owner exists, the license is free) are checked by the
handlers, which raise the errors at the bottom of this module.
"""

import re
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from garage.kernel.errors import InvalidInputError, RuleViolationError
from garage.kernel.fields import LINE

Rule = Callable[[object], Any]

# Each field's longest stored value, declared once: the rules below, the
# commands (hence the API's schema) and the table's columns use it.
MAX_LENGTH = {
    "name": 100,
    "address": 200,
    "postal_code": 20,
    "city": 100,
    "telephone_number": 20,
    "email_address": 254,
    "license_number": 11,
    "brand": 50,
    "type": 50,
}

# Each field's pattern, declared once: the rules below check the value as it
# was sent against it (before trimming, with Python's re, as JSON Schema tools
# read it), and the commands put it in the API's schema. Whitespace around a
# value is allowed everywhere, and trimmed.
_G = r"(?:[0-9]{1,3}|[A-Za-z]{1,3})"  # a license group, dashed
_D = r"[0-9](?: *[0-9]){0,2}"  # a license group of digits, undashed
_L = r"[A-Za-z](?: *[A-Za-z]){0,2}"  # of letters
PATTERN = {
    "name": LINE,
    "address": LINE,
    "city": LINE,
    "brand": LINE,
    "type": LINE,
    "postal_code": r"^\s*[1-9][0-9]{3} *[A-Za-z]{2}\s*$",
    # 6-20 characters: digits, optionally a leading +, spaces, - and ( ).
    "telephone_number": r"^\s*(?=[^0-9]*[0-9])[+0-9()-][0-9 ()-]{4,18}[0-9()-]\s*$",
    # 12-AB-34, any case; without the dashes when its runs of digits and of
    # letters make the three groups (12AB34, 12 ab 34).
    "license_number": rf"^\s*(?:{_G}-{_G}-{_G}|{_D} *{_L} *{_D}|{_L} *{_D} *{_L})\s*$",
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MATCHES = {field: re.compile(pattern) for field, pattern in PATTERN.items()}
LICENSE_GROUP = r"(?:[0-9]{1,3}|[A-Z]{1,3})"
LICENSE_NUMBER = re.compile(rf"{LICENSE_GROUP}-{LICENSE_GROUP}-{LICENSE_GROUP}")
LICENSE_RUN = re.compile(r"[0-9]+|[A-Z]+")
POSTAL_CODE = re.compile(r"(?P<digits>[0-9]{4}) *(?P<letters>[A-Z]{2})")


def text(value: object, max_length: int, field: str = "name", message: str = "") -> str:
    """Required text of at most ``max_length`` characters that ``field``'s
    pattern finds, trimmed; else ``message`` (by default: printable, one line)."""
    raw = "" if value is None else str(value)
    cleaned = raw.strip()
    if not cleaned:
        raise ValidationError("This field is required.", code="required")
    if len(cleaned) > max_length:
        raise ValidationError(
            f"Use at most {max_length} characters.", code="max_length"
        )
    if not MATCHES[field].search(raw):
        raise ValidationError(
            message or "Use printable characters on one line only.", code=field
        )
    return cleaned


def name(value: object) -> str:
    return text(value, MAX_LENGTH["name"], "name")


def address(value: object) -> str:
    return text(value, MAX_LENGTH["address"], "address")


def postal_code(value: object) -> str:
    """A Dutch postal code, four digits and two letters, stored as ``1234 AB``
    whatever the spacing and case it was typed in."""
    cleaned = text(
        value,
        MAX_LENGTH["postal_code"],
        "postal_code",
        "Enter a Dutch postal code: four digits and two letters (1234 AB).",
    )
    match = POSTAL_CODE.fullmatch(cleaned.upper())
    return f"{match['digits']} {match['letters']}"


def city(value: object) -> str:
    return text(value, MAX_LENGTH["city"], "city")


def email_address(value: object) -> str:
    cleaned = text(value, MAX_LENGTH["email_address"], "name")
    validate_email(cleaned)
    return cleaned


def telephone_number(value: object) -> str:
    """6-20 characters: digits, optionally a leading ``+``, spaces, ``-``, ``()``."""
    return text(
        value,
        100,
        "telephone_number",
        "Enter 6-20 characters: digits, optionally a leading +, spaces, - and ( ).",
    )


def license_number(value: object) -> str:
    """Three groups joined by ``-``, each 1-3 digits or 1-3 letters (never
    mixed); case-insensitive, so it is returned upper-case. Typed without the
    dashes (``12AB34``, ``12 AB 34``), it is grouped where the digits and
    letters alone make three groups."""
    cleaned = text(
        value,
        100,
        "license_number",
        "Enter three groups joined by -, each 1-3 digits or 1-3 letters "
        "(for example 12-AB-34).",
    ).upper()
    if "-" not in cleaned:
        cleaned = _grouped(cleaned)
    if not LICENSE_NUMBER.fullmatch(cleaned):  # the pattern allows none such
        raise ValidationError("Enter a license such as 12-AB-34.", code="invalid")
    return cleaned


def _grouped(plate: str) -> str:
    """``12AB34`` or ``12 AB 34`` as ``12-AB-34``: each run of digits or of
    letters is a group. Left alone when that is not three groups (``123456``
    could be grouped in several ways)."""
    groups = LICENSE_RUN.findall(plate.replace(" ", ""))
    if len(groups) == 3 and "".join(groups) == plate.replace(" ", ""):
        return "-".join(groups)
    return plate


def brand(value: object) -> str:
    return text(value, MAX_LENGTH["brand"], "brand")


def vehicle_type(value: object) -> str:
    return text(value, MAX_LENGTH["type"], "type")


def owner_id(value: object) -> UUID:
    if isinstance(value, UUID):
        return value
    cleaned = "" if value is None else str(value).strip()
    if not cleaned:
        raise ValidationError("Choose the owner.", code="required")
    try:
        return UUID(cleaned)
    except ValueError:
        raise ValidationError("Choose a known customer.", code="invalid") from None


CUSTOMER: dict[str, Rule] = {
    "name": name,
    "address": address,
    "postal_code": postal_code,
    "city": city,
    "telephone_number": telephone_number,
    "email_address": email_address,
}
VEHICLE: dict[str, Rule] = {
    "license_number": license_number,
    "brand": brand,
    "type": vehicle_type,
    "owner_id": owner_id,
}


def clean(rules: Mapping[str, Rule], values: Mapping[str, object]) -> dict[str, Any]:
    """Cleans every field by its rule; raises InvalidInputError naming each
    field that breaks one."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, rule in rules.items():
        try:
            cleaned[field] = rule(values.get(field))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise InvalidInputError("The input is not valid.", errors=errors)
    return cleaned


class FieldRuleViolationError(RuleViolationError):
    """A rule that needs the current state, broken by one field's value."""

    field = "__all__"


class UnknownOwnerError(FieldRuleViolationError):
    code = "unknown_owner"
    field = "owner_id"


class DuplicateLicenseError(FieldRuleViolationError):
    code = "duplicate_license"
    field = "license_number"
