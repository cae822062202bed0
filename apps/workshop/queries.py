"""The workshop's read side, for its pages and its API."""

from datetime import date
from uuid import UUID

from django.db.models import OuterRef, Q, Subquery

from garage.kernel.errors import NotFoundError

from .models import Customer, MaintenanceJob, PlanningEvent, Vehicle
from .repository import stream_id


def get_planning(planning_date: date) -> list[MaintenanceJob]:
    """The day's jobs, by start time."""
    return list(
        MaintenanceJob.objects.filter(planning_date=planning_date).order_by(
            "start_time", "job_id"
        )
    )


def get_job(planning_date: date, job_id: UUID) -> MaintenanceJob:
    job = MaintenanceJob.objects.filter(
        planning_date=planning_date, job_id=job_id
    ).first()
    if job is None:
        raise NotFoundError(
            f"There is no job {job_id} on the planning of {planning_date}."
        )
    return job


def list_customer_jobs(customer_id: UUID) -> list[MaintenanceJob]:
    return list(
        MaintenanceJob.objects.filter(customer_id=customer_id).order_by("-start_time")
    )


def list_vehicle_jobs(license_number: str) -> list[MaintenanceJob]:
    return list(
        MaintenanceJob.objects.filter(license_number=license_number.upper()).order_by(
            "-start_time"
        )
    )


def find_customer(customer_id: UUID) -> Customer | None:
    return Customer.objects.filter(pk=customer_id).first()


def find_vehicle(license_number: str) -> Vehicle | None:
    return Vehicle.objects.filter(pk=license_number.upper()).first()


def list_vehicle_choices(
    search: str = "", selected: str = "", limit: int = 50
) -> list[tuple[str, str]]:
    """(license number, label) of at most ``limit`` vehicles matching ``search``
    (part of a license, brand, type or owner's name), plus ``selected``."""
    vehicles = Vehicle.objects.annotate(
        owner_name=Subquery(
            Customer.objects.filter(pk=OuterRef("owner_id")).values("name")[:1]
        )
    ).order_by("license_number")
    matching = vehicles
    if term := search.strip():
        matching = vehicles.filter(
            Q(license_number__icontains=term)
            | Q(brand__icontains=term)
            | Q(type__icontains=term)
            | Q(owner_name__icontains=term)
        )
    chosen = list(matching[:limit])
    if selected and all(v.license_number != selected.upper() for v in chosen):
        chosen += vehicles.filter(pk=selected.upper())
    return [(v.license_number, f"{v} · {v.owner_name or '?'}") for v in chosen]


def get_planning_history(planning_date: date) -> list[PlanningEvent]:
    return list(
        PlanningEvent.objects.filter(stream_id=stream_id(planning_date)).order_by(
            "version"
        )
    )
