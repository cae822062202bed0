from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from . import queries
from .models import Reminder

router = Router(tags=["reminders"])


class PageIn(Schema):
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0)


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
def list_reminders(request, page: Query[PageIn]):
    items, count = queries.list_reminders(page.limit, page.offset)
    return {"items": items, "count": count}
