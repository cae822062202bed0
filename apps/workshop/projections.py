"""Keeps the read model of jobs in step with the workshop's own events.

Every update is idempotent, so a redelivery or a rebuild changes nothing.
"""

from collections.abc import Iterable

from garage.kernel.messages import Event

from .events import (
    MaintenanceJobCancelled,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
)
from .models import MaintenanceJob

Status = MaintenanceJob.Status


class JobNotProjectedError(LookupError):
    """An event about a job arrived before the job itself; retried later."""


def add_job(event: MaintenanceJobPlanned) -> None:
    MaintenanceJob.objects.update_or_create(
        job_id=event.job_id,
        defaults={
            "planning_date": event.planning_date,
            "start_time": event.start_time,
            "end_time": event.end_time,
            "description": event.description,
            "customer_id": event.customer.customer_id,
            "customer_name": event.customer.name,
            "customer_telephone_number": event.customer.telephone_number,
            "license_number": event.vehicle.license_number,
            "brand": event.vehicle.brand,
            "type": event.vehicle.type,
        },
    )


def finish_job(event: MaintenanceJobFinished) -> None:
    _update_job(
        event.job_id,
        status=Status.FINISHED,
        actual_start_time=event.actual_start_time,
        actual_end_time=event.actual_end_time,
        notes=event.notes,
    )


def cancel_job(event: MaintenanceJobCancelled) -> None:
    _update_job(event.job_id, status=Status.CANCELLED, cancel_reason=event.reason)


def _update_job(job_id, **changes) -> None:
    if not MaintenanceJob.objects.filter(pk=job_id).update(**changes):
        raise JobNotProjectedError(f"Job {job_id} is not in the read model yet.")


PROJECTORS = {
    MaintenanceJobPlanned: add_job,
    MaintenanceJobFinished: finish_job,
    MaintenanceJobCancelled: cancel_job,
}


def rebuild(events: Iterable[Event]) -> None:
    """Replaces the read model by the projection of ``events``, oldest first."""
    MaintenanceJob.objects.all().delete()
    for event in events:
        if project := PROJECTORS.get(type(event)):
            project(event)
