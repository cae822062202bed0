from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from .models import Job, Reminder

PAGE_SIZE = 25


def _reminders() -> QuerySet[Reminder]:
    jobs = Prefetch("jobs", queryset=Job.objects.order_by("start_time"))
    return Reminder.objects.prefetch_related(jobs)


def list_reminders() -> QuerySet[Reminder]:
    return _reminders()


def get_reminder_page(number: str | int | None) -> Page:
    return Paginator(_reminders(), PAGE_SIZE).get_page(number)
