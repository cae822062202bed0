"""The workshop's subscribers: its copy of customers and vehicles."""

from collections.abc import Callable

from apps.customers.events import CustomerRegistered, VehicleRegistered
from garage.kernel.messages import Event

from .models import Customer, Vehicle


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


SUBSCRIPTIONS: dict[type[Event], list[Callable]] = {
    CustomerRegistered: [when_customer_registered_store_customer],
    VehicleRegistered: [when_vehicle_registered_store_vehicle],
}
