from datetime import datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_serializer

from garage.kernel.paging import PageIn, page

from . import handlers, queries
from .commands import RegisterCustomer, RegisterVehicle

router = Router(tags=["customers"])


class CustomerIn(Schema):
    name: str
    address: str
    postal_code: str
    city: str
    telephone_number: str
    email_address: str


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


class VehicleIn(Schema):
    license_number: str
    brand: str
    type: str
    owner_id: UUID


class VehicleOut(Schema):
    license_number: str
    brand: str
    type: str
    owner_id: UUID


class ListFilters(PageIn):
    q: str = Field("", max_length=queries.MAX_SEARCH_LENGTH, description="Search")


class CustomerListOut(Schema):
    items: list[CustomerOut]
    count: int


class VehicleListOut(Schema):
    items: list[VehicleOut]
    count: int


@router.post("/customers", response={201: CustomerOut})
def create_customer(request, payload: CustomerIn):
    return Status(201, handlers.register_customer(RegisterCustomer(**payload.dict())))


@router.get("/customers", response=CustomerListOut)
def list_customers(request, filters: Query[ListFilters]):
    customers = queries.list_customers(filters.q)
    return page(customers, filters)


@router.get("/customers/{customer_id}", response=CustomerOut)
def get_customer(request, customer_id: UUID):
    return queries.get_customer(customer_id)


@router.post("/vehicles", response={201: VehicleOut})
def create_vehicle(request, payload: VehicleIn):
    return Status(201, handlers.register_vehicle(RegisterVehicle(**payload.dict())))


@router.get("/vehicles", response=VehicleListOut)
def list_vehicles(request, filters: Query[ListFilters]):
    return page(queries.list_vehicles(filters.q), filters)


@router.get("/vehicles/{license_number}", response=VehicleOut)
def get_vehicle(request, license_number: str):
    return queries.get_vehicle(license_number)
