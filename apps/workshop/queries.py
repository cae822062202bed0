"""The workshop's read side, for its pages and its API."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import singledispatch
from typing import Any
from uuid import UUID

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Replace
from django.utils import timezone

from garage.kernel.errors import NotFoundError

from .domain import DomainEvent, WorkshopPlanning
from .domain.stored import JobDetails
from .models import BusinessDay, Customer, MaintenanceJob, PlanningEvent, Vehicle
from .repository import stream_id


def get_planning(planning_date: date) -> list[MaintenanceJob]:
    """The day's jobs, by start time."""
    return list(
        MaintenanceJob.objects.filter(planning_date=planning_date).order_by(
            "start_time", "job_id"
        )
    )


class JobMovedError(NotFoundError):
    """The job is not on that planning: it was rescheduled to ``planning_date``."""

    def __init__(self, job: MaintenanceJob, left: date) -> None:
        super().__init__(
            f"The job {job.job_id} is not on the planning of {left} any more: "
            f"it was rescheduled to {job.planning_date}."
        )
        self.planning_date = job.planning_date


def get_job(planning_date: date, job_id: UUID) -> MaintenanceJob:
    job = MaintenanceJob.objects.filter(job_id=job_id).first()
    if job is None:
        raise NotFoundError(
            f"There is no job {job_id} on the planning of {planning_date}."
        )
    if job.planning_date != planning_date:
        raise JobMovedError(job, planning_date)
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
    """The vehicle from the workshop's cache, its license typed in any case
    and with or without its dashes (12ab34 is 12-AB-34), as the customers'
    pages and API read it."""
    typed = license_number.upper()
    vehicle = Vehicle.objects.filter(pk=typed).first()
    if vehicle is None:
        plain = Replace("license_number", Value("-"), Value(""))
        undashed = Vehicle.objects.annotate(plain=plain)
        vehicle = undashed.filter(plain=typed.replace("-", "")).first()
    return vehicle


def get_business_day() -> date | None:
    """The latest business day that has begun, as far as the workshop heard."""
    return BusinessDay.objects.aggregate(latest=Max("date"))["latest"]


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


@dataclass(frozen=True)
class PlanningStep:
    """One stored event of a day's planning in the garage's words: what
    happened (``event``) to which job (``job``: its vehicle and description),
    its ``details``, when it was recorded (``at``) and by whom (``by``)."""

    version: int
    event: str
    job: str
    details: str
    at: datetime
    by: str


def get_planning_history(planning_date: date) -> list[PlanningStep]:
    """Every event stored on the day's planning, oldest first."""
    rows = PlanningEvent.objects.filter(stream_id=stream_id(planning_date))
    jobs: dict[UUID, str] = {}  # told by the events that carry the job's details
    steps = []
    for row in rows.order_by("version"):
        event = WorkshopPlanning.EVENTS[row.event_type].model_validate(row.payload)
        if isinstance(event, JobDetails):
            jobs[event.job_id] = _job_words(event)
        what, details = _on_the_planning(event, planning_date)
        job = jobs.get(getattr(event, "job_id", None), "")
        by = _by(row.metadata)
        steps.append(PlanningStep(row.version, what, job, details, row.recorded_at, by))
    return steps


def _job_words(event: JobDetails) -> str:
    return f"{event.brand} {event.type} [{event.license_number}]: {event.description}"


