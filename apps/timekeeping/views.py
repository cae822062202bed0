from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from garage.kernel.errors import GarageError
from garage.kernel.roles import requires

from .commands import PassDay
from .forms import PassDayForm
from .handlers import PassedDays, pass_day
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
    if request.method == "POST" and form.is_valid():
        command = PassDay(form.cleaned_data["day"], request.user.get_username())
        try:
            _report(request, pass_day(command))
            return redirect("timekeeping:business_day")
        except GarageError as exc:
            form.add_command_error(exc)
    context = {
        "form": form,
        "current_day": get_current_business_day(),
        "recent_days": list_recent_business_days(),
    }
    return render(request, "timekeeping/business_day.html", context)


def _report(request: HttpRequest, passed: PassedDays) -> None:
    if passed.already_passed:
        messages.info(request, f"{passed.day:%Y-%m-%d} has already passed.")
        return
    days = ", ".join(f"{day:%Y-%m-%d}" for day in passed.published)
    messages.success(request, f"The day has passed: DayHasPassed published for {days}.")
