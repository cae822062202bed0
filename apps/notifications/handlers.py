"""Notifications' command handlers: record a day's reminders and service-due
messages, a job's ready-for-pickup message, and send each."""

from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from garage.kernel import bus
from garage.kernel.errors import NotFoundError
from garage.kernel.mail import receipt

from . import care, domain, mail
from .commands import (
    PreparePaymentReminder,
    PreparePickupMessage,
    PrepareReminders,
    PrepareServiceDueMessages,
    SendMessages,
    SendReminder,
)
from .events import MessagesPrepared, ReminderPrepared
from .models import Customer, Job, Message, Reminder, Vehicle

SEND_BATCH = 100  # messages a delivery sends


class CustomerNotKnownYetError(NotFoundError):
    """The customer's ``CustomerRegistered`` has not arrived; retried later."""


class JobNotKnownYetError(NotFoundError):
    """News about a job whose ``MaintenanceJobPlanned`` has not arrived; the
    delivery is retried, by which time it has."""


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
        _log_reminder(reminder, customer, message.subject)


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


def _log_reminder(reminder: Reminder, customer: Customer, subject: str) -> None:
    Message.objects.create(
        kind=Message.Kind.REMINDER,
        reference=str(reminder.pk),
        customer_id=reminder.customer_id,
        customer_name=customer.name,
        subject=subject,
        facts={"day": reminder.day.isoformat()},
        email_address=reminder.email_address,
        sent_at=reminder.sent_at,
        message_id=reminder.message_id,
        delivery_status=reminder.delivery_status,
    )


def known_job(job_id: UUID) -> Job:
    job = Job.objects.filter(job_id=job_id).first()
    if job is None:
        raise JobNotKnownYetError(f"Job {job_id} is not known yet.")
    return job


def prepare_pickup_message(command: PreparePickupMessage) -> Message | None:
    """Records the finished job's ready-for-pickup message for its customer,
    once per job, and publishes ``MessagesPrepared``; None if it was recorded
    already."""
    with transaction.atomic(savepoint=False):
        job = known_job(command.job_id)
        vehicle = f"{job.brand} {job.type} [{job.license_number}]"
        message, created = Message.objects.get_or_create(
            kind=Message.Kind.READY_FOR_PICKUP,
            reference=str(job.job_id),
            defaults={
                "customer_id": job.customer_id,
                "customer_name": job.customer_name,
                "license_number": job.license_number,
                "subject": mail.pickup_subject(vehicle),
                "facts": {"vehicle": vehicle, "description": job.description},
            },
        )
        if not created:
            return None
        bus.publish(*_messages_prepared(message.kind, [message]))
    return message


def prepare_payment_reminder(command: PreparePaymentReminder) -> Message | None:
    """Records the payment reminder of an overdue invoice for its customer,
    once per invoice, and publishes ``MessagesPrepared``; None if it was
    recorded already."""
    with transaction.atomic(savepoint=False):
        customer = Customer.objects.filter(customer_id=command.customer_id).first()
        message, created = Message.objects.get_or_create(
            kind=Message.Kind.PAYMENT_REMINDER,
            reference=command.number,
            defaults={
                "customer_id": command.customer_id,
                "customer_name": customer.name if customer else "",
                "subject": mail.payment_reminder_subject(command.number),
                "facts": {
                    "number": command.number,
                    "due_on": command.due_date.isoformat(),
                    "open_amount": str(command.open_amount),
                },
            },
        )
        if not created:
            return None
        bus.publish(*_messages_prepared(message.kind, [message]))
    return message


def prepare_service_due_messages(command: PrepareServiceDueMessages) -> list[Message]:
    """Records one service-due message per vehicle due within
    ``SERVICE_REMINDER_DAYS`` of the day (or overdue), to its current owner,
    once per due period, unless a job is planned for it from the day on; and
    publishes ``MessagesPrepared`` for each."""
    with transaction.atomic(savepoint=False):
        care.refresh_stale()
        vehicles = list(_vehicles_due(command.day))
        messages = Message.objects.bulk_create(map(_service_due, vehicles))
        licenses = [vehicle.pk for vehicle in vehicles]
        for first in range(0, len(licenses), 1000):  # within SQLite's parameters
            Vehicle.objects.filter(pk__in=licenses[first : first + 1000]).update(
                noticed_period=F("last_service_on")
            )
        bus.publish(*_messages_prepared(Message.Kind.SERVICE_DUE, messages))
    return messages


