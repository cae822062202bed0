from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as format_date

from garage.kernel.errors import InvalidInputError, RuleViolationError
from garage.kernel.roles import requires
from garage.kernel.web import CommandForm

from . import clock, handlers, queries, timeline
from .commands import Actor
from .domain import Status, Step, allows, refusal
from .forms import (
    CancelJobForm,
    CheckInForm,
    FinishJobForm,
    PlanJobForm,
    RescheduleForm,
    StartWorkForm,
    WaitForPartsForm,
)
from .models import MaintenanceJob
from .timeline_views import timeline_context


@requires("workshop.view_maintenancejob", "see the planning")
def planning_today(request: HttpRequest) -> HttpResponse:
    if chosen := request.GET.get("date"):
        try:
            return redirect("workshop:planning", day=date.fromisoformat(chosen))
        except ValueError:
            messages.error(request, f"{chosen} is not a date (YYYY-MM-DD).")
    return _planning(request, clock.today())


@requires("workshop.view_maintenancejob", "see the planning")
def planning(request: HttpRequest, day: date) -> HttpResponse:
    return _planning(request, day)


def _planning(request: HttpRequest, day: date) -> HttpResponse:
    today = clock.today()
    jobs = timeline.get_day(day)
    return render(
        request,
        "workshop/planning.html",
        {
            "day": day,
            "today": today,
            "previous_day": _shift(day, -1),
            "next_day": _shift(day, 1),
            "can_plan": day >= today,
            "jobs": jobs,
        }
        | timeline_context(request, day, jobs),
    )


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


@requires("workshop.plan_job", "plan a job")
def plan_job(request: HttpRequest, day: date) -> HttpResponse:
    if request.method != "POST" and day < clock.today():
        messages.error(request, "Jobs can only be planned for today or later.")
        return redirect("workshop:planning", day=day)
    vehicle_search, form = _plan_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            handlers.plan_maintenance_job(form.command(day), Actor.of(request.user))
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is planned.")
            return redirect("workshop:planning", day=day)
    context = {"day": day, "form": form, "vehicle_q": vehicle_search}
    context["no_vehicles"] = not vehicle_search and not form.has_vehicles
    business_day = queries.get_business_day()
    if business_day and day <= business_day:
        context["business_day"] = business_day  # no reminder for this job
    return render(request, "workshop/plan_job.html", context)


def _plan_form(request: HttpRequest) -> tuple[str, PlanJobForm]:
    """The vehicle list holds the vehicles matching the vehicle search (at most
    50 of however many there are), plus the chosen one: the one posted, or
    ``?vehicle=<license>`` when coming from another page."""
    data = request.POST if request.method == "POST" else None
    vehicle_search = (data or request.GET).get("vehicle_q", "")
    selected = (data or request.GET).get("license_number") or request.GET.get(
        "vehicle", ""
    )
    vehicles = queries.list_vehicle_choices(vehicle_search, selected)
    initial = {"license_number": selected.upper()}
    return vehicle_search, PlanJobForm(data, initial=initial, vehicles=vehicles)


