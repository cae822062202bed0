"""The workshop's subscribers: its copy of customers and vehicles, and the
business days that have begun."""

from collections.abc import Callable

from apps.customers.events import (
    CustomerDetailsChanged,
    CustomerRegistered,
    VehicleOwnerChanged,
    VehicleRegistered,
)
from apps.timekeeping.events import DayHasPassed
from garage.kernel import copies
from garage.kernel.messages import Event

from .models import BusinessDay, Customer, Vehicle


def when_customer_registered_store_customer(event: CustomerRegistered) -> None:
    Customer.objects.update_or_create(
        customer_id=event.customer_id,
        defaults={"name": event.name, "telephone_number": event.telephone_number},
    )


def when_vehicle_registered_store_vehicle(event: VehicleRegistered) -> None:
    Vehicle.objects.update_or_create(
        license_number=event.license_number.upper(),
        defaults={"brand": event.brand, "type": event.type, "owner_id": event.owner_id},
    )


def when_customer_details_changed_update_customer(
    event: CustomerDetailsChanged,
) -> None:
    copies.follow(
        Customer,
        event.customer_id,
        event.version,
        name=event.name,
        telephone_number=event.telephone_number,
    )


def when_vehicle_owner_changed_update_vehicle(event: VehicleOwnerChanged) -> None:
    """Jobs planned from now on belong to the new owner; planned ones keep
    the customer they were planned for."""
    copies.follow(
        Vehicle, event.license_number.upper(), event.version, owner_id=event.owner_id
    )


def when_day_has_passed_note_business_day(event: DayHasPassed) -> None:
    BusinessDay.objects.get_or_create(date=event.date)


SUBSCRIPTIONS: dict[type[Event], list[Callable]] = {
    CustomerRegistered: [when_customer_registered_store_customer],
    VehicleRegistered: [when_vehicle_registered_store_vehicle],
    CustomerDetailsChanged: [when_customer_details_changed_update_customer],
    VehicleOwnerChanged: [when_vehicle_owner_changed_update_vehicle],
    DayHasPassed: [when_day_has_passed_note_business_day],
}
