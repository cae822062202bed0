"""What the customers context can be asked to do, from its pages and its API.

The API takes these as its input; the field rules (``rules.py``) clean them
in the handlers, so a form and the API meet the same rules and messages.
"""

from typing import Any
from uuid import UUID

from pydantic import Field

from garage.kernel.messages import Command

from .rules import MAX_LENGTH, PATTERN


def limited(field: str, **kwargs: Any) -> Any:
    """The field's limits, in the API's schema: its length and its pattern (an
    e-mail address its format); ``rules.py`` enforces them."""
    if field == "email_address":
        extra = {"format": "email"}
    else:
        extra = {"pattern": PATTERN[field]}
    return Field(max_length=MAX_LENGTH[field], json_schema_extra=extra, **kwargs)


class RegisterCustomer(Command):
    name: str = limited("name")
    address: str = limited("address")
    postal_code: str = limited("postal_code")
    city: str = limited("city")
    telephone_number: str = limited("telephone_number")
    email_address: str = limited("email_address")


class RegisterVehicle(Command):
    license_number: str = limited("license_number")
    brand: str = limited("brand")
    type: str = limited("type")
    owner_id: UUID


class ChangeCustomerDetails(Command):
    """Any fields of registration; those left out keep their value."""

    customer_id: UUID
    name: str | None = limited("name", default=None)
    address: str | None = limited("address", default=None)
    postal_code: str | None = limited("postal_code", default=None)
    city: str | None = limited("city", default=None)
    telephone_number: str | None = limited("telephone_number", default=None)
    email_address: str | None = limited("email_address", default=None)


class TransferVehicle(Command):
    license_number: str  # of a registered vehicle: unknown ones are not found
    owner_id: UUID
