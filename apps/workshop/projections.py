"""Keeps the read model of jobs in step with the planning's stored events.

An inline projection: it runs in the command's transaction, right after the
events are appended, so a page or a response after a command shows its effect
without waiting for the bus. Other contexts still learn of the job through the
published events. ``rebuild`` replays the whole store through the same code.
"""

from collections.abc import Iterable
from datetime import date
from functools import cache, singledispatch
from typing import Any
from uuid import UUID

from django.db import IntegrityError, connection
from django.db.models import Field

from .domain import DomainEvent, PlanningRuleError, WorkshopPlanning
from .models import MaintenanceJob

Status = MaintenanceJob.Status


def project(events: Iterable[tuple[date, DomainEvent]]) -> None:
    """Applies newly stored events, each with its planning's date, to the
    read model."""
    for planning_date, event in events:
        _project(event, planning_date)


def rebuild(history: Iterable[tuple[date, DomainEvent]]) -> None:
    """Replaces the read model by the projection of every stored event."""
    MaintenanceJob.objects.all().delete()
    project(history)


@singledispatch
def _project(event: DomainEvent, planning_date: date) -> None:
    """Events that change no job (a planning created) leave the model alone."""


@_project.register
def _(event: WorkshopPlanning.JobPlanned, planning_date: date) -> None:
    try:
        _insert_job(
            [event.job_id, planning_date, event.start_time, event.end_time,
             event.description, Status.PLANNED, event.customer_id,
             event.customer_name, event.customer_telephone_number,
             event.license_number, event.brand, event.type, "", ""]
        )  # fmt: skip
    except IntegrityError as error:
        # The primary key makes a job id unique across all plannings, also
        # when two commands race: the second waits for the first to commit,
        # then finds its row. The refusal leaves the command's atomic block,
        # which rolls the whole attempt back. Any other constraint is a bug.
        if not _collides_on_job_id(error):
            raise
        raise PlanningRuleError(
            f"A job with id {event.job_id} already exists on another planning.",
            "duplicate_job_id",
            field="job_id",
        ) from None


def _collides_on_job_id(error: IntegrityError) -> bool:
    """Whether the database refused a row for its job id (the primary key)."""
    diagnostics = getattr(error.__cause__, "diag", None)
    if diagnostics is not None:  # PostgreSQL names the constraint
        return diagnostics.constraint_name == f"{MaintenanceJob._meta.db_table}_pkey"
    return f"{MaintenanceJob._meta.db_table}.job_id" in str(error)  # SQLite


# Every plan command inserts a job: in SQL, values prepared by the model's
# fields (the ORM's create built a model and its query each time, a fifth of
# the command's time). The other columns take their database defaults.
JOB_COLUMNS = ["job_id", "planning_date", "start_time", "end_time", "description"]
JOB_COLUMNS += ["status", "customer_id", "customer_name", "customer_telephone_number"]
JOB_COLUMNS += ["license_number", "brand", "type", "notes", "cancel_reason"]


def _insert_job(values: list[Any]) -> None:
    sql, fields = _job_insert()
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        ])  # fmt: skip


@cache
def _job_insert() -> tuple[str, list[Field]]:
    """The job's INSERT and its fields, built once."""
    fields = [MaintenanceJob._meta.get_field(name) for name in JOB_COLUMNS]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(MaintenanceJob._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    return sql, fields


@_project.register
def _(event: WorkshopPlanning.JobCheckedIn, planning_date: date) -> None:
    _update(
        event.job_id,
        status=Status.CHECKED_IN,
        odometer_km=event.odometer_km,
        checked_in_at=event.at,
    )


@_project.register
def _(event: WorkshopPlanning.JobStarted, planning_date: date) -> None:
    _update(
        event.job_id,
        status=Status.IN_PROGRESS,
        workstation=event.workstation,
        mechanic=event.mechanic,
        started_at=event.at,
        waiting_reason="",
    )


@_project.register
def _(event: WorkshopPlanning.JobWaitingForParts, planning_date: date) -> None:
    _update(
        event.job_id,
        status=Status.WAITING_FOR_PARTS,
        waiting_reason=event.reason,
        workstation="",
    )


@_project.register
def _(event: WorkshopPlanning.JobFinished, planning_date: date) -> None:
    _update(
        event.job_id,
        status=Status.FINISHED,
        actual_start_time=event.actual_start_time,
        actual_end_time=event.actual_end_time,
        notes=event.notes,
        labour_hours=event.hours,
        parts=[
            {
                "description": part.description,
                "quantity": str(part.quantity),
                "unit_price": str(part.unit_price),
            }
            for part in event.parts
        ],
    )


@_project.register
def _(event: WorkshopPlanning.JobCancelled, planning_date: date) -> None:
    _update(event.job_id, status=Status.CANCELLED, cancel_reason=event.reason)


@_project.register
def _(event: WorkshopPlanning.JobRescheduled, planning_date: date) -> None:
    _update(event.job_id, start_time=event.start_time, end_time=event.end_time)


@_project.register
def _(event: WorkshopPlanning.JobMovedIn, planning_date: date) -> None:
    # The job keeps its row (its id is the key): the row moves with it. The
    # planning it left records JobMovedOut, which changes nothing here.
    _update(
        event.job_id,
        planning_date=planning_date,
        start_time=event.start_time,
        end_time=event.end_time,
    )


def _update(job_id: UUID, **fields: Any) -> None:
    MaintenanceJob.objects.filter(pk=job_id).update(**fields)
