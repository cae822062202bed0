"""The planning page's timeline and the week view (SPEC 12)."""

from datetime import date, timedelta, tzinfo
from html import escape
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from garage.kernel.roles import requires

from . import clock, timeline
from .models import MaintenanceJob
from .week import get_week


def timeline_context(
    request: HttpRequest, day: date, jobs: list[MaintenanceJob]
) -> dict[str, Any]:
    """What the planning page needs for its timeline and week strip (one
    query more than its table)."""
    bays = settings.WORKSTATIONS
    may_move = day >= clock.today() and request.user.has_perm("workshop.reschedule_job")
    jobs_url = reverse("workshop:planning", kwargs={"day": day}) + "jobs/"
    return {
        "timeline": timeline.build(day, jobs, bays, jobs_url, may_move),
        "week": get_week(day, len(bays)),
        "may_move": may_move,
        "table_rows": table_rows(jobs, jobs_url),
    }


def table_rows(jobs: list[MaintenanceJob], jobs_url: str) -> SafeString:
    """The planning table's rows (status, start, end, bay, vehicle, the
    description linking to the job). Written here rather than in the
    template: 300 rows then take a few milliseconds instead of a hundred."""
    zone = timezone.get_current_timezone()
    return mark_safe(
        "".join(_row(job, f"{jobs_url}{job.job_id}/", zone) for job in jobs)
    )


def _row(job: MaintenanceJob, url: str, zone: tzinfo) -> str:
    start, end = (f"{t.astimezone(zone):%H:%M}" for t in (job.start_time, job.end_time))
    return (
        f'<tr class="{timeline.css_class(job.status)}"><td>{escape(job.status)}</td>'
        f"<td>{start}</td><td>{end}</td><td>{escape(job.workstation or '—')}</td>"
        f'<td>{escape(job.vehicle_label)}</td><td><a href="{escape(url)}">'
        f"{escape(job.description)}</a></td></tr>\n"
    )


@requires("workshop.view_maintenancejob", "see the week")
def week(request: HttpRequest, day: date) -> HttpResponse:
    figures = get_week(day, len(settings.WORKSTATIONS))
    first, last = timeline.workshop_hours()
    return render(
        request,
        "workshop/week.html",
        {
            "day": day,
            "days": figures,
            "today": clock.today(),
            "hours": f"{timeline.clock(first)}–{timeline.clock(last)}",
            "bays": len(settings.WORKSTATIONS),
            "jobs": sum(each.jobs for each in figures),
            "booked_hours": sum(each.booked_hours for each in figures),
            "free_bay_hours": sum(each.free_bay_hours for each in figures),
            "previous_week": _shift(figures[0].day, -7),
            "next_week": _shift(figures[0].day, 7),
        },
    )


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
