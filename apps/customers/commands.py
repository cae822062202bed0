from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class RegisterCustomer:
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str


@dataclass(frozen=True)
class RegisterVehicle:
    license_number: str
    brand: str
    type: str
    owner_id: UUID | str
