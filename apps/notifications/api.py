from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Query, Router, Schema

from garage.kernel.paging import PageIn, page

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


class RemindersOut(Schema):
    items: list[ReminderOut]
    count: int


@router.get("/reminders", response=RemindersOut)
def list_reminders(request, params: Query[PageIn]):
    return page(queries.list_reminders(), params)
