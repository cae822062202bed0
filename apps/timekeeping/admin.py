from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from garage.kernel.errors import GarageError

from .commands import PassDay
from .handlers import pass_day
from .models import BusinessDay
from .queries import get_next_business_day


@admin.register(BusinessDay)
class BusinessDayAdmin(admin.ModelAdmin):
    """Read-only: the record of which days were published, and by whom.

    A manager (``timekeeping.pass_day``) has a button above the list that
    passes the day after the current business day.
    """

    list_display = ["date", "passed_at", "passed_by"]
    search_fields = ["passed_by"]
    list_filter = ["passed_by"]
    date_hierarchy = "date"
    change_list_template = "admin/timekeeping/businessday/change_list.html"
    confirm_template = "admin/timekeeping/businessday/pass_next_day.html"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        pass_next = self.admin_site.admin_view(self.pass_next_day)
        own = [path("pass-next-day/", pass_next, name="timekeeping_pass_next_day")]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        context = {
            "may_pass_day": request.user.has_perm("timekeeping.pass_day"),
            "next_day": get_next_business_day(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def pass_next_day(self, request: HttpRequest) -> HttpResponse:
        """GET asks to confirm (the day's e-mails cannot be taken back); POST
        passes the day."""
        if not request.user.has_perm("timekeeping.pass_day"):
            raise PermissionDenied("Only a manager may pass a business day.")
        day = get_next_business_day()
        if request.method != "POST":
            context = {**self.admin_site.each_context(request), "next_day": day}
            context["opts"] = self.opts
            return TemplateResponse(request, self.confirm_template, context)
        try:
            passed = pass_day(
                PassDay(day=day, passed_by=f"admin {request.user.get_username()}")
            )
        except GarageError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _report(day, passed.already_passed))
        return HttpResponseRedirect(reverse("admin:timekeeping_businessday_changelist"))


def _report(day, already_passed: bool) -> str:
    if already_passed:
        return f"{day:%Y-%m-%d} has already passed."
    return f"Business day {day:%Y-%m-%d} has begun: its reminders and invoices go out."