def _on_the_planning(event: DomainEvent, day: date) -> tuple[str, str]:
    if isinstance(event, WorkshopPlanning.Created):
        return "Planning opened", "with the day's first job"
    if isinstance(event, WorkshopPlanning.JobMovedOut):
        slot = _slot(event.start_time, event.end_time)
        return "Rescheduled", f"to {event.to_date:%Y-%m-%d}, {slot}"
    return _describe(event, day) or (type(event).__name__, "")


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a job: ``event`` in the garage's words, its ``details``,
    when it was recorded (``at``) and by whom (``by``: a username, "system",
    or "" for an event recorded before release 2 kept that)."""

    event: str
    details: str
    at: datetime
    by: str


def get_job_history(planning_date: date, job_id: UUID) -> list[HistoryEntry]:
    """The job's steps, oldest first, from the event store: those on this
    planning and, for a job rescheduled here, those on the days it came from."""
    rows: list[PlanningEvent] = []
    left: dict[date, list[PlanningEvent]] = {}
    day: date | None = planning_date
    while day is not None:
        if day not in left:
            left[day] = list(_events_of(day, job_id))
        stay = _last_stay(left[day])
        rows[:0] = stay
        arrival = stay[0] if stay else None
        moved_in = arrival and arrival.event_type == MOVED_IN
        day = date.fromisoformat(arrival.payload["from_date"]) if moved_in else None
    return [entry for row in rows if (entry := _entry(row)) is not None]


MOVED_IN = WorkshopPlanning.JobMovedIn.type_name()


def _events_of(day: date, job_id: UUID):
    return PlanningEvent.objects.filter(
        stream_id=stream_id(day), payload__job_id=str(job_id)
    ).order_by("version")


def _last_stay(rows: list[PlanningEvent]) -> list[PlanningEvent]:
    """Takes the job's last stay off ``rows``: from its last arrival there (or
    its planning) on. A job moved away and back stays on one day twice."""
    start = max(
        (n for n, row in enumerate(rows) if row.event_type == MOVED_IN), default=0
    )
    stay = rows[start:]
    del rows[start:]
    return stay


def _entry(row: PlanningEvent) -> HistoryEntry | None:
    event = WorkshopPlanning.EVENTS[row.event_type].model_validate(row.payload)
    words = _describe(event, date.fromisoformat(row.stream_id))
    if words is None:
        return None
    return HistoryEntry(*words, at=row.recorded_at, by=_by(row.metadata))


def _by(metadata: dict[str, Any]) -> str:
    user = metadata.get("user", "")
    return user["username"] if isinstance(user, dict) else user


def _slot(start: datetime, end: datetime) -> str:
    return f"{timezone.localtime(start):%H:%M}–{timezone.localtime(end):%H:%M}"


@singledispatch
def _describe(event: DomainEvent, day: date) -> tuple[str, str] | None:
    """A step in the garage's words; None for one the history leaves out (the
    planning created, the job leaving a day: its arrival says it all)."""
    return None


@_describe.register
def _(event: WorkshopPlanning.JobPlanned, day: date) -> tuple[str, str]:
    return "Planned", f"{day:%Y-%m-%d}, {_slot(event.start_time, event.end_time)}"


@_describe.register
def _(event: WorkshopPlanning.JobRescheduled, day: date) -> tuple[str, str]:
    return "Rescheduled", f"to {_slot(event.start_time, event.end_time)}"


@_describe.register
def _(event: WorkshopPlanning.JobMovedIn, day: date) -> tuple[str, str]:
    slot = _slot(event.start_time, event.end_time)
    return "Rescheduled", f"from {event.from_date:%Y-%m-%d} to {day:%Y-%m-%d}, {slot}"


@_describe.register
def _(event: WorkshopPlanning.JobCheckedIn, day: date) -> tuple[str, str]:
    return "Checked in", f"odometer {event.odometer_km:,} km"


@_describe.register
def _(event: WorkshopPlanning.JobStarted, day: date) -> tuple[str, str]:
    return "Work started", f"in {event.workstation} by {event.mechanic}"


@_describe.register
def _(event: WorkshopPlanning.JobWaitingForParts, day: date) -> tuple[str, str]:
    return "Waiting for parts", event.reason


@_describe.register
def _(event: WorkshopPlanning.JobFinished, day: date) -> tuple[str, str]:
    slot = _slot(event.actual_start_time, event.actual_end_time)
    parts = len(event.parts)
    return "Finished", (
        f"{slot}, {event.hours} labour hours, {parts} part{'s' if parts != 1 else ''}"
    )


@_describe.register
def _(event: WorkshopPlanning.JobCancelled, day: date) -> tuple[str, str]:
    return "Cancelled", event.reason


# ---------------------------------------------------------------------------
# A vehicle's history (SPEC 17): its jobs, newest first
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VehicleHistory:
    """The vehicle as the workshop knows it (None if only its jobs do), its
    license as stored, and its jobs, newest first."""

    vehicle: Vehicle | None
    license_number: str
    jobs: QuerySet[MaintenanceJob]


def get_vehicle_history(license_number: str) -> VehicleHistory:
    """Every job of the vehicle, newest first, with its odometer reading,
    notes and parts; ``NotFoundError`` for a vehicle the workshop has neither
    heard of nor worked on."""
    vehicle = find_vehicle(license_number)
    license_number = vehicle.license_number if vehicle else license_number.upper()
    jobs = MaintenanceJob.objects.filter(license_number=license_number).order_by(
        "-start_time", "-job_id"
    )
    if vehicle is None and not jobs.exists():
        raise NotFoundError(f"The workshop knows no vehicle {license_number}.")
    return VehicleHistory(vehicle, license_number, jobs)
