from datetime import date, timedelta
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from . import domain
from .models import Customer, Job, Message, Reminder, Vehicle

PAGE_SIZE = 25
SERVICE_DUE_AHEAD_DAYS = 30


def _reminders() -> QuerySet[Reminder]:
    jobs = Prefetch("jobs", queryset=Job.objects.order_by("start_time"))
    return Reminder.objects.prefetch_related(jobs)


def list_reminders() -> QuerySet[Reminder]:
    return _reminders()


def get_reminder_page(number: str | int | None) -> Page:
    return Paginator(_reminders(), PAGE_SIZE).get_page(number)


def list_messages(
    kind: str | None = None, customer_id: UUID | None = None
) -> QuerySet[Message]:
    """Every e-mail to a customer, newest first; of one kind, one customer."""
    messages = Message.objects.order_by("-id")
    if kind:
        messages = messages.filter(kind=kind)
    if customer_id:
        messages = messages.filter(customer_id=customer_id)
    return messages


def get_message_page(
    number: str | int | None, kind: str | None = None, customer_id: UUID | None = None
) -> Page:
    return Paginator(list_messages(kind, customer_id), PAGE_SIZE).get_page(number)


def list_service_due(today: date | None = None) -> QuerySet[Vehicle]:
    """Vehicles due within 30 days of ``today``, overdue ones included, by
    due date; each with its owner's name (``owner_name``, from the copy of
    contacts) and whether a job is planned for it from today on
    (``job_planned``)."""
    today = today or timezone.localdate()
    start, _ = domain.day_bounds(today, timezone.get_default_timezone())
    planned = Job.objects.filter(
        license_number=OuterRef("license_number"),
        status=Job.Status.PLANNED,
        start_time__gte=start,
    )
    owner = Customer.objects.filter(pk=OuterRef("owner_id")).values("name")[:1]
    return (
        Vehicle.objects.filter(
            due_on__lte=today + timedelta(days=SERVICE_DUE_AHEAD_DAYS)
        )
        .annotate(owner_name=Subquery(owner), job_planned=Exists(planned))
        .order_by("due_on", "license_number")
    )


def get_service_due_page(number: str | int | None, today: date | None = None) -> Page:
    return Paginator(list_service_due(today), PAGE_SIZE).get_page(number)