def follows_the_job(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A job's address on a day the job has left since (a page left open, a
    bookmark) leads to the job on its new day. A step sent from there is not
    taken: the job's page on its new day says so."""

    @wraps(view)
    def followed(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
        try:
            return view(request, day, job_id)
        except queries.JobMovedError as moved:
            return _moved(request, moved.planning_date, job_id)

    return followed


def _moved(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    now_on = f"This job is now on the planning of {format_date(day, 'D j M Y')}"
    if request.method != "POST":
        messages.info(request, f"{now_on}.")
        return redirect(request.resolver_match.view_name, day=day, job_id=job_id)
    messages.warning(
        request, f"{now_on}: nothing was recorded. Check it and send again."
    )
    return _job_page(request, day, queries.get_job(day, job_id))


@requires("workshop.view_maintenancejob", "see a job")
@follows_the_job
def job_detail(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _job_page(request, day, queries.get_job(day, job_id))


@dataclass(frozen=True)
class Action:
    """A step taken with a form on the job's page."""

    step: Step
    permission: str
    form: type[CommandForm]
    handler: Callable[..., handlers.Outcome]
    done: str


ACTIONS = {
    "check_in": Action(
        Step.CHECK_IN,
        "workshop.check_in_job",
        CheckInForm,
        handlers.check_in_vehicle,
        "The vehicle is checked in.",
    ),
    "start": Action(
        Step.START,
        "workshop.start_job",
        StartWorkForm,
        handlers.start_work,
        "Work on the job has started.",
    ),
    "wait_for_parts": Action(
        Step.WAIT_FOR_PARTS,
        "workshop.wait_for_parts",
        WaitForPartsForm,
        handlers.wait_for_parts,
        "The job is waiting for parts.",
    ),
    "reschedule": Action(
        Step.RESCHEDULE,
        "workshop.reschedule_job",
        RescheduleForm,
        handlers.reschedule_maintenance_job,
        "The job is rescheduled.",
    ),
}


def _job_page(
    request: HttpRequest,
    day: date,
    job: MaintenanceJob,
    bound: dict[str, CommandForm] | None = None,
) -> HttpResponse:
    """The job, its history, and a form for each step its status allows and
    the user may take (``bound``: one just posted, with its errors)."""
    may = _may(request, job)
    forms = {
        name: action.form.prefilled(job, request.user)
        for name, action in ACTIONS.items()
        if may(action.step, action.permission)
    } | (bound or {})
    context = {
        "day": day,
        "job": job,
        "forms": forms,
        "history": queries.get_job_history(day, job.job_id),
        "may_finish": may(Step.FINISH, "workshop.finish_job"),
        "may_cancel": may(Step.CANCEL, "workshop.cancel_job"),
    }
    return render(request, "workshop/job_detail.html", context)


def _may(request: HttpRequest, job: MaintenanceJob) -> Callable[[Step, str], bool]:
    status = Status(job.status)
    return lambda step, permission: (
        allows(step, status) and request.user.has_perm(permission)
    )


def _refused(request: HttpRequest, job: MaintenanceJob, step: Step) -> bool:
    """Whether the job's status does not allow ``step``, and if so says why:
    a step's form opened from a page left open, or with the back button."""
    refused = refusal(step, Status(job.status))
    if refused:
        messages.error(request, refused.message)
    return refused is not None


def _act(request: HttpRequest, day: date, job_id: UUID, name: str) -> HttpResponse:
    """Takes a step posted from the job's page: back to the job when done, the
    job's page with the form and its errors when not."""
    if request.method != "POST":
        return redirect("workshop:job_detail", day=day, job_id=job_id)
    job = queries.get_job(day, job_id)
    action = ACTIONS[name]
    form = action.form(request.POST)
    if form.is_valid():
        try:
            outcome = action.handler(form.command(day, job_id), Actor.of(request.user))
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, action.done)
            now_on = form.cleaned_data.get("planning_date", day)
            return redirect(
                "workshop:job_detail", day=now_on, job_id=outcome.job.job_id
            )
    return _job_page(request, day, job, {name: form})


@requires("workshop.check_in_job", "check a vehicle in")
@follows_the_job
def check_in_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _act(request, day, job_id, "check_in")


@requires("workshop.start_job", "start work on a job")
@follows_the_job
def start_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _act(request, day, job_id, "start")


@requires("workshop.wait_for_parts", "put a job on waiting for parts")
@follows_the_job
def wait_for_parts(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _act(request, day, job_id, "wait_for_parts")


@requires("workshop.reschedule_job", "reschedule a job")
@follows_the_job
def reschedule_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    return _act(request, day, job_id, "reschedule")


@requires("workshop.finish_job", "finish a job")
@follows_the_job
def finish_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    job = queries.get_job(day, job_id)
    posted = request.method == "POST"
    if not posted and _refused(request, job, Step.FINISH):
        return redirect("workshop:job_detail", day=day, job_id=job_id)
    form = FinishJobForm(request.POST) if posted else FinishJobForm.prefilled(job)
    if posted and form.is_valid():
        try:
            handlers.finish_maintenance_job(
                form.command(day, job_id), Actor.of(request.user)
            )
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is finished.")
            return redirect("workshop:job_detail", day=day, job_id=job_id)
    context = {"day": day, "job": job, "form": form}
    context["ahead_of_clock"] = form.ahead_of_clock(day)
    return render(request, "workshop/finish_job.html", context)


@requires("workshop.cancel_job", "cancel a job")
@follows_the_job
def cancel_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    job = queries.get_job(day, job_id)
    posted = request.method == "POST"
    if not posted and _refused(request, job, Step.CANCEL):
        return redirect("workshop:job_detail", day=day, job_id=job_id)
    form = CancelJobForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            handlers.cancel_maintenance_job(
                form.command(day, job_id), Actor.of(request.user)
            )
        except (RuleViolationError, InvalidInputError) as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is cancelled.")
            return redirect("workshop:job_detail", day=day, job_id=job_id)
    return render(
        request, "workshop/cancel_job.html", {"day": day, "job": job, "form": form}
    )


@requires("workshop.view_maintenancejob", "see the planning history")
def planning_history(request: HttpRequest, day: date) -> HttpResponse:
    steps = queries.get_planning_history(day)
    return render(
        request, "workshop/planning_history.html", {"day": day, "steps": steps}
    )


@requires("workshop.view_maintenancejob", "see a customer's jobs")
def customer_jobs(request: HttpRequest, customer_id: UUID) -> HttpResponse:
    customer = queries.find_customer(customer_id)
    return render(
        request,
        "workshop/job_list.html",
        {
            "title": f"Jobs of {customer.name if customer else customer_id}",
            "jobs": queries.list_customer_jobs(customer_id),
        },
    )


@requires("workshop.view_maintenancejob", "see a vehicle's jobs")
def vehicle_jobs(request: HttpRequest, license_number: str) -> HttpResponse:
    vehicle = queries.find_vehicle(license_number)
    return render(
        request,
        "workshop/job_list.html",
        {
            "title": f"Jobs of {vehicle or license_number.upper()}",
            "jobs": queries.list_vehicle_jobs(license_number),
        },
    )


@requires("workshop.view_maintenancejob", "see a vehicle's history")
def vehicle_history(request: HttpRequest, license_number: str) -> HttpResponse:
    history = queries.get_vehicle_history(license_number)
    jobs = history.jobs
    context = {
        "vehicle": history.vehicle,
        "license_number": history.license_number,
        "jobs": jobs,
        "readings": [job.odometer_km for job in jobs if job.odometer_km is not None],
        "today": clock.today(),
    }
    return render(request, "workshop/vehicle_history.html", context)
