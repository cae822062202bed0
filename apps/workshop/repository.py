"""Loads and saves ``WorkshopPlanning`` through the kernel's event store."""

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Max

from garage.kernel import eventstore

from .domain import Customer, DomainEvent, Garage, Vehicle, WorkshopPlanning
from .models import Customer as CachedCustomer
from .models import MaintenanceJob, PlanningEvent
from .models import Vehicle as CachedVehicle


def garage() -> Garage:
    return Garage(tuple(settings.WORKSTATIONS), ZoneInfo(settings.TIME_ZONE))


def stream_id(planning_date: date) -> str:
    return planning_date.isoformat()


# Each event type's pydantic validator, called directly: a replay decodes
# hundreds of events (see docs/decisions/0009-batched-delivery.md, "Loading").
_DECODERS = {
    name: event_class.__pydantic_validator__.validate_json
    for name, event_class in WorkshopPlanning.EVENTS.items()
}


def decode(event_type: str, payload: str) -> DomainEvent:
    return _DECODERS[event_type](payload)


def load(planning_date: date) -> WorkshopPlanning:
    history = eventstore.load(PlanningEvent, stream_id(planning_date))
    decoders = _DECODERS
    return WorkshopPlanning.replay(
        planning_date,
        garage(),
        (decoders[event.event_type](event.payload) for event in history),
    )


def save(planning: WorkshopPlanning, metadata: dict[str, Any]) -> list[DomainEvent]:
    """Appends the planning's pending events; returns them, now stored."""
    stored = list(planning.pending)
    eventstore.append(
        PlanningEvent,
        stream_id(planning.date),
        planning.stored_version,
        [
            eventstore.NewEvent(event.type_name(), event.model_dump_json(), metadata)
            for event in stored
        ],
    )
    planning.pending.clear()
    return stored


def vehicle(license_number: str) -> Vehicle | None:
    """A vehicle from the workshop's cache, with its owner if that is known."""
    with connection.cursor() as cursor:
        cursor.execute(VEHICLE_WITH_OWNER, [license_number.upper()])
        row = cursor.fetchone()
    if row is None:
        return None
    number, brand, type_, owner_id, name, telephone_number = row
    owner = Customer(UUID(str(owner_id)), name, telephone_number) if owner_id else None
    return Vehicle(number, brand, type_, owner)


# Raw SQL, measured: 0.15 ms against 1.0 ms for the ORM's three-subquery
# equivalent, on every plan command. One query: the owner may still be
# missing (its event not arrived yet), hence the outer join.
VEHICLE_WITH_OWNER = f"""
    SELECT v.license_number, v.brand, v.type,
           c.customer_id, c.name, c.telephone_number
    FROM {CachedVehicle._meta.db_table} v
    LEFT JOIN {CachedCustomer._meta.db_table} c ON c.customer_id = v.owner_id
    WHERE v.license_number = %s
"""


def last_odometer_km(job_id: UUID) -> int | None:
    """The highest odometer reading the read model holds for the job's
    vehicle: the last one, as each reading is checked against the one before.

    Locks the vehicle's row until the command commits: two check-ins of one
    vehicle on two days (two streams, so no append conflict) take turns, and
    the second reads the first's reading.
    """
    license_number = (
        MaintenanceJob.objects.filter(pk=job_id)
        .values_list("license_number", flat=True)
        .first()
    )
    if license_number is None:
        return None
    list(CachedVehicle.objects.select_for_update().filter(pk=license_number))
    readings = MaintenanceJob.objects.filter(license_number=license_number)
    return readings.aggregate(last=Max("odometer_km"))["last"]


def all_events() -> Iterator[tuple[date, DomainEvent]]:
    """Every stored event of every planning, in the order they were stored."""
    rows = PlanningEvent.objects.order_by("id").values_list(
        "stream_id", "event_type", "payload"
    )
    for stream, event_type, payload in rows.iterator(chunk_size=2000):
        event = WorkshopPlanning.EVENTS[event_type].model_validate(payload)
        yield date.fromisoformat(stream), event
