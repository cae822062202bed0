from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from garage.kernel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Customer, Invoice, InvoiceCounter, InvoiceLine, Job


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["job_id", "day", "description", "license_number", "hours", "amount"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "invoice_date", "customer_name", "total", "sent_at"]
    list_filter = ["invoice_date", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "customer_name", "customer_id", "message_id"]
    date_hierarchy = "invoice_date"
    exclude = ["html"]
    readonly_fields = ["document"]
    inlines = [InvoiceLineInline]

    @admin.display(description="Document")
    def document(self, invoice: Invoice) -> str:
        url = reverse("invoicing:invoice_detail", args=[invoice.number])
        return format_html('<a href="{}">Printable invoice</a>', url)


@admin.register(InvoiceCounter)
class InvoiceCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["name", "city", "customer_id"]
    search_fields = ["name", "city", "customer_id"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["planning_date", "customer_name", "license_number", "status"]
    list_filter = ["status", ("invoice", admin.EmptyFieldListFilter)]
    search_fields = ["job_id", "customer_name", "license_number", "description"]
    date_hierarchy = "planning_date"
