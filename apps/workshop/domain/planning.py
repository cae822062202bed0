"""The workshop planning: an event-sourced aggregate, one per calendar day.

Command methods check the rules, then trigger stored events; apply methods only
record what an event says, because they also run when the history is replayed.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from functools import singledispatchmethod
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime

from . import progress, rules
from .model import (
    CENT,
    Garage,
    Job,
    JobNotFoundError,
    PartLine,
    Status,
    Vehicle,
    hours_between,
)
from .progress import Step
from .stored import DomainEvent, JobDetails, details, job_from


class WorkshopPlanning:
    """The jobs of one calendar day in the workshop, and the rules that guard them.

    Identified by its date. ``version`` counts the events applied so far;
    ``pending`` holds the ones triggered since loading, not yet stored.
    """

    class Created(DomainEvent):
        date: date

    class JobPlanned(JobDetails):
        pass

    class JobCheckedIn(DomainEvent):
        """The reading is the vehicle's, hence its license number."""

        job_id: UUID
        license_number: str
        odometer_km: int
        at: AwareDatetime

    class JobStarted(DomainEvent):
        job_id: UUID
        workstation: str
        mechanic: str
        at: AwareDatetime

    class JobWaitingForParts(DomainEvent):
        job_id: UUID
        reason: str

    class JobFinished(DomainEvent):
        """Schema 2 adds the labour hours and the parts. A schema-1 event
        (release 1) decodes without parts and with ``labour_hours`` None,
        which means the actual duration."""

        schema_version: ClassVar[int] = 2

        job_id: UUID
        actual_start_time: AwareDatetime
        actual_end_time: AwareDatetime
        notes: str
        labour_hours: Decimal | None = None
        parts: tuple[PartLine, ...] = ()

        @property
        def hours(self) -> Decimal:
            if self.labour_hours is not None:
                return self.labour_hours
            return hours_between(self.actual_start_time, self.actual_end_time)

    class JobCancelled(DomainEvent):
        job_id: UUID
        reason: str

    class JobRescheduled(DomainEvent):
        """To another slot on the same planning."""

        job_id: UUID
        start_time: AwareDatetime
        end_time: AwareDatetime

    class JobMovedOut(DomainEvent):
        """Rescheduled to the planning of ``to_date``, which records JobMovedIn."""

        job_id: UUID
        to_date: date
        start_time: AwareDatetime
        end_time: AwareDatetime

    class JobMovedIn(JobDetails):
        """Rescheduled here from the planning of ``from_date``, with all the
        job's details, so this planning replays without that one."""

        from_date: date

    EVENTS: ClassVar[dict[str, type[DomainEvent]]]
    # Each event class's apply method, looked up once: a replay applies
    # hundreds of events, and singledispatchmethod binds and dispatches on
    # every call (a third of the replay's time, measured on 600 events).
    APPLIERS: ClassVar[dict[type[DomainEvent], Callable[..., None]]]

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
        appliers = cls.APPLIERS
        for event in history:
            try:
                apply = appliers[type(event)]
            except KeyError:
                planning._apply(event)  # refuses what is no planning event
            else:
                apply(planning, event)
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

    # Commands: planning

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
        its own job id) changes nothing and returns the job. A job id already
        on the planning with other details is refused as such before any other
        rule, so a retry gets one answer whatever the planning looks like now.
        """
        planned = self.jobs.get(job_id)
        if planned and planned.is_planned_as(
            start_time, end_time, license_number, description
        ):
            return planned
        rules.check_new_job_id(self.jobs, job_id)
        rules.check_slot(self.date, self.garage, start_time, end_time)
        rules.check_not_past(self.date, today)
        vehicle = rules.known_vehicle(vehicle, license_number)
        jobs = self.jobs.values()
        rules.check_capacity(jobs, self.garage, start_time, end_time)
        rules.check_vehicle_free(jobs, self.garage, vehicle, start_time, end_time)
        self._open()
        self._trigger(
            self.JobPlanned(
                **details(job_id, start_time, end_time, vehicle, description)
            )
        )
        return self.jobs[job_id]

    def reschedule_job(
        self,
        job_id: UUID,
        start_time: datetime,
        end_time: datetime,
        today: date,
        to: "WorkshopPlanning | None" = None,
    ) -> Job:
        """Moves a planned job to another slot: on this planning, or on ``to``,
        the planning of another day. Then this planning records that the job
        left (JobMovedOut) and ``to`` that it arrived with all its details
        (JobMovedIn); the caller stores both in one transaction.

        Checked like planning (rules 1-3, 5 and 6), the job itself not counted:
        the slot is not empty and lies on the new date; that date is not in the
        past; a workstation is free at every instant of the slot; the vehicle
        has no other job then. The job keeps its id. The same slot again
        changes nothing.
        """
        target = self if to is None or to.date == self.date else to
        job = self.job(job_id)
        progress.check_step(job, Step.RESCHEDULE)
        rules.check_slot(target.date, self.garage, start_time, end_time)
        rules.check_not_past(target.date, today, field="planning_date")
        others = [other for other in target.jobs.values() if other.job_id != job_id]
        rules.check_capacity(others, self.garage, start_time, end_time)
        rules.check_vehicle_free(others, self.garage, job.vehicle, start_time, end_time)
        if target is not self:
            return self._move(job, target, start_time, end_time)
        if (start_time, end_time) != (job.start_time, job.end_time):
            self._trigger(
                self.JobRescheduled(
                    job_id=job_id, start_time=start_time, end_time=end_time
                )
            )
        return job

    def _move(
        self,
        job: Job,
        target: "WorkshopPlanning",
        start_time: datetime,
        end_time: datetime,
    ) -> Job:
        rules.check_new_job_id(target.jobs, job.job_id)
        self._trigger(
            self.JobMovedOut(
                job_id=job.job_id,
                to_date=target.date,
                start_time=start_time,
                end_time=end_time,
            )
        )
        target._open()
        target._trigger(
            self.JobMovedIn(
                **details(
                    job.job_id, start_time, end_time, job.vehicle, job.description
                ),
                from_date=self.date,
            )
        )
        return target.jobs[job.job_id]

    # Commands: the job's day

    def check_in_vehicle(
        self, job_id: UUID, odometer_km: int, at: datetime, last_reading: int | None
    ) -> Job:
        """Records a planned job's vehicle arriving: its odometer, in whole km,
        not below ``last_reading``, the last one the workshop holds for it."""
        job = self.job(job_id)
        progress.check_step(job, Step.CHECK_IN)
        progress.check_odometer(job, odometer_km, last_reading)
        self._trigger(
            self.JobCheckedIn(
                job_id=job_id,
                license_number=job.vehicle.license_number,
                odometer_km=odometer_km,
                at=at,
            )
        )
        return job

    def start_work(
        self, job_id: UUID, workstation: str, mechanic: str, at: datetime
    ) -> Job:
        """A mechanic starts a checked-in job, or one whose parts arrived, in a
        bay of the garage that no other job of this day is in progress in."""
        job = self.job(job_id)
        progress.check_step(job, Step.START)
        progress.check_required(
            mechanic, "The mechanic's name", "mechanic_required", "mechanic"
        )
        bay = progress.known_bay(self.garage, workstation)
        progress.check_bay_free(self.jobs.values(), bay)
        self._trigger(
            self.JobStarted(
                job_id=job_id, workstation=bay, mechanic=mechanic.strip(), at=at
            )
        )
        return job

    def wait_for_parts(self, job_id: UUID, reason: str) -> Job:
        """Puts a job in progress on hold until its parts arrive; its bay is
        free meanwhile."""
        job = self.job(job_id)
        progress.check_step(job, Step.WAIT_FOR_PARTS)
        progress.check_required(reason, "A reason", "reason_required", "reason")
        self._trigger(self.JobWaitingForParts(job_id=job_id, reason=reason))
        return job

    def finish_job(
        self,
        job_id: UUID,
        actual_start_time: datetime,
        actual_end_time: datetime,
        notes: str,
        labour_hours: Decimal | None = None,
        parts: Sequence[PartLine] = (),
    ) -> Job:
        """Records the actual times, the mechanic's notes, the labour hours
        (None: the actual duration) and the parts used; hours and prices
        in hundredths.

        The job must exist here and be neither finished nor cancelled; the
        actual slot must not be empty and lie on the planning's date; labour
        hours are 0 or more; each part has a description, a quantity above 0
        and a unit price of 0 or more, both to the hundredth.
        """
        job = self.job(job_id)
        progress.check_step(job, Step.FINISH)
        rules.check_slot(
            self.date,
            self.garage,
            actual_start_time,
            actual_end_time,
            fields=("actual_start_time", "actual_end_time"),
        )
        progress.check_labour_hours(labour_hours)
        progress.check_parts(parts)
        self._trigger(
            self.JobFinished(
                job_id=job_id,
                actual_start_time=actual_start_time,
                actual_end_time=actual_end_time,
                notes=notes,
                # None: the actual duration, which invoicing bills exactly
                labour_hours=None
                if labour_hours is None
                else labour_hours.quantize(CENT),
                parts=tuple(
                    replace(part, unit_price=part.unit_price.quantize(CENT))
                    for part in parts
                ),
            )
        )
        return job

    def cancel_job(self, job_id: UUID, reason: str) -> Job:
        """Cancels a job not yet started; it no longer takes a workstation."""
        job = self.job(job_id)
        progress.check_step(job, Step.CANCEL)
        progress.check_required(reason, "A reason", "reason_required", "reason")
        self._trigger(self.JobCancelled(job_id=job_id, reason=reason))
        return job

    # Recording

    def _open(self) -> None:
        """The first event of a day's planning says it was created."""
        if self.version == 0:
            self._trigger(self.Created(date=self.date))

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
        self.jobs[event.job_id] = job_from(event)
        self.version += 1

    @_apply.register
    def _(self, event: JobCheckedIn) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.CHECKED_IN
        job.odometer_km, job.checked_in_at = event.odometer_km, event.at
        self.version += 1

    @_apply.register
    def _(self, event: JobStarted) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.IN_PROGRESS
        job.workstation, job.mechanic = event.workstation, event.mechanic
        job.started_at, job.waiting_reason = event.at, ""
        self.version += 1

    @_apply.register
    def _(self, event: JobWaitingForParts) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.WAITING_FOR_PARTS
        job.waiting_reason, job.workstation = event.reason, ""
        self.version += 1

    @_apply.register
    def _(self, event: JobFinished) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.FINISHED
        job.actual_start_time = event.actual_start_time
        job.actual_end_time = event.actual_end_time
        job.notes, job.labour_hours, job.parts = event.notes, event.hours, event.parts
        self.version += 1

    @_apply.register
    def _(self, event: JobCancelled) -> None:
        job = self.jobs[event.job_id]
        job.status = Status.CANCELLED
        job.cancel_reason = event.reason
        self.version += 1

    @_apply.register
    def _(self, event: JobRescheduled) -> None:
        job = self.jobs[event.job_id]
        job.start_time, job.end_time = event.start_time, event.end_time
        self.version += 1

    @_apply.register
    def _(self, event: JobMovedOut) -> None:
        del self.jobs[event.job_id]
        self.version += 1

    @_apply.register
    def _(self, event: JobMovedIn) -> None:
        self.jobs[event.job_id] = job_from(event)
        self.version += 1


WorkshopPlanning.EVENTS = {
    event_class.type_name(): event_class
    for event_class in (
        WorkshopPlanning.Created,
        WorkshopPlanning.JobPlanned,
        WorkshopPlanning.JobCheckedIn,
        WorkshopPlanning.JobStarted,
        WorkshopPlanning.JobWaitingForParts,
        WorkshopPlanning.JobFinished,
        WorkshopPlanning.JobCancelled,
        WorkshopPlanning.JobRescheduled,
        WorkshopPlanning.JobMovedOut,
        WorkshopPlanning.JobMovedIn,
    )
}

WorkshopPlanning.APPLIERS = {
    event_class: WorkshopPlanning.__dict__["_apply"].dispatcher.dispatch(event_class)
    for event_class in WorkshopPlanning.EVENTS.values()
}
