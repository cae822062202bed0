"""Which jobs are reminded of on a day, and the reminders that cover them."""

from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from .models import Job, Reminder


def local_day(day: date) -> tuple[datetime, datetime]:
    """The instants ``day`` starts and ends in the garage's time zone."""
    garage_time = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), garage_time)
    end = timezone.make_aware(
        datetime.combine(day + timedelta(1), time.min), garage_time
    )
    return start, end


def jobs_to_remind(day: date) -> QuerySet[Job]:
    """Planned jobs starting on ``day`` that no reminder covers yet.

    Locked, so two reminder runs for the same day cannot both take a job.
    """
    start, end = local_day(day)
    return (
        Job.objects.select_for_update()
        .filter(status=Job.Status.PLANNED, reminder__isnull=True)
        .filter(start_time__gte=start, start_time__lt=end)
        .order_by("customer_id", "start_time")
    )


def prepare_reminders(day: date) -> list[Reminder]:
    """Records one reminder per customer covering all their jobs on ``day``."""
    reminders = []
    for customer_id, group in groupby(jobs_to_remind(day), lambda j: j.customer_id):
        jobs = list(group)
        reminder = Reminder.objects.create(
            customer_id=customer_id, customer_name=jobs[0].customer_name, day=day
        )
        Job.objects.filter(pk__in=[job.pk for job in jobs]).update(reminder=reminder)
        reminders.append(reminder)
    return reminders
