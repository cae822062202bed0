"""Notifications' command handlers: record a day's reminders, send one."""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from garage.kernel import bus
from garage.kernel.errors import NotFoundError
from garage.kernel.mail import receipt

from . import domain, mail
from .commands import PrepareReminders, SendReminder
from .events import ReminderPrepared
from .models import Customer, Job, Reminder


class CustomerNotKnownYetError(NotFoundError):
    """The customer's ``CustomerRegistered`` has not arrived; retried later."""


def prepare_reminders(command: PrepareReminders) -> list[Reminder]:
    """Records one reminder per customer covering all their jobs on the day,
    and publishes ``ReminderPrepared`` for each; the send comes next."""
    # No savepoint: in a subscriber, a failure rolls the delivery back whole.
    with transaction.atomic(savepoint=False):
        jobs = _jobs_to_remind(command.day)
        reminders = [_record(group, command.day) for group in domain.per_customer(jobs)]
        bus.publish(*map(_prepared, reminders))
    return reminders


def send_reminder(command: SendReminder) -> None:
    """Sends the reminder unless it was sent already, then records the send.

    The reminder row stays locked until the transaction ends, so two
    deliveries of the same news cannot both send it.
    """
    with transaction.atomic(savepoint=False):
        reminder = Reminder.objects.select_for_update().get(pk=command.reminder_id)
        if reminder.sent_at is not None:
            return
        customer = _contact(reminder.customer_id)
        message = mail.compose_reminder(reminder, customer)
        message.send()
        reminder.email_address = customer.email_address
        reminder.message_id, reminder.delivery_status = receipt(message)
        reminder.sent_at = timezone.now()
        reminder.save()


def _jobs_to_remind(day: date) -> QuerySet[Job]:
    """Planned jobs starting on ``day`` that no reminder covers yet.

    Locked, so two reminder runs for the same day cannot both take a job.
    """
    start, end = domain.day_bounds(day, timezone.get_default_timezone())
    return (
        Job.objects.select_for_update()
        .filter(status=Job.Status.PLANNED, reminder__isnull=True)
        .filter(start_time__gte=start, start_time__lt=end)
        .order_by("customer_id", "start_time")
    )


def _record(jobs: list[Job], day: date) -> Reminder:
    reminder = Reminder.objects.create(
        customer_id=jobs[0].customer_id, customer_name=jobs[0].customer_name, day=day
    )
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(reminder=reminder)
    return reminder


def _prepared(reminder: Reminder) -> ReminderPrepared:
    return ReminderPrepared(
        reminder_id=reminder.pk, customer_id=reminder.customer_id, day=reminder.day
    )


def _contact(customer_id: UUID) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise CustomerNotKnownYetError(f"Customer {customer_id} is unknown.")
    return customer
