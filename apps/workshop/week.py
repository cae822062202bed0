"""The week of a day (SPEC 12): per day its jobs, booked hours and free
bay-hours, for the planning's week strip and the week view."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Sum

from .models import MaintenanceJob
from .timeline import workshop_hours


@dataclass(frozen=True)
class DayFigures:
    """A day of the week view: its jobs (not cancelled), their booked hours,
    and the bay-hours left within ``WORKSHOP_HOURS``."""

    day: date
    jobs: int
    booked_hours: float
    free_bay_hours: float


def week_of(day: date) -> list[date]:
    """Monday to Sunday of the week of ``day`` (within the calendar's range)."""
    monday = day - timedelta(days=day.weekday())
    days = []
    for n in range(7):
        try:
            days.append(monday + timedelta(days=n))
        except OverflowError:
            break
    return days


def get_week(day: date, bays: int) -> list[DayFigures]:
    """The figures of each day of the week of ``day``, in one query."""
    days = week_of(day)
    rows = (
        MaintenanceJob.objects.filter(planning_date__range=(days[0], days[-1]))
        .exclude(status=MaintenanceJob.Status.CANCELLED)
        .values("planning_date")
        .annotate(jobs=Count("pk"), booked=Sum(F("end_time") - F("start_time")))
        .order_by()
    )
    found = {row["planning_date"]: row for row in rows}
    first, last = workshop_hours()
    open_hours = bays * (last - first) / 60
    figures = []
    for each in days:
        row = found.get(each, {"jobs": 0, "booked": timedelta()})
        booked = row["booked"].total_seconds() / 3600
        figures.append(
            DayFigures(each, row["jobs"], booked, max(open_hours - booked, 0.0))
        )
    return figures
