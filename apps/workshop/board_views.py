"""The mechanics' board (SPEC 12): today's jobs by bay, with a large button
for each step the job's status and the user's permissions allow."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from garage.kernel.errors import InvalidInputError, RuleViolationError
from garage.kernel.roles import requires
from garage.kernel.web import CommandForm

from . import clock, handlers, queries, timeline
from .commands import Actor
from .domain import Step
from .forms import FinishJobForm
from .models import MaintenanceJob
from .views import ACTIONS, _may, _refused, follows_the_job

BOARD_STEPS = ("check_in", "start", "wait_for_parts")


@dataclass
class Card:
    """A job on the board, with a form for each step the user may take."""

    job: MaintenanceJob
    forms: dict[str, CommandForm]
    may_finish: bool


@requires("workshop.view_maintenancejob", "see the mechanics' board")
def board(request: HttpRequest) -> HttpResponse:
    return _board(request, clock.today())


def _board(
    request: HttpRequest,
    day: date,
    bound: tuple[UUID, str, CommandForm] | None = None,
) -> HttpResponse:
    """The day's lanes as the timeline lays them out (``bound``: a step just
    posted for a job, shown again with its errors)."""
    jobs = queries.get_planning(day)
    lanes = timeline.build(day, jobs, settings.WORKSTATIONS).lanes
    bays = [
        (
            lane.name,
            [_card(request, block.job, lane.name, bound) for block in lane.blocks],
        )
        for lane in lanes
    ]
    context = {"day": day, "bays": bays, "finished": _count(jobs, "Finished")}
    return render(request, "workshop/board.html", context)


def _count(jobs: list[MaintenanceJob], status: str) -> int:
    return sum(job.status == status for job in jobs)


def _card(
    request: HttpRequest,
    job: MaintenanceJob,
    bay: str,
    bound: tuple[UUID, str, CommandForm] | None,
) -> Card:
    may = _may(request, job)
    forms = {}
    for name in BOARD_STEPS:
        action = ACTIONS[name]
        if may(action.step, action.permission):
            form = action.form.prefilled(job, request.user)
            if name == "start":
                form.initial["workstation"] = job.workstation or bay
            forms[name] = form
    if bound and bound[0] == job.job_id:
        forms[bound[1]] = bound[2]
    for name, form in forms.items():
        form.auto_id = f"{name}-{job.job_id.hex[:8]}-%s"
    return Card(job, forms, may(Step.FINISH, "workshop.finish_job"))


def _step(request: HttpRequest, day: date, job_id: UUID, name: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("workshop:board")
    job = queries.get_job(day, job_id)
    action = ACTIONS[name]
    form = action.form(request.POST)
    if form.is_valid():
        try:
            action.handler(form.command(day, job_id), Actor.of(request.user))
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, f"{job.license_number}: {action.done}")
            return redirect("workshop:board")
    return _board(request, day, (job_id, name, form))


@requires("workshop.check_in_job", "check a vehicle in")
@follows_the_job
def check_in(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _step(request, day, job_id, "check_in")


@requires("workshop.start_job", "start work on a job")
@follows_the_job
def start(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _step(request, day, job_id, "start")


@requires("workshop.wait_for_parts", "put a job on waiting for parts")
@follows_the_job
def wait(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _step(request, day, job_id, "wait_for_parts")


@requires("workshop.finish_job", "finish a job")
@follows_the_job
def finish(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    """Finishing from the board: the times, labour hours and parts lines
    (a row is added with a button, or, without JavaScript, filled in one of
    the empty rows); back to the board when done."""
    job = queries.get_job(day, job_id)
    posted = request.method == "POST"
    if not posted and _refused(request, job, Step.FINISH):
        return redirect("workshop:board")
    form = FinishJobForm(request.POST) if posted else FinishJobForm.prefilled(job)
    if posted and form.is_valid():
        try:
            handlers.finish_maintenance_job(
                form.command(day, job_id), Actor.of(request.user)
            )
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, f"{job.license_number}: the job is finished.")
            return redirect("workshop:board")
    context = {"day": day, "job": job, "form": form}
    context["ahead_of_clock"] = form.ahead_of_clock(day)
    return render(request, "workshop/board_finish.html", context)
