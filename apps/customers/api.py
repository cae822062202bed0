from datetime import datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_serializer

from garage.kernel.auth import permitted
from garage.kernel.schemas import Input, answers

from . import handlers, queries
from .commands import (
    ChangeCustomerDetails,
    RegisterCustomer,
    RegisterVehicle,
    TransferVehicle,
    limited,
)

router = Router(tags=["customers"])


class CustomerOut(Schema):
    customer_id: UUID
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str
    registered_at: datetime

    @field_serializer("registered_at")
    def in_local_time(self, value: datetime) -> str:
        return timezone.localtime(value).isoformat()


class VehicleOut(Schema):
    license_number: str
    brand: str
    type: str
    owner_id: UUID


class ListFilters(Schema):
    q: str = Field("", max_length=queries.MAX_SEARCH_LENGTH, description="Search")


@router.post(
    "/customers",
    response=answers({201: CustomerOut}, 409),
    auth=permitted("customers.add_customer", "register a customer"),
)
def create_customer(request, payload: RegisterCustomer):
    return Status(201, handlers.register_customer(payload))


@router.get(
    "/customers",
    response=answers({200: list[CustomerOut]}),
    auth=permitted("customers.view_customer", "see the customers"),
)
@paginate
def list_customers(request, filters: Query[ListFilters]):
    return queries.list_customers(filters.q)


@router.get(
    "/customers/{customer_id}",
    response=answers({200: CustomerOut}, 404),
    auth=permitted("customers.view_customer", "see a customer"),
)
def get_customer(request, customer_id: UUID):
    return queries.get_customer(customer_id)


class CustomerChangeIn(Input):
    """Any fields of registration; those left out keep their value. Null is
    refused, as when registering: every detail is required."""

    name: str = limited("name", default=None)
    address: str = limited("address", default=None)
    postal_code: str = limited("postal_code", default=None)
    city: str = limited("city", default=None)
    telephone_number: str = limited("telephone_number", default=None)
    email_address: str = limited("email_address", default=None)


class TransferIn(Input):
    owner_id: UUID


@router.patch(
    "/customers/{customer_id}",
    response=answers({200: CustomerOut}, 404, 409),
    auth=permitted("customers.change_customer", "change a customer's details"),
)
def change_customer(request, customer_id: UUID, payload: CustomerChangeIn):
    command = ChangeCustomerDetails(
        customer_id=customer_id, **payload.dict(exclude_none=True)
    )
    return handlers.change_customer_details(command)


@router.post(
    "/vehicles/{license_number}/transfer",
    response=answers({200: VehicleOut}, 404, 409),
    auth=permitted("customers.change_vehicle", "transfer a vehicle"),
)
def transfer_vehicle(request, license_number: str, payload: TransferIn):
    command = TransferVehicle(license_number=license_number, owner_id=payload.owner_id)
    return handlers.transfer_vehicle(command)


@router.post(
    "/vehicles",
    response=answers({201: VehicleOut}, 409),
    auth=permitted("customers.add_vehicle", "register a vehicle"),
)
def create_vehicle(request, payload: RegisterVehicle):
    return Status(201, handlers.register_vehicle(payload))


@router.get(
    "/vehicles",
    response=answers({200: list[VehicleOut]}),
    auth=permitted("customers.view_vehicle", "see the vehicles"),
)
@paginate
def list_vehicles(request, filters: Query[ListFilters]):
    return queries.list_vehicles(filters.q)


@router.get(
    "/vehicles/{license_number}",
    response=answers({200: VehicleOut}, 404),
    auth=permitted("customers.view_vehicle", "see a vehicle"),
)
def get_vehicle(request, license_number: str):
    return queries.get_vehicle(license_number)
