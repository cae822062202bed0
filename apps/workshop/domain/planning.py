"""The workshop planning: an event-sourced aggregate, one per calendar day.

Command methods check the rules, then trigger stored events; apply methods only
record what an event says, because they also run when the history is replayed.
"""

from collections.abc import Iterable
from datetime import date, datetime
from functools import singledispatchmethod
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from . import rules
from .model import Customer, Garage, Job, JobNotFoundError, Status, Vehicle


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

        Planning a job again exactly as it was planned (a client retrying with
        its own job id) changes nothing and returns the job.
        """
        planned = self.jobs.get(job_id)
        if planned and planned.is_planned_as(
            start_time, end_time, license_number, description
        ):
            return planned
        rules.check_slot(self.date, self.garage, start_time, end_time)
        rules.check_not_past(self.date, today)
        vehicle = rules.known_vehicle(vehicle, license_number)
        jobs = self.jobs.values()
        rules.check_capacity(jobs, self.garage, start_time, end_time)
        rules.check_vehicle_free(jobs, self.garage, vehicle, start_time, end_time)
        rules.check_new_job_id(self.jobs, job_id)
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
        rules.check_can_finish(job)
        rules.check_slot(
            self.date,
            self.garage,
            actual_start_time,
            actual_end_time,
            fields=("actual_start_time", "actual_end_time"),
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
        rules.check_can_cancel(job)
        self._trigger(self.JobCancelled(job_id=job_id, reason=reason))
        return job

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
