"""Events as the other contexts would publish them, for the back office's tests."""

import uuid
from datetime import date, datetime, time

from django.utils import timezone

from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.workshop.events import (
    JobCustomer,
    JobVehicle,
    MaintenanceJobCancelled,
    MaintenanceJobCheckedIn,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
    MaintenanceJobRescheduled,
)


def at(day: date, hh_mm: str) -> datetime:
    """``hh_mm`` on ``day``, garage time."""
    return timezone.make_aware(
        datetime.combine(day, time.fromisoformat(hh_mm)),
        timezone.get_default_timezone(),
    )


def customer_registered(name: str = "Ann Smith", **fields) -> CustomerRegistered:
    first_name = name.split()[0].lower()
    return CustomerRegistered(
        **{
            "customer_id": uuid.uuid4(),
            "name": name,
            "address": "Keizersgracht 1",
            "postal_code": "1015 AA",
            "city": "Amsterdam",
            "telephone_number": "+31 20 123 4567",
            "email_address": f"{first_name}@example.com",
            **fields,
        }
    )


def job_planned(
    customer: CustomerRegistered,
    day: date,
    start: str = "08:00",
    end: str = "10:00",
    description: str = "Oil change",
    license_number: str = "12-AB-34",
) -> MaintenanceJobPlanned:
    return MaintenanceJobPlanned(
        job_id=uuid.uuid4(),
        planning_date=day,
        start_time=at(day, start),
        end_time=at(day, end),
        description=description,
        customer=JobCustomer(
            customer_id=customer.customer_id,
            name=customer.name,
            telephone_number=customer.telephone_number,
        ),
        vehicle=JobVehicle(
            license_number=license_number, brand="Volkswagen", type="Golf"
        ),
    )


def job_finished(
    job: MaintenanceJobPlanned, start: str | None = None, end: str | None = None
) -> MaintenanceJobFinished:
    day = job.planning_date
    return MaintenanceJobFinished(
        job_id=job.job_id,
        planning_date=day,
        actual_start_time=at(day, start) if start else job.start_time,
        actual_end_time=at(day, end) if end else job.end_time,
        notes="All done.",
    )


def job_cancelled(job: MaintenanceJobPlanned) -> MaintenanceJobCancelled:
    return MaintenanceJobCancelled(
        job_id=job.job_id, planning_date=job.planning_date, reason="Customer called."
    )


def vehicle_registered(
    owner: CustomerRegistered, license_number: str = "12-AB-34"
) -> VehicleRegistered:
    return VehicleRegistered(
        license_number=license_number,
        brand="Volkswagen",
        type="Golf",
        owner_id=owner.customer_id,
    )


def job_checked_in(job: MaintenanceJobPlanned, km: int) -> MaintenanceJobCheckedIn:
    return MaintenanceJobCheckedIn(
        job_id=job.job_id,
        planning_date=job.planning_date,
        license_number=job.vehicle.license_number,
        odometer_km=km,
        at=job.start_time,
    )


def job_rescheduled(
    job: MaintenanceJobPlanned, day: date, start: str = "08:00", end: str = "10:00"
) -> MaintenanceJobRescheduled:
    return MaintenanceJobRescheduled(
        job_id=job.job_id,
        from_date=job.planning_date,
        planning_date=day,
        start_time=at(day, start),
        end_time=at(day, end),
    )
