from datetime import date, datetime, time
from uuid import uuid4

import pytest
from django.db import transaction
from django.utils import timezone

from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.workshop import clock, subscribers
from apps.workshop.commands import PlanMaintenanceJob
from apps.workshop.models import MaintenanceJob
from garage.kernel import bus as kernel_bus

TODAY = date(2030, 5, 1)
DAY = date(2030, 5, 6)


def at(hh_mm: str, day: date = DAY) -> datetime:
    """A time on ``day`` in the garage's time zone."""
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hh_mm)))


def customer_registered(name: str = "Ada Lovelace") -> CustomerRegistered:
    return CustomerRegistered(
        customer_id=uuid4(),
        name=name,
        address="Keizersgracht 1",
        postal_code="1015 CJ",
        city="Amsterdam",
        telephone_number="+31 20 123 4567",
        email_address="ada@example.com",
    )


def vehicle_registered(owner: CustomerRegistered, license_number: str):
    return VehicleRegistered(
        license_number=license_number,
        brand="Volkswagen",
        type="Golf",
        owner_id=owner.customer_id,
    )


def plan_command(start="08:00", end="10:00", license_number="12-AB-34", **kwargs):
    day = kwargs.pop("planning_date", DAY)
    return PlanMaintenanceJob(
        planning_date=day,
        start_time=at(start, day),
        end_time=at(end, day),
        license_number=license_number,
        description=kwargs.pop("description", "Oil change"),
        **kwargs,
    )


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The garage's today is 2030-05-01, unless a test says otherwise."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def owner() -> CustomerRegistered:
    return customer_registered()


@pytest.fixture
def cached_vehicle(db, owner) -> VehicleRegistered:
    """Vehicle 12-AB-34 and its owner in the workshop's cache, without the bus."""
    vehicle = vehicle_registered(owner, "12-ab-34")
    subscribers.when_customer_registered_store_customer(owner)
    subscribers.when_vehicle_registered_store_vehicle(vehicle)
    return vehicle


@pytest.fixture
def registered(bus, owner):
    """Returns a function that registers vehicles (and ``owner``) over the bus."""

    def register(*license_numbers: str) -> list[VehicleRegistered]:
        vehicles = [vehicle_registered(owner, number) for number in license_numbers]
        with transaction.atomic():
            kernel_bus.publish(owner, *vehicles)
        bus.drain()
        return vehicles

    return register


@pytest.fixture
def known_vehicle(registered) -> VehicleRegistered:
    """Vehicle 12-AB-34 and its owner, learnt from the customers' events."""
    return registered("12-ab-34")[0]


def job_row(planning_date: date = DAY, **changes):
    """A job straight in the read model, as the projection would write it."""
    fields = {
        "job_id": uuid4(),
        "planning_date": planning_date,
        "start_time": at("08:00", planning_date),
        "end_time": at("10:00", planning_date),
        "description": "Oil change",
        "customer_id": uuid4(),
        "customer_name": "Ada",
        "customer_telephone_number": "06",
        "license_number": "12-AB-34",
        "brand": "VW",
        "type": "Golf",
    }
    return MaintenanceJob.objects.create(**fields | changes)
