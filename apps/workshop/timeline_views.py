"""The planning page's timeline and the week view (SPEC 12)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from garage.kernel.roles import requires

from . import clock, timeline
from .models import MaintenanceJob


def timeline_context(
    request: HttpRequest, day: date, jobs: list[MaintenanceJob]
) -> dict[str, Any]:
    """What the planning page needs for its timeline and week strip (one
    query more than its table)."""
    bays = settings.WORKSTATIONS
    may_move = day >= clock.today() and request.user.has_perm("workshop.reschedule_job")
    return {
        "timeline": timeline.build(day, jobs, bays),
        "week": timeline.get_week(day, len(bays)),
        "may_move": may_move,
    }


@requires("workshop.view_maintenancejob", "see the week")
def week(request: HttpRequest, day: date) -> HttpResponse:
    figures = timeline.get_week(day, len(settings.WORKSTATIONS))
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
