from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from garage.kernel.auth import permitted
from garage.kernel.schemas import answers

from . import queries
from .models import Message, Reminder

router = Router(tags=["reminders"])


class ReminderOut(Schema):
    customer_id: UUID
    email_address: str
    day: date
    job_ids: list[UUID]
    sent_at: datetime | None

    @staticmethod
    def resolve_job_ids(reminder: Reminder) -> list[UUID]:
        return [job.job_id for job in reminder.jobs.all()]

    @staticmethod
    def resolve_sent_at(reminder: Reminder) -> datetime | None:
        return reminder.sent_at and timezone.localtime(reminder.sent_at)


@router.get(
    "/reminders",
    response=answers({200: list[ReminderOut]}),
    auth=permitted("notifications.view_reminder", "see the reminders"),
)
@paginate
def list_reminders(request):
    return queries.list_reminders()


class MessageOut(Schema):
    kind: Message.Kind
    customer_id: UUID
    email_address: str  # "" until sent
    subject: str
    sent_at: datetime | None  # None while it is being sent

    @staticmethod
    def resolve_sent_at(message: Message) -> datetime | None:
        return message.sent_at and timezone.localtime(message.sent_at)


class MessageFilters(Schema):
    kind: Message.Kind | None = Field(None, description="only messages of this kind")
    customer_id: UUID | None = Field(None, description="only this customer's")


@router.get(
    "/messages",
    response=answers({200: list[MessageOut]}),
    auth=permitted("notifications.view_message", "see the messages sent to customers"),
    tags=["messages"],
)
@paginate
def list_messages(request, filters: Query[MessageFilters]):
    """Every e-mail sent to a customer, newest first."""
    return queries.list_messages(filters.kind, filters.customer_id)
