"""The workshop's command handlers, and the translation from the planning's
stored events to the events it publishes."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import singledispatch
from uuid import uuid4

from garage.kernel import bus, eventstore
from garage.kernel.messages import Envelope, Event

from . import clock, projections, repository
from .commands import CancelMaintenanceJob, FinishMaintenanceJob, PlanMaintenanceJob
from .domain import DomainEvent, Job, WorkshopPlanning
from .events import (
    JobCustomer,
    JobVehicle,
    MaintenanceJobCancelled,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
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


def plan_maintenance_job(command: PlanMaintenanceJob) -> Outcome:
    job_id = command.job_id or uuid4()
    vehicle = repository.vehicle(command.license_number)

    def decide(planning: WorkshopPlanning) -> Job:
        return planning.plan_job(
            job_id,
            command.start_time,
            command.end_time,
            vehicle,
            command.license_number,
            command.description,
            today=clock.today(),
        )

    return _execute(command, command.planning_date, decide)


def finish_maintenance_job(command: FinishMaintenanceJob) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.finish_job(
            command.job_id,
            command.actual_start_time,
            command.actual_end_time,
            command.notes,
        )

    return _execute(command, command.planning_date, decide)


def cancel_maintenance_job(command: CancelMaintenanceJob) -> Outcome:
    def decide(planning: WorkshopPlanning) -> Job:
        return planning.cancel_job(command.job_id, command.reason)

    return _execute(command, command.planning_date, decide)


def _execute(
    command: object,
    planning_date: date,
    decide: Callable[[WorkshopPlanning], Job],
) -> Outcome:
    """Loads the planning, decides, appends and publishes in one transaction;
    again on fresh state when another writer got there first."""

    def attempt() -> Outcome:
        planning = repository.load(planning_date)
        job = decide(planning)
        metadata = {"command": type(command).__name__}
        stored = repository.save(planning, metadata)
        projections.project(planning_date, stored)
        envelopes = bus.publish(*(public_event(e, planning_date) for e in stored))
        return Outcome(job, envelopes)

    return eventstore.retrying(attempt)


# Stored events -> published events


@singledispatch
def public_event(event: DomainEvent, planning_date: date) -> Event:
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
def _(event: WorkshopPlanning.JobFinished, planning_date: date) -> Event:
    return MaintenanceJobFinished(
        job_id=event.job_id,
        planning_date=planning_date,
        actual_start_time=event.actual_start_time,
        actual_end_time=event.actual_end_time,
        notes=event.notes,
    )


@public_event.register
def _(event: WorkshopPlanning.JobCancelled, planning_date: date) -> Event:
    return MaintenanceJobCancelled(
        job_id=event.job_id, planning_date=planning_date, reason=event.reason
    )
