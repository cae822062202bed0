from django.contrib import admin

from garage.kernel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Customer, Vehicle


class RegisterThroughTheAppAdmin(ReadOnlyAdmin):
    """View-only: registering goes through the app, which publishes the event
    the other contexts build on; an edit here would reach none of them."""


class VehicleInline(ReadOnlyInline):
    model = Vehicle
    fields = ["license_number", "brand", "type", "registered_at"]


@admin.register(Customer)
class CustomerAdmin(RegisterThroughTheAppAdmin):
    list_display = [
        "name",
        "city",
        "email_address",
        "telephone_number",
        "registered_at",
    ]
    list_filter = ["registered_at", "city"]
    search_fields = ["name", "city", "email_address", "postal_code", "=customer_id"]
    date_hierarchy = "registered_at"
    show_full_result_count = False
    inlines = [VehicleInline]


@admin.register(Vehicle)
class VehicleAdmin(RegisterThroughTheAppAdmin):
    list_display = ["license_number", "brand", "type", "owner", "registered_at"]
    list_filter = ["brand", "registered_at"]
    search_fields = ["license_number", "brand", "type", "owner__name"]
    list_select_related = ["owner"]
    date_hierarchy = "registered_at"
    show_full_result_count = False
