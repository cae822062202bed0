"""Sending a recorded reminder, once."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from garage.kernel.errors import NotFoundError
from garage.kernel.mail import receipt, stable_message_id

from .models import Customer, Reminder

SUBJECT = "Vehicle maintenance reminder"
ARRIVE_EARLY = timedelta(minutes=10)


class CustomerNotKnownYetError(NotFoundError):
    """The customer's ``CustomerRegistered`` has not arrived; retried later."""


def send_reminder(reminder_id: int) -> None:
    """Sends the reminder unless it was sent already, then records the send.

    Runs in the subscriber's transaction with the reminder row locked, so two
    deliveries of the same news cannot both send it.
    """
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if reminder.sent_at is not None:
        return
    customer = Customer.objects.filter(pk=reminder.customer_id).first()
    if customer is None:
        raise CustomerNotKnownYetError(f"Customer {reminder.customer_id} is unknown.")
    message = compose_reminder(reminder, customer)
    message.send()
    reminder.email_address = customer.email_address
    reminder.message_id, reminder.delivery_status = receipt(message)
    reminder.sent_at = timezone.now()
    reminder.save()


def compose_reminder(reminder: Reminder, customer: Customer) -> EmailMessage:
    jobs = list(reminder.jobs.order_by("start_time"))
    context = {
        "name": customer.name,
        "day": reminder.day,
        "jobs": jobs,
        "arrive_at": jobs[0].start_time - ARRIVE_EARLY,
        "garage": settings.GARAGE_NAME,
    }
    return EmailMessage(
        subject=SUBJECT,
        body=render_to_string("notifications/reminder_email.txt", context),
        from_email=settings.REMINDER_FROM_EMAIL,
        to=[customer.email_address],
        headers={
            "Message-ID": stable_message_id(
                "reminder",
                f"{reminder.pk}-{reminder.customer_id}",
                settings.REMINDER_FROM_EMAIL,
            )
        },
    )
