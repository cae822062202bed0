from django.contrib import admin

from garage.kernel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Customer, Job, Message, OdometerReading, Reminder, Vehicle


class JobInline(ReadOnlyInline):
    model = Job
    fields = ["job_id", "start_time", "description", "license_number", "status"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "customer_name", "email_address", "sent_at"]
    list_filter = ["day", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["customer_name", "email_address", "customer_id", "message_id"]
    date_hierarchy = "day"
    inlines = [JobInline]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["name", "email_address", "customer_id"]
    search_fields = ["name", "email_address", "customer_id"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["start_time", "customer_name", "license_number", "status"]
    list_filter = ["status", ("reminder", admin.EmptyFieldListFilter)]
    search_fields = ["job_id", "customer_name", "license_number", "description"]
    date_hierarchy = "start_time"


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "customer_name", "subject", "sent_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["customer_name", "email_address", "customer_id", "subject"]


@admin.register(Vehicle)
class VehicleAdmin(ReadOnlyAdmin):
    list_display = ["license_number", "owner_id", "last_service_on", "due_on"]
    list_filter = ["due_reason"]
    search_fields = ["license_number", "owner_id"]
    date_hierarchy = "due_on"


@admin.register(OdometerReading)
class OdometerReadingAdmin(ReadOnlyAdmin):
    list_display = ["license_number", "day", "km", "job_id"]
    search_fields = ["license_number", "job_id"]
