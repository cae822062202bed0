from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from garage.kernel.auth import permitted
from garage.kernel.schemas import answers

from . import queries
from .models import Reminder

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
