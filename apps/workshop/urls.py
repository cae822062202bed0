from datetime import date

from django.urls import path, register_converter

from . import board_views, timeline_views, views

app_name = "workshop"


class PlanningDateConverter:
    """A calendar date as YYYY-MM-DD; an impossible date matches nothing (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(PlanningDateConverter, "workshop_date")

DAY = "<workshop_date:day>/"
JOB = DAY + "jobs/<uuid:job_id>/"
BOARD_JOB = "board/" + JOB

urlpatterns = [
    path("", views.planning_today, name="planning_today"),
    path("board/", board_views.board, name="board"),
    path(BOARD_JOB + "check-in", board_views.check_in, name="board_check_in"),
    path(BOARD_JOB + "start", board_views.start, name="board_start"),
    path(BOARD_JOB + "wait-for-parts", board_views.wait, name="board_wait_for_parts"),
    path(BOARD_JOB + "finish", board_views.finish, name="board_finish"),
    path(DAY, views.planning, name="planning"),
    path(DAY + "history", views.planning_history, name="planning_history"),
    path(DAY + "week", timeline_views.week, name="week"),
    path(DAY + "jobs/new", views.plan_job, name="plan_job"),
    path(JOB, views.job_detail, name="job_detail"),
    path(JOB + "check-in", views.check_in_job, name="check_in_job"),
    path(JOB + "start", views.start_job, name="start_job"),
    path(JOB + "wait-for-parts", views.wait_for_parts, name="wait_for_parts"),
    path(JOB + "finish", views.finish_job, name="finish_job"),
    path(JOB + "cancel", views.cancel_job, name="cancel_job"),
    path(JOB + "reschedule", views.reschedule_job, name="reschedule_job"),
    path(
        "customers/<uuid:customer_id>/jobs", views.customer_jobs, name="customer_jobs"
    ),
    path("vehicles/<str:license_number>/jobs", views.vehicle_jobs, name="vehicle_jobs"),
    path(
        "vehicles/<str:license_number>/history",
        views.vehicle_history,
        name="vehicle_history",
    ),
]
