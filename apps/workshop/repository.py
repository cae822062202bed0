"""Loads and saves ``WorkshopPlanning`` through the kernel's event store."""

from collections.abc import Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from garage.kernel import eventstore

from .domain import Customer, DomainEvent, Garage, Vehicle, WorkshopPlanning
from .models import Customer as CachedCustomer
from .models import PlanningEvent
from .models import Vehicle as CachedVehicle


def garage() -> Garage:
    return Garage(settings.WORKSTATIONS, ZoneInfo(settings.TIME_ZONE))


def stream_id(planning_date: date) -> str:
    return planning_date.isoformat()


def decode(event_type: str, payload: dict[str, Any]) -> DomainEvent:
    return WorkshopPlanning.EVENTS[event_type].model_validate(payload)


def load(planning_date: date) -> WorkshopPlanning:
    history = eventstore.load(PlanningEvent, stream_id(planning_date))
    return WorkshopPlanning.replay(
        planning_date,
        garage(),
        (decode(event.event_type, event.payload) for event in history),
    )


def save(planning: WorkshopPlanning, metadata: dict[str, Any]) -> list[DomainEvent]:
    """Appends the planning's pending events; returns them, now stored."""
    stored = list(planning.pending)
    eventstore.append(
        PlanningEvent,
        stream_id(planning.date),
        planning.stored_version,
        [
            eventstore.NewEvent(
                event.type_name(), event.model_dump(mode="json"), metadata
            )
            for event in stored
        ],
    )
    planning.pending.clear()
    return stored


def vehicle(license_number: str) -> Vehicle | None:
    """A vehicle from the workshop's cache, with its owner if that is known."""
    found = CachedVehicle.objects.filter(license_number=license_number.upper()).first()
    if found is None:
        return None
    owner = CachedCustomer.objects.filter(pk=found.owner_id).first()
    return Vehicle(
        found.license_number,
        found.brand,
        found.type,
        owner and Customer(owner.customer_id, owner.name, owner.telephone_number),
    )


def all_events() -> Iterator[tuple[date, DomainEvent]]:
    """Every stored event of every planning, in the order they were stored."""
    rows = PlanningEvent.objects.order_by("id").values_list(
        "stream_id", "event_type", "payload"
    )
    for stream, event_type, payload in rows.iterator(chunk_size=2000):
        yield date.fromisoformat(stream), decode(event_type, payload)
