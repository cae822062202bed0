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
