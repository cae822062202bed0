"""What the customers context can be asked to do, from its pages and its API.

The API takes these as its input; the field rules (``rules.py``) clean them
in the handlers, so a form and the API meet the same rules and messages.
"""

from typing import Any
from uuid import UUID

from pydantic import Field

from garage.kernel.messages import Command

from .rules import MAX_LENGTH


def limited(field: str) -> Any:
    return Field(max_length=MAX_LENGTH[field])


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
