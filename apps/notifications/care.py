"""Each vehicle's service due date, kept in step with its readings and
services (``domain.service`` reckons it); stored on the vehicle, so that the
day passing and the service-due page read one indexed column."""

from collections.abc import Iterable

from django.conf import settings

from . import domain
from .models import Job, OdometerReading, Vehicle


def interval() -> domain.Interval:
    return domain.Interval(
        settings.SERVICE_INTERVAL_MONTHS, settings.SERVICE_INTERVAL_KM
    )


def vehicle_of(job: Job) -> Vehicle:
    """The job's vehicle, locked: a reading and a service of one vehicle may
    arrive at once, and each saves the due date it reckons. One first known
    from a job belongs to its customer until ``VehicleRegistered`` says
    otherwise."""
    Vehicle.objects.get_or_create(
        license_number=job.license_number,
        defaults={"brand": job.brand, "type": job.type, "owner_id": job.customer_id},
    )
    return Vehicle.objects.select_for_update().get(pk=job.license_number)


def refresh_due(vehicle: Vehicle, readings: Iterable[OdometerReading] | None = None):
    """Reckons the vehicle's due date again and saves it."""
    if readings is None:
        readings = OdometerReading.objects.filter(license_number=vehicle.pk)
    reckon(vehicle, readings)
    vehicle.save()


def reckon(vehicle: Vehicle, readings: Iterable[OdometerReading]) -> None:
    """Sets the due fields of ``vehicle`` (unsaved) from its last service and
    ``readings``."""
    known = [domain.Reading(r.day, r.km) for r in readings]
    used = interval()
    due = domain.next_service(vehicle.last_service_on, known, used)
    vehicle.due_on = due and due.on
    vehicle.due_reason = due.reason.value if due else ""
    vehicle.km_per_day = due and due.km_per_day
    vehicle.service_km = due and due.service_km
    vehicle.due_basis = used.basis


def refresh_stale() -> int:
    """Reckons again each vehicle whose due date was reckoned with other
    intervals (the settings changed); returns how many."""
    basis = interval().basis
    stale = Vehicle.objects.exclude(due_basis=basis).filter(
        last_service_on__isnull=False
    )
    count = 0
    for vehicle in stale.iterator(chunk_size=2000):
        refresh_due(vehicle)
        count += 1
    return count
