from django.contrib import admin, messages

from garage.kernel.errors import GarageError

from .commands import PassDay
from .handlers import pass_day
from .models import BusinessDay
from .queries import get_next_business_day


@admin.action(description="Pass the next business day")
def pass_next_business_day(modeladmin, request, queryset):
    day = get_next_business_day()
    try:
        passed = pass_day(PassDay(day, f"admin {request.user.get_username()}"))
    except GarageError as exc:
        modeladmin.message_user(request, exc.message, messages.ERROR)
        return
    if passed.already_passed:
        modeladmin.message_user(request, f"{day} has already passed.", messages.INFO)
    else:
        modeladmin.message_user(request, f"DayHasPassed published for {day}.")


@admin.register(BusinessDay)
class BusinessDayAdmin(admin.ModelAdmin):
    """Read-only: the record of which days were published, and by whom.

    The action passes the day after the current business day, whichever rows
    are selected; the Business day page passes any later day.
    """

    list_display = ["date", "passed_at", "passed_by"]
    search_fields = ["passed_by"]
    list_filter = ["passed_by"]
    date_hierarchy = "date"
    actions = [pass_next_business_day]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff and obj is None  # the action needs it

    def has_delete_permission(self, request, obj=None):
        return False
