"""Notifications' subscribers: its copy of contacts, jobs, vehicles and their
odometer readings and services; a day passing, a finished job and a prepared
reminder or message are handed to the command handlers."""

from collections.abc import Callable
from uuid import UUID

from apps.customers.events import (
    CustomerDetailsChanged,
    CustomerRegistered,
    VehicleOwnerChanged,
    VehicleRegistered,
)
from apps.invoicing.events import PaymentOverdue
from apps.timekeeping.events import DayHasPassed
from apps.workshop.events import (
    MaintenanceJobCancelled,
    MaintenanceJobCheckedIn,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
    MaintenanceJobRescheduled,
)
from garage.kernel import copies
from garage.kernel.bus import outside_effects
from garage.kernel.messages import Event

from . import care, handlers
from .commands import (
    PreparePaymentReminder,
    PreparePickupMessage,
    PrepareReminders,
    PrepareServiceDueMessages,
    SendMessages,
    SendReminder,
)
from .events import MessagesPrepared, ReminderPrepared
from .handlers import JobNotKnownYetError, known_job
from .models import Customer, Job, OdometerReading, Vehicle


def when_customer_registered_store_contact(event: CustomerRegistered) -> None:
    Customer.objects.update_or_create(
        customer_id=event.customer_id,
        defaults={"name": event.name, "email_address": event.email_address},
    )


def when_customer_details_changed_update_contact(
    event: CustomerDetailsChanged,
) -> None:
    """Reminders not yet sent go to the new address."""
    copies.follow(
        Customer,
        event.customer_id,
        event.version,
        name=event.name,
        email_address=event.email_address,
    )


def when_vehicle_owner_changed_update_vehicle(event: VehicleOwnerChanged) -> None:
    """Service-due messages go to the current owner."""
    copies.follow(
        Vehicle, event.license_number.upper(), event.version, owner_id=event.owner_id
    )


def when_maintenance_job_planned_store_job(event: MaintenanceJobPlanned) -> None:
    job, _ = Job.objects.update_or_create(
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
    care.vehicle_of(job)  # known from its first job, if not registered here


def when_maintenance_job_rescheduled_move_job(
    event: MaintenanceJobRescheduled,
) -> None:
    # Its reminder goes out when the new day begins; one already sent stays.
    times = {"start_time": event.start_time, "end_time": event.end_time}
    if not Job.objects.filter(job_id=event.job_id).update(**times):
        raise JobNotKnownYetError(f"Job {event.job_id} is not known yet.")


def when_vehicle_registered_store_vehicle(event: VehicleRegistered) -> None:
    Vehicle.objects.update_or_create(
        license_number=event.license_number.upper(),
        defaults={"brand": event.brand, "type": event.type, "owner_id": event.owner_id},
    )


def when_maintenance_job_checked_in_record_reading(
    event: MaintenanceJobCheckedIn,
) -> None:
    vehicle = care.vehicle_of(known_job(event.job_id))
    OdometerReading.objects.update_or_create(
        job_id=event.job_id,
        defaults={
            "license_number": vehicle.license_number,
            "day": event.planning_date,
            "km": event.odometer_km,
        },
    )
    care.refresh_due(vehicle)


def when_maintenance_job_finished_record_service(event: MaintenanceJobFinished) -> None:
    vehicle = care.vehicle_of(known_job(event.job_id))
    last = vehicle.last_service_on
    vehicle.last_service_on = (
        max(last, event.planning_date) if last else event.planning_date
    )
    care.refresh_due(vehicle)


def when_maintenance_job_finished_tell_customer(event: MaintenanceJobFinished) -> None:
    handlers.prepare_pickup_message(PreparePickupMessage(job_id=event.job_id))


def when_payment_overdue_remind_customer(event: PaymentOverdue) -> None:
    handlers.prepare_payment_reminder(
        PreparePaymentReminder(
            number=event.number,
            customer_id=event.customer_id,
            due_date=event.due_date,
            open_amount=event.open_amount,
        )
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


def when_day_has_passed_prepare_service_due(event: DayHasPassed) -> None:
    handlers.prepare_service_due_messages(PrepareServiceDueMessages(day=event.date))


@outside_effects  # sends e-mail: never in a batch
def when_reminder_prepared_send_email(event: ReminderPrepared) -> None:
    handlers.send_reminder(SendReminder(reminder_id=event.reminder_id))


@outside_effects  # sends e-mail: never in a batch
def when_messages_prepared_send_emails(event: MessagesPrepared) -> None:
    handlers.send_messages(SendMessages(message_ids=event.message_ids))


SUBSCRIPTIONS: dict[type[Event], list[Callable]] = {
    CustomerRegistered: [when_customer_registered_store_contact],
    VehicleRegistered: [when_vehicle_registered_store_vehicle],
    MaintenanceJobPlanned: [when_maintenance_job_planned_store_job],
    MaintenanceJobRescheduled: [when_maintenance_job_rescheduled_move_job],
    MaintenanceJobCheckedIn: [when_maintenance_job_checked_in_record_reading],
    MaintenanceJobFinished: [
        when_maintenance_job_finished_mark_job,
        when_maintenance_job_finished_record_service,
        when_maintenance_job_finished_tell_customer,
    ],
    MaintenanceJobCancelled: [when_maintenance_job_cancelled_mark_job],
    DayHasPassed: [
        when_day_has_passed_prepare_reminders,
        when_day_has_passed_prepare_service_due,
    ],
    ReminderPrepared: [when_reminder_prepared_send_email],
    MessagesPrepared: [when_messages_prepared_send_emails],
    PaymentOverdue: [when_payment_overdue_remind_customer],
    CustomerDetailsChanged: [when_customer_details_changed_update_contact],
    VehicleOwnerChanged: [when_vehicle_owner_changed_update_vehicle],
}