def _vehicles_due(day: date) -> QuerySet[Vehicle]:
    """Locked, so two runs for the same day cannot both take a vehicle."""
    start, _ = domain.day_bounds(day, timezone.get_default_timezone())
    planned = Job.objects.filter(
        license_number=OuterRef("license_number"),
        status=Job.Status.PLANNED,
        start_time__gte=start,
    )
    horizon = day + timedelta(days=settings.SERVICE_REMINDER_DAYS)
    return (
        Vehicle.objects.select_for_update()
        .filter(due_on__lte=horizon)
        .filter(
            Q(noticed_period__isnull=True) | Q(noticed_period__lt=F("last_service_on"))
        )
        .exclude(Exists(planned))
        .order_by("due_on", "license_number")
    )


def _service_due(vehicle: Vehicle) -> Message:
    return Message(
        kind=Message.Kind.SERVICE_DUE,
        reference=f"{vehicle.license_number}@{vehicle.last_service_on}",
        customer_id=vehicle.owner_id,
        license_number=vehicle.license_number,
        subject=mail.service_due_subject(str(vehicle)),
        facts={
            "vehicle": str(vehicle),
            "due_on": vehicle.due_on.isoformat(),
            "reason": vehicle.due_reason,
            "last_service_on": vehicle.last_service_on.isoformat(),
        },
    )


def _messages_prepared(
    kind: str, messages: list[Message]
) -> Iterator[MessagesPrepared]:
    """One event per ``SEND_BATCH`` messages: a day may make thousands."""
    ids = [message.pk for message in messages]
    for first in range(0, len(ids), SEND_BATCH):
        yield MessagesPrepared(
            kind=kind, message_ids=tuple(ids[first : first + SEND_BATCH])
        )


def send_messages(command: SendMessages) -> None:
    """Sends each message not sent yet, then records the sends; the rows stay
    locked until the transaction ends, as with reminders.

    A single message fails as a reminder does: the delivery is retried. In a
    batch, a message whose send fails or whose customer is not known yet is
    left unsent and announced again on its own, to be retried alone; the
    others are recorded as sent.
    """
    with transaction.atomic(savepoint=False):
        messages = list(
            Message.objects.select_for_update()
            .filter(pk__in=command.message_ids, sent_at__isnull=True)
            .order_by("pk")
        )
        contacts = Customer.objects.in_bulk({m.customer_id for m in messages})
        alone = len(command.message_ids) == 1
        sent, left = [], []
        for message in messages:
            (sent if _send(message, contacts, alone) else left).append(message)
        for message in sent:  # one small UPDATE each: cheaper than bulk_update's CASE
            fields = {name: getattr(message, name) for name in SENT_FIELDS}
            Message.objects.filter(pk=message.pk).update(**fields)
        for message in left:
            bus.publish(MessagesPrepared(kind=message.kind, message_ids=(message.pk,)))


SENT_FIELDS = [
    "customer_name",
    "email_address",
    "message_id",
    "delivery_status",
    "sent_at",
]


def _send(message: Message, contacts: dict[UUID, Customer], alone: bool) -> bool:
    """Sends ``message`` and fills in its sent fields; False if it could not
    be sent (in a batch), raising as the kernel expects when ``alone``."""
    customer = contacts.get(message.customer_id)
    try:
        if customer is None:
            raise CustomerNotKnownYetError(
                f"Customer {message.customer_id} is unknown."
            )
        email = mail.compose_message(message, customer)
        email.send()
    except DatabaseError:
        raise
    except Exception:
        if alone:
            raise
        return False
    message.customer_name = customer.name
    message.email_address = customer.email_address
    message.message_id, message.delivery_status = receipt(email)
    message.sent_at = timezone.now()
    return True
