"""The reminder e-mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from garage.kernel.mail import stable_message_id

from . import domain
from .models import Customer, Reminder

SUBJECT = "Vehicle maintenance reminder"


def compose_reminder(reminder: Reminder, customer: Customer) -> EmailMessage:
    jobs = list(reminder.jobs.order_by("start_time"))
    context = {
        "name": customer.name,
        "day": reminder.day,
        "jobs": jobs,
        "arrive_at": domain.arrival_time(jobs[0].start_time),
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
