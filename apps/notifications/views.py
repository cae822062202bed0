from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from garage.kernel.roles import requires

from .queries import get_reminder_page


@requires("notifications.view_reminder", "see the reminders")
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    page = get_reminder_page(request.GET.get("page"))
    return render(request, "notifications/reminder_list.html", {"page": page})
