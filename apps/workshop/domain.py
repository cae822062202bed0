"""The workshop planning: an event-sourced aggregate, one per calendar day.

Pure Python. Command methods check the rules and then trigger stored events;
apply methods only record what an event says, because they also run when the
history is replayed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from functools import singledispatchmethod
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from garage.kernel.errors import NotFoundError, RuleViolationError


class PlanningRuleError(RuleViolationError):
    """A planning rule forbids the command; ``field`` names the input at fault."""

    def __init__(self, message: str, code: str, field: str | None = None) -> None:
        super().__init__(message, code)
        self.field = field


class JobNotFoundError(NotFoundError):
    pass


@dataclass(frozen=True)
class Garage:
    """What the rules need to know about the garage itself."""

    workstations: int
    time_zone: tzinfo


@dataclass(frozen=True)
class Customer:
    customer_id: UUID
    name: str
    telephone_number: str


@dataclass(frozen=True)
class Vehicle:
    """A vehicle as the workshop knows it; ``owner`` is None until known."""

    license_number: str
    brand: str
    type: str
    owner: Customer | None


class Status(StrEnum):
    PLANNED = "Planned"
    FINISHED = "Finished"
    CANCELLED = "Cancelled"


@dataclass
class Job:
    job_id: UUID
    start_time: datetime
    end_time: datetime
    description: str
    customer: Customer
    vehicle: Vehicle
    status: Status = Status.PLANNED
    actual_start_time: datetime | None = None
    actual_end_time: datetime | None = None
    notes: str = ""
    cancel_reason: str = ""

    @property
    def takes_capacity(self) -> bool:
        return self.status is not Status.CANCELLED

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start_time < end and start < self.end_time


class DomainEvent(BaseModel):
    """A stored event of the planning: its persistence format, never published."""

    model_config = ConfigDict(frozen=True)

    schema_version: ClassVar[int] = 1

    @classmethod
    def type_name(cls) -> str:
        return cls.__qualname__


class WorkshopPlanning:
    """The jobs of one calendar day in the workshop, and the rules that guard them.

    Identified by its date. ``version`` counts the events applied so far;
    ``pending`` holds the ones triggered since loading, not yet stored.
    """

    class Created(DomainEvent):
        date: date

    class JobPlanned(DomainEvent):
        job_id: UUID
        start_time: AwareDatetime
        end_time: AwareDatetime
        description: str
        customer_id: UUID
        customer_name: str
        customer_telephone_number: str
        license_number: str
        brand: str
        type: str

    class JobFinished(DomainEvent):
        job_id: UUID
        actual_start_time: AwareDatetime
        actual_end_time: AwareDatetime
        notes: str

    class JobCancelled(DomainEvent):
        job_id: UUID
        reason: str

    EVENTS: ClassVar[dict[str, type[DomainEvent]]]

    def __init__(self, planning_date: date, garage: Garage) -> None:
        self.date = planning_date
        self.garage = garage
        self.jobs: dict[UUID, Job] = {}
        self.version = 0
        self.pending: list[DomainEvent] = []

    @classmethod
    def replay(
        cls, planning_date: date, garage: Garage, history: Iterable[DomainEvent]
    ) -> "WorkshopPlanning":
        planning = cls(planning_date, garage)
        for event in history:
            planning._apply(event)
        return planning

    @property
    def stored_version(self) -> int:
        """The version the planning was loaded at, before ``pending``."""
        return self.version - len(self.pending)

    def job(self, job_id: UUID) -> Job:
        try:
            return self.jobs[job_id]
        except KeyError:
            raise JobNotFoundError(
                f"There is no job {job_id} on the planning of {self.date}."
            ) from None

    def jobs_by_start(self) -> list[Job]:
        return sorted(self.jobs.values(), key=lambda job: (job.start_time, job.job_id))

    # Commands

    def plan_job(
        self,
        job_id: UUID,
        start_time: datetime,
        end_time: datetime,
        vehicle: Vehicle | None,
        license_number: str,
        description: str,
        today: date,
    ) -> Job:
        """Plans a job, if every planning rule allows it, in this order:

        the slot is not empty; it lies on the planning's date (the garage's
        local time); that date is not in the past; the vehicle and its owner
        are known; a workstation is free at every instant of the slot; the
        vehicle has no other job then; the job id is new on this planning.
        """
        self._check_slot(start_time, end_time, "start_time", "end_time")
        self._check_not_past(today)
        vehicle = _known_vehicle(vehicle, license_number)
        self._check_capacity(start_time, end_time)
        self._check_vehicle_free(vehicle, start_time, end_time)
        self._check_new_job_id(job_id)
        if self.version == 0:
            self._trigger(self.Created(date=self.date))
        self._trigger(_job_planned(job_id, start_time, end_time, vehicle, description))
        return self.jobs[job_id]

    def finish_job(
        self,
        job_id: UUID,
        actual_start_time: datetime,
        actual_end_time: datetime,
        notes: str,
    ) -> Job:
        """Records a planned job's actual times and the mechanic's notes.

        The job must exist here and be neither finished nor cancelled; the
        actual slot must not be empty and lie on the planning's date.
        """
        job = self.job(job_id)
        if job.status is Status.FINISHED:
            raise PlanningRuleError(
                "An already finished job can not be finished.", "job_finished"
            )
        if job.status is Status.CANCELLED:
            raise PlanningRuleError(
                "A cancelled job can not be finished.", "job_cancelled"
            )
        self._check_slot(
            actual_start_time, actual_end_time, "actual_start_time", "actual_end_time"
        )
        self._trigger(
            self.JobFinished(
                job_id=job_id,
                actual_start_time=actual_start_time,
                actual_end_time=actual_end_time,
                notes=notes,
            )
        )
        return job

    def cancel_job(self, job_id: UUID, reason: str) -> Job:
        """Cancels a planned job; it no longer takes a workstation."""
        job = self.job(job_id)
        if job.status is Status.FINISHED:
            raise PlanningRuleError(
                "A finished job can not be cancelled.", "job_finished"
            )
        if job.status is Status.CANCELLED:
            raise PlanningRuleError(
                "An already cancelled job can not be cancelled.", "job_cancelled"
            )
        self._trigger(self.JobCancelled(job_id=job_id, reason=reason))
        return job

    # Rules

    def _check_slot(
        self, start: datetime, end: datetime, start_field: str, end_field: str
    ) -> None:
        if not start < end:
            raise PlanningRuleError(
                "The start time must be before the end time.",
                "start_not_before_end",
                end_field,
            )
        zone = self.garage.time_zone
        for moment, name in ((start, start_field), (end, end_field)):
            if moment.astimezone(zone).date() != self.date:
                raise PlanningRuleError(
                    f"A job on the planning of {self.date} must start and end "
                    "on that date.",
                    "not_on_planning_date",
                    name,
                )

    def _check_not_past(self, today: date) -> None:
        if self.date < today:
            raise PlanningRuleError(
                f"The planning of {self.date} is in the past; "
                "jobs can only be planned for today or later.",
                "planning_in_past",
            )

    def _check_capacity(self, start: datetime, end: datetime) -> None:
        running = [job for job in self.jobs.values() if job.takes_capacity]
        busiest, count = _busiest_moment(running, start, end)
        if count >= self.garage.workstations:
            at = busiest.astimezone(self.garage.time_zone).strftime("%H:%M")
            raise PlanningRuleError(
                f"The workshop is fully booked at {at}: all "
                f"{self.garage.workstations} workstations are taken.",
                "workshop_full",
                "start_time",
            )

    def _check_vehicle_free(self, vehicle: Vehicle, start: datetime, end: datetime):
        license_number = vehicle.license_number.upper()
        for job in self.jobs_by_start():
            same = job.vehicle.license_number.upper() == license_number
            if same and job.takes_capacity and job.overlaps(start, end):
                zone = self.garage.time_zone
                raise PlanningRuleError(
                    f"Vehicle {vehicle.license_number} already has a job from "
                    f"{job.start_time.astimezone(zone):%H:%M} to "
                    f"{job.end_time.astimezone(zone):%H:%M}.",
                    "vehicle_busy",
                    "license_number",
                )

    def _check_new_job_id(self, job_id: UUID) -> None:
        if job_id in self.jobs:
            raise PlanningRuleError(
                f"A job with id {job_id} already exists on this planning.",
                "duplicate_job_id",
            )

    # Recording

    def _trigger(self, event: DomainEvent) -> None:
        self._apply(event)
        self.pending.append(event)

    @singledispatchmethod
    def _apply(self, event: DomainEvent) -> None:
        raise TypeError(f"{type(event).__name__} is not a planning event.")

    @_apply.register
    def _(self, event: Created) -> None:
        self.version += 1

    @_apply.register
    def _(self, event: JobPlanned) -> None:
        customer = Customer(
            event.customer_id, event.customer_name, event.customer_telephone_number
        )
        self.jobs[event.job_id] = Job(
            job_id=event.job_id,
            start_time=event.start_time,
            end_time=event.end_time,
            description=event.description,
            customer=customer,
            vehicle=Vehicle(event.license_number, event.brand, event.type, customer),
        )
        self.version += 1

    @_apply.register
    def _(self, event: JobFinished) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.FINISHED
        job.actual_start_time = event.actual_start_time
        job.actual_end_time = event.actual_end_time
        job.notes = event.notes
        self.version += 1

    @_apply.register
    def _(self, event: JobCancelled) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.CANCELLED
        job.cancel_reason = event.reason
        self.version += 1


WorkshopPlanning.EVENTS = {
    event_class.type_name(): event_class
    for event_class in (
        WorkshopPlanning.Created,
        WorkshopPlanning.JobPlanned,
        WorkshopPlanning.JobFinished,
        WorkshopPlanning.JobCancelled,
    )
}


def _known_vehicle(vehicle: Vehicle | None, license_number: str) -> Vehicle:
    if vehicle is None:
        raise PlanningRuleError(
            f"Vehicle {license_number.upper()} is not known to the workshop.",
            "unknown_vehicle",
            "license_number",
        )
    if vehicle.owner is None:
        raise PlanningRuleError(
            f"The owner of vehicle {vehicle.license_number} is not known to the "
            "workshop yet.",
            "unknown_owner",
            "license_number",
        )
    return vehicle


def _busiest_moment(
    jobs: Iterable[Job], start: datetime, end: datetime
) -> tuple[datetime, int]:
    """The first moment in [start, end) with the most of ``jobs`` running, and
    how many run then: a sweep over the slot's start and end points."""
    points: list[tuple[datetime, int]] = []
    for job in jobs:
        if job.overlaps(start, end):
            points.append((max(job.start_time, start), 1))
            points.append((min(job.end_time, end), -1))
    # At equal times ends (-1) sort before starts (+1): slots are half-open.
    points.sort()
    busiest, most, running = start, 0, 0
    for moment, step in points:
        running += step
        if running > most:
            busiest, most = moment, running
    return busiest, most


def _job_planned(
    job_id: UUID,
    start_time: datetime,
    end_time: datetime,
    vehicle: Vehicle,
    description: str,
) -> WorkshopPlanning.JobPlanned:
    owner = vehicle.owner
    assert owner is not None
    return WorkshopPlanning.JobPlanned(
        job_id=job_id,
        start_time=start_time,
        end_time=end_time,
        description=description,
        customer_id=owner.customer_id,
        customer_name=owner.name,
        customer_telephone_number=owner.telephone_number,
        license_number=vehicle.license_number,
        brand=vehicle.brand,
        type=vehicle.type,
    )
