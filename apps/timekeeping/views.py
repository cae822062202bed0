from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from garage.kernel.errors import GarageError
from garage.kernel.roles import requires

from .commands import PassDay
from .forms import PassDayForm
from .handlers import PassedDays, days_to_pass, pass_day
from .queries import (
    get_current_business_day,
    get_next_business_day,
    list_recent_business_days,
)


@requires("timekeeping.view_businessday", "see the business day")
@requires("timekeeping.pass_day", "pass a business day", methods=["POST"])
@require_http_methods(["GET", "POST"])
def business_day(request: HttpRequest) -> HttpResponse:
    form = PassDayForm(request.POST or None, initial={"day": get_next_business_day()})
    to_pass: list[date] = []
    if request.method == "POST" and form.is_valid():
        day, confirmed = form.cleaned_data["day"], form.cleaned_data["confirmed"]
        try:
            if confirmed:
                _report(
                    request,
                    pass_day(PassDay(day=day, passed_by=request.user.get_username())),
                )
                return redirect("timekeeping:business_day")
            to_pass = days_to_pass(day)
        except GarageError as exc:
            form.add_command_error(exc)
    context = {
        "form": form,
        "to_pass": to_pass,
        "current_day": get_current_business_day(),
        "recent_days": list_recent_business_days(),
    }
    return render(request, "timekeeping/business_day.html", context)


def _report(request: HttpRequest, passed: PassedDays) -> None:
    if passed.already_passed:
        messages.info(request, f"{passed.day:%a %-d %b %Y} has already passed.")
        return
    days = " and ".join(f"{day:%a %-d %b %Y}" for day in passed.published[-2:])
    if len(passed.published) > 2:
        days = f"{len(passed.published)} business days, up to {days},"
    messages.success(
        request,
        f"{days} began: the reminders of each day and the invoices of the "
        "finished jobs are on their way.",
    )
