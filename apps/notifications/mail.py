"""The e-mails to customers: the reminder, ready for pickup, service due."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from garage.kernel.mail import stable_message_id

from . import domain
from .models import Customer, Message, Reminder

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


def pickup_subject(vehicle: str) -> str:
    return f"Your {vehicle} is ready for pickup"


def payment_reminder_subject(number: str) -> str:
    return f"Reminder: invoice {number} is overdue"


def service_due_subject(vehicle: str) -> str:
    return f"Your {vehicle} is due for a service"


ID_PREFIXES = {
    Message.Kind.READY_FOR_PICKUP: "pickup",
    Message.Kind.SERVICE_DUE: "service-due",
    Message.Kind.PAYMENT_REMINDER: "payment-reminder",
}
TEMPLATES = {
    Message.Kind.READY_FOR_PICKUP: "notifications/ready_for_pickup_email.txt",
    Message.Kind.SERVICE_DUE: "notifications/service_due_email.txt",
    Message.Kind.PAYMENT_REMINDER: "notifications/payment_reminder_email.txt",
}


def compose_message(message: Message, customer: Customer) -> EmailMessage:
    facts = message.facts
    context = {
        "name": customer.name,
        "facts": facts,
        "garage": settings.GARAGE_NAME,
        "interval_months": settings.SERVICE_INTERVAL_MONTHS,
        "interval_km": f"{settings.SERVICE_INTERVAL_KM:,}",
        "bank_account": settings.BANK_ACCOUNT,
    }
    for name in ("due_on", "last_service_on"):
        if name in facts:
            context[name] = date.fromisoformat(facts[name])
    return EmailMessage(
        subject=message.subject,
        body=render_to_string(TEMPLATES[message.kind], context),
        from_email=settings.REMINDER_FROM_EMAIL,
        to=[customer.email_address],
        headers={
            # Short enough for one header line: some readers of mail files
            # do not unfold.
            "Message-ID": stable_message_id(
                ID_PREFIXES[message.kind],
                f"{message.pk}-{message.customer_id.hex[:12]}",
                settings.REMINDER_FROM_EMAIL,
            )
        },
    )
