"""Invoicing's subscribers: its copy of customers and jobs; a day passing and
an issued invoice are handed to the command handlers."""

from collections.abc import Callable
from uuid import UUID

from apps.customers.events import CustomerDetailsChanged, CustomerRegistered
from apps.timekeeping.events import DayHasPassed
from apps.workshop.events import (
    MaintenanceJobCancelled,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
    MaintenanceJobRescheduled,
)
from garage.kernel import copies
from garage.kernel.bus import outside_effects
from garage.kernel.errors import NotFoundError
from garage.kernel.messages import Event

from . import handlers
from .commands import IssueInvoices, RemindOverduePayments, SendInvoice
from .events import InvoiceIssued
from .models import Customer, Job


class JobNotKnownYetError(NotFoundError):
    """News about a job whose ``MaintenanceJobPlanned`` has not arrived; the
    delivery is retried, by which time it has."""


def when_customer_registered_store_address(event: CustomerRegistered) -> None:
    Customer.objects.update_or_create(
        customer_id=event.customer_id,
        defaults={
            "name": event.name,
            "address": event.address,
            "postal_code": event.postal_code,
            "city": event.city,
            "email_address": event.email_address,
        },
    )


def when_customer_details_changed_update_address(
    event: CustomerDetailsChanged,
) -> None:
    """New invoices use the new name and address; issued ones never change."""
    copies.follow(
        Customer,
        event.customer_id,
        event.version,
        name=event.name,
        address=event.address,
        postal_code=event.postal_code,
        city=event.city,
        email_address=event.email_address,
    )


def when_maintenance_job_planned_store_job(event: MaintenanceJobPlanned) -> None:
    Job.objects.update_or_create(
        job_id=event.job_id,
        defaults={
            "customer_id": event.customer.customer_id,
            "customer_name": event.customer.name,
            "planning_date": event.planning_date,
            "description": event.description,
            "license_number": event.vehicle.license_number,
        },
    )


def when_maintenance_job_rescheduled_move_job(event: MaintenanceJobRescheduled) -> None:
    moved = Job.objects.filter(job_id=event.job_id, invoice__isnull=True).update(
        planning_date=event.planning_date
    )
    _known_or_retry(event.job_id, moved)


def when_maintenance_job_finished_record_work(event: MaintenanceJobFinished) -> None:
    """The actual times, the labour hours (None: the actual duration) and the
    parts, as decimal strings."""
    finished = Job.objects.filter(job_id=event.job_id, invoice__isnull=True).update(
        status=Job.Status.FINISHED,
        planning_date=event.planning_date,
        actual_start_time=event.actual_start_time,
        actual_end_time=event.actual_end_time,
        labour_hours=event.labour_hours,
        parts=[part.model_dump(mode="json") for part in event.parts],
    )
    _known_or_retry(event.job_id, finished)


def when_maintenance_job_cancelled_mark_job(event: MaintenanceJobCancelled) -> None:
    cancelled = Job.objects.filter(job_id=event.job_id, invoice__isnull=True).update(
        status=Job.Status.CANCELLED
    )
    _known_or_retry(event.job_id, cancelled)


def _known_or_retry(job_id: UUID, changed: int) -> None:
    if not changed and not Job.objects.filter(job_id=job_id).exists():
        raise JobNotKnownYetError(f"Job {job_id} is not known yet.")


def when_day_has_passed_issue_invoices(event: DayHasPassed) -> None:
    handlers.issue_invoices(IssueInvoices(invoice_date=event.date))


def when_day_has_passed_remind_overdue_payments(event: DayHasPassed) -> None:
    handlers.remind_overdue_payments(RemindOverduePayments(today=event.date))


@outside_effects  # sends e-mail: never in a batch
def when_invoice_issued_send_it(event: InvoiceIssued) -> None:
    handlers.send_invoice(SendInvoice(number=event.number))


SUBSCRIPTIONS: dict[type[Event], list[Callable]] = {
    CustomerRegistered: [when_customer_registered_store_address],
    CustomerDetailsChanged: [when_customer_details_changed_update_address],
    MaintenanceJobPlanned: [when_maintenance_job_planned_store_job],
    MaintenanceJobRescheduled: [when_maintenance_job_rescheduled_move_job],
    MaintenanceJobFinished: [when_maintenance_job_finished_record_work],
    MaintenanceJobCancelled: [when_maintenance_job_cancelled_mark_job],
    DayHasPassed: [
        when_day_has_passed_issue_invoices,
        when_day_has_passed_remind_overdue_payments,
    ],
    InvoiceIssued: [when_invoice_issued_send_it],
}
