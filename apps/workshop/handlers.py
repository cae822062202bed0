"""The workshop's command handlers, and the translation from the planning's
stored events to the events it publishes.

Every handler takes the command and who gives it (``actor``, the system
unless said): the metadata of each stored event records both.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import singledispatch
from uuid import uuid4

from garage.kernel import bus, eventstore
from garage.kernel.messages import Envelope, Event

from . import clock, projections, repository
from .commands import (
    SYSTEM,
    Actor,
    CancelMaintenanceJob,
    CheckInVehicle,
    Command,
    FinishMaintenanceJob,
    PlanMaintenanceJob,
    RescheduleMaintenanceJob,
    StartWork,
    WaitForParts,
)
from .domain import DomainEvent, Job, PartLine, WorkshopPlanning
from .events import (
    JobCustomer,
    JobPart,
    JobVehicle,
    MaintenanceJobCancelled,
    MaintenanceJobCheckedIn,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
    MaintenanceJobRescheduled,
    MaintenanceJobStarted,
    MaintenanceJobWaitingForParts,
    WorkshopPlanningCreated,
)


@dataclass(frozen=True)
class Outcome:
    """A command's result: the job as it now is, and what was published.

    The read model already shows it: the projection ran in the command's
    transaction.
    """

    job: Job
    envelopes: list[Envelope]


# Command handlers


def plan_maintenance_job(command: PlanMaintenanceJob, actor: Actor = SYSTEM) -> Outcome:
    job_id = command.job_id or uuid4()

    def decide(planning: WorkshopPlanning) -> Job:
        return planning.plan_job(
            job_id,
            command.start_time,
            command.end_time,
            repository.vehicle(command.license_number),
            command.license_number,
            command.description,
            today=clock.today(),
        )

    return _execute(command, actor, decide)


def reschedule_maintenance_job(
    command: RescheduleMaintenanceJob, actor: Actor = SYSTEM
) -> Outcome:
    """Within a day, or to another day: then both plannings are loaded, and
    both appends (each checking its stream's version) share one transaction."""
    days = [command.planning_date]
    if command.new_planning_date != command.planning_date:
        days.append(command.new_planning_date)

    def decide(source: WorkshopPlanning, target: WorkshopPlanning | None = None) -> Job:
        return source.reschedule_job(
            command.job_id,
            command.start_time,
            command.end_time,
            today=clock.today(),
            to=target,
        )

    return _execute(command, actor, decide, days)


def check_in_vehicle(command: CheckInVehicle, actor: Actor = SYSTEM) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.check_in_vehicle(
            command.job_id,
            command.odometer_km,
            command.at,
            last_reading=repository.last_odometer_km(command.job_id),
        )

    return _execute(command, actor, decide)


def start_work(command: StartWork, actor: Actor = SYSTEM) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.start_work(
            command.job_id, command.workstation, command.mechanic, command.at
        )

    return _execute(command, actor, decide)


def wait_for_parts(command: WaitForParts, actor: Actor = SYSTEM) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.wait_for_parts(command.job_id, command.reason)

    return _execute(command, actor, decide)


def finish_maintenance_job(
    command: FinishMaintenanceJob, actor: Actor = SYSTEM
) -> Outcome:
    parts = [
        PartLine(part.description, part.quantity, part.unit_price)
        for part in command.parts
    ]

    def decide(planning: WorkshopPlanning) -> Job:
        return planning.finish_job(
            command.job_id,
            command.actual_start_time,
            command.actual_end_time,
            command.notes,
            command.labour_hours,
            parts,
        )

    return _execute(command, actor, decide)


def cancel_maintenance_job(
    command: CancelMaintenanceJob, actor: Actor = SYSTEM
) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.cancel_job(command.job_id, command.reason)

    return _execute(command, actor, decide)


def _execute(
    command: Command,
    actor: Actor,
    decide: Callable[..., Job],
    days: list[date] | None = None,
) -> Outcome:
    """Loads the plannings of ``days`` (the command's own by default), decides,
    appends, projects and publishes in one transaction; again on fresh state
    when another writer got to any of them first."""
    metadata = {"command": type(command).__name__, **actor.as_metadata()}

    def attempt() -> Outcome:
        plannings = [repository.load(day) for day in days or [command.planning_date]]
        job = decide(*plannings)
        # One order of appends for every command: two moves between the same
        # two days then wait for each other instead of deadlocking.
        events = [
            (planning.date, event)
            for planning in sorted(plannings, key=lambda planning: planning.date)
            for event in repository.save(planning, metadata)
        ]
        projections.project(events)
        return Outcome(job, bus.publish(*public_events(events)))

    return eventstore.retrying(attempt)


# Stored events -> published events


def public_events(stored: Iterable[tuple[date, DomainEvent]]) -> list[Event]:
    """What the other contexts are told of newly stored events; the half of a
    move that the planning a job left records tells them nothing."""
    events = (public_event(event, planning_date) for planning_date, event in stored)
    return [event for event in events if event is not None]


@singledispatch
def public_event(event: DomainEvent, planning_date: date) -> Event | None:
    raise TypeError(f"{type(event).__name__} has no public counterpart.")


@public_event.register
def _(event: WorkshopPlanning.Created, planning_date: date) -> Event:
    return WorkshopPlanningCreated(date=event.date)


@public_event.register
def _(event: WorkshopPlanning.JobPlanned, planning_date: date) -> Event:
    return MaintenanceJobPlanned(
        job_id=event.job_id,
        planning_date=planning_date,
        start_time=event.start_time,
        end_time=event.end_time,
        description=event.description,
        customer=JobCustomer(
            customer_id=event.customer_id,
            name=event.customer_name,
            telephone_number=event.customer_telephone_number,
        ),
        vehicle=JobVehicle(
            license_number=event.license_number, brand=event.brand, type=event.type
        ),
    )


@public_event.register
def _(event: WorkshopPlanning.JobCheckedIn, planning_date: date) -> Event:
    return MaintenanceJobCheckedIn(
        job_id=event.job_id,
        planning_date=planning_date,
        license_number=event.license_number,
        odometer_km=event.odometer_km,
        at=event.at,
    )


@public_event.register
def _(event: WorkshopPlanning.JobStarted, planning_date: date) -> Event:
    return MaintenanceJobStarted(
        job_id=event.job_id,
        planning_date=planning_date,
        workstation=event.workstation,
        mechanic=event.mechanic,
        at=event.at,
    )


@public_event.register
def _(event: WorkshopPlanning.JobWaitingForParts, planning_date: date) -> Event:
    return MaintenanceJobWaitingForParts(
        job_id=event.job_id, planning_date=planning_date, reason=event.reason
    )


@public_event.register
def _(event: WorkshopPlanning.JobFinished, planning_date: date) -> Event:
    return MaintenanceJobFinished(
        job_id=event.job_id,
        planning_date=planning_date,
        actual_start_time=event.actual_start_time,
        actual_end_time=event.actual_end_time,
        notes=event.notes,
        labour_hours=event.labour_hours,
        parts=tuple(
            JobPart(
                description=part.description,
                quantity=part.quantity,
                unit_price=part.unit_price,
            )
            for part in event.parts
        ),
    )


@public_event.register
def _(event: WorkshopPlanning.JobCancelled, planning_date: date) -> Event:
    return MaintenanceJobCancelled(
        job_id=event.job_id, planning_date=planning_date, reason=event.reason
    )


@public_event.register
def _(event: WorkshopPlanning.JobRescheduled, planning_date: date) -> Event:
    return MaintenanceJobRescheduled(
        job_id=event.job_id,
        from_date=planning_date,
        planning_date=planning_date,
        start_time=event.start_time,
        end_time=event.end_time,
    )


@public_event.register
def _(event: WorkshopPlanning.JobMovedOut, planning_date: date) -> None:
    return None


@public_event.register
def _(event: WorkshopPlanning.JobMovedIn, planning_date: date) -> Event:
    return MaintenanceJobRescheduled(
        job_id=event.job_id,
        from_date=event.from_date,
        planning_date=planning_date,
        start_time=event.start_time,
        end_time=event.end_time,
    )
