from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from garage.kernel.errors import RuleViolationError
from garage.kernel.roles import requires

from . import clock, handlers, queries
from .forms import CancelJobForm, FinishJobForm, PlanJobForm


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
    return render(
        request,
        "workshop/planning.html",
        {
            "day": day,
            "today": today,
            "previous_day": _shift(day, -1),
            "next_day": _shift(day, 1),
            "can_plan": day >= today,
            "jobs": queries.get_planning(day),
        },
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
            handlers.plan_maintenance_job(form.command(day))
        except RuleViolationError as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is planned.")
            return redirect("workshop:planning", day=day)
    context = {"day": day, "form": form, "vehicle_q": vehicle_search}
    context["no_vehicles"] = not vehicle_search and not form.has_vehicles
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


@requires("workshop.view_maintenancejob", "see a job")
def job_detail(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    job = queries.get_job(day, job_id)
    return render(request, "workshop/job_detail.html", {"day": day, "job": job})


@requires("workshop.finish_job", "finish a job")
def finish_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    job = queries.get_job(day, job_id)
    posted = request.method == "POST"
    form = FinishJobForm(request.POST) if posted else FinishJobForm.prefilled(job)
    if posted and form.is_valid():
        try:
            handlers.finish_maintenance_job(form.command(day, job_id))
        except RuleViolationError as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is finished.")
            return redirect("workshop:job_detail", day=day, job_id=job_id)
    return render(
        request, "workshop/finish_job.html", {"day": day, "job": job, "form": form}
    )


@requires("workshop.cancel_job", "cancel a job")
def cancel_job(request: HttpRequest, day: date, job_id: UUID) -> HttpResponse:
    job = queries.get_job(day, job_id)
    posted = request.method == "POST"
    form = CancelJobForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            handlers.cancel_maintenance_job(form.command(day, job_id))
        except RuleViolationError as error:
            form.add_command_error(error)
        else:
            messages.success(request, "The job is cancelled.")
            return redirect("workshop:job_detail", day=day, job_id=job_id)
    return render(
        request, "workshop/cancel_job.html", {"day": day, "job": job, "form": form}
    )


@requires("workshop.view_maintenancejob", "see the planning history")
def planning_history(request: HttpRequest, day: date) -> HttpResponse:
    events = queries.get_planning_history(day)
    return render(
        request, "workshop/planning_history.html", {"day": day, "events": events}
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
