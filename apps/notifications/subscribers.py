"""Notifications' subscribers: its copy of contacts and jobs; a day passing
and a prepared reminder are handed to the command handlers."""

from collections.abc import Callable
from uuid import UUID

from apps.customers.events import CustomerRegistered
from apps.timekeeping.events import DayHasPassed
from apps.workshop.events import (
    MaintenanceJobCancelled,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
)
from garage.kernel.errors import NotFoundError
from garage.kernel.messages import Event

from . import handlers
from .commands import PrepareReminders, SendReminder
from .events import ReminderPrepared
from .models import Customer, Job


class JobNotKnownYetError(NotFoundError):
    """News about a job whose ``MaintenanceJobPlanned`` has not arrived; the
    delivery is retried, by which time it has."""


def when_customer_registered_store_contact(event: CustomerRegistered) -> None:
    Customer.objects.update_or_create(
        customer_id=event.customer_id,
        defaults={"name": event.name, "email_address": event.email_address},
    )


def when_maintenance_job_planned_store_job(event: MaintenanceJobPlanned) -> None:
    Job.objects.update_or_create(
        job_id=event.job_id,
        defaults={
            "customer_id": event.customer.customer_id,
            "customer_name": event.customer.name,
            "start_time": event.start_time,
            "end_time": event.end_time,
            "description": event.description,
            "license_number": event.vehicle.license_number,
            "brand": event.vehicle.brand,
            "type": event.vehicle.type,
        },
    )


def when_maintenance_job_finished_mark_job(event: MaintenanceJobFinished) -> None:
    _set_status(event.job_id, Job.Status.FINISHED)


def when_maintenance_job_cancelled_mark_job(event: MaintenanceJobCancelled) -> None:
    _set_status(event.job_id, Job.Status.CANCELLED)


def _set_status(job_id: UUID, status: Job.Status) -> None:
    if not Job.objects.filter(job_id=job_id).update(status=status):
        raise JobNotKnownYetError(f"Job {job_id} is not known yet.")


def when_day_has_passed_prepare_reminders(event: DayHasPassed) -> None:
    handlers.prepare_reminders(PrepareReminders(day=event.date))


def when_reminder_prepared_send_email(event: ReminderPrepared) -> None:
    handlers.send_reminder(SendReminder(reminder_id=event.reminder_id))


SUBSCRIPTIONS: dict[type[Event], list[Callable]] = {
    CustomerRegistered: [when_customer_registered_store_contact],
    MaintenanceJobPlanned: [when_maintenance_job_planned_store_job],
    MaintenanceJobFinished: [when_maintenance_job_finished_mark_job],
    MaintenanceJobCancelled: [when_maintenance_job_cancelled_mark_job],
    DayHasPassed: [when_day_has_passed_prepare_reminders],
    ReminderPrepared: [when_reminder_prepared_send_email],
}
