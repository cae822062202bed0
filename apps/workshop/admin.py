from django.contrib import admin

from garage.kernel.admin import ReadOnlyAdmin

from .models import BusinessDay, Customer, MaintenanceJob, PlanningEvent, Vehicle


@admin.register(PlanningEvent)
class PlanningEventAdmin(ReadOnlyAdmin):
    """The event store: append-only, so nothing here can be changed."""

    list_display = ["id", "stream_id", "version", "event_type", "recorded_at"]
    list_filter = ["event_type", "stream_id"]
    search_fields = ["stream_id", "event_type"]
    readonly_fields = [field.name for field in PlanningEvent._meta.fields]


@admin.register(MaintenanceJob)
class MaintenanceJobAdmin(ReadOnlyAdmin):
    """The read model, rebuilt from the event store by ``rebuild_read_models``."""

    list_display = [
        "planning_date",
        "start_time",
        "end_time",
        "license_number",
        "customer_name",
        "status",
        "workstation",
        "description",
    ]
    list_filter = ["status", "planning_date"]
    search_fields = ["job_id", "license_number", "customer_name", "description"]
    date_hierarchy = "planning_date"
    readonly_fields = [field.name for field in MaintenanceJob._meta.fields]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    """Filled from ``CustomerRegistered``; the customers context owns the data."""

    list_display = ["name", "telephone_number", "customer_id"]
    search_fields = ["name", "customer_id"]
    readonly_fields = ["customer_id", "name", "telephone_number"]


@admin.register(Vehicle)
class VehicleAdmin(ReadOnlyAdmin):
    """Filled from ``VehicleRegistered``; the customers context owns the data."""

    list_display = ["license_number", "brand", "type", "owner_id"]
    list_filter = ["brand"]
    search_fields = ["license_number", "brand", "type", "owner_id"]
    readonly_fields = ["license_number", "brand", "type", "owner_id"]


@admin.register(BusinessDay)
class BusinessDayAdmin(ReadOnlyAdmin):
    """Filled from ``DayHasPassed``; timekeeping owns the business day."""

    list_display = ["date"]
    date_hierarchy = "date"
