"""What the customers context can be asked to do, from its pages and its API.

The API takes these as its input; the field rules (``rules.py``) clean them
in the handlers, so a form and the API meet the same rules and messages.
"""

from uuid import UUID

from garage.kernel.messages import Command


class RegisterCustomer(Command):
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str


class RegisterVehicle(Command):
    license_number: str
    brand: str
    type: str
    owner_id: UUID
