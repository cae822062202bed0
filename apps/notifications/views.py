from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from garage.kernel.roles import requires

from .forms import MessageFilterForm
from .models import Vehicle
from .queries import get_message_page, get_reminder_page, get_service_due_page


@requires("notifications.view_reminder", "see the reminders")
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    page = get_reminder_page(request.GET.get("page"))
    return render(request, "notifications/reminder_list.html", {"page": page})


@requires("notifications.view_message", "see the messages sent to customers")
@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    form = MessageFilterForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    page = get_message_page(
        request.GET.get("page"), chosen.get("kind"), chosen.get("customer")
    )
    context = {"page": page, "form": form, "customer": chosen.get("customer")}
    return render(request, "notifications/message_list.html", context)


@requires("notifications.view_service_due", "see which vehicles are due")
@require_GET
def service_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = get_service_due_page(request.GET.get("page"), today)
    may_plan = request.user.has_perm("workshop.plan_job")
    for vehicle in page:
        vehicle.plan_url = may_plan and _plan_job_url(vehicle, today)
    context = {
        "page": page,
        "today": today,
        "interval_months": settings.SERVICE_INTERVAL_MONTHS,
        "interval_km": f"{settings.SERVICE_INTERVAL_KM:,}",
    }
    return render(request, "notifications/service_due.html", context)


def _plan_job_url(vehicle: Vehicle, today) -> str:
    """The workshop's plan-job form with the vehicle chosen, on its due date
    (today when that has passed); linked by the page's name, not imported."""
    day = max(vehicle.due_on, today)
    path = reverse("workshop:plan_job", kwargs={"day": day})
    return f"{path}?{urlencode({'vehicle': vehicle.license_number})}"
