from uuid import UUID

from garage.kernel.messages import Event


class CustomerRegistered(Event):
    customer_id: UUID
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str


class VehicleRegistered(Event):
    license_number: str
    brand: str
    type: str
    owner_id: UUID


class CustomerDetailsChanged(Event):
    """Every field of the customer as it is now. ``version`` counts the
    changes (1 for the first): a copy applies a change only if it is newer than
    what it holds, so changes arriving out of order leave the latest."""

    customer_id: UUID
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str
    version: int


class VehicleOwnerChanged(Event):
    """The vehicle now belongs to ``owner_id``; ``version`` counts the
    transfers (1 for the first), as for ``CustomerDetailsChanged``."""

    license_number: str
    previous_owner_id: UUID
    owner_id: UUID
    version: int
