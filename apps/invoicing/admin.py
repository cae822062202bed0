from decimal import Decimal

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from garage.kernel.admin import ReadOnlyAdmin, ReadOnlyInline
from garage.kernel.errors import GarageError

from . import handlers
from .commands import RecordPayment
from .models import (
    BusinessDay,
    Customer,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Job,
    Payment,
)


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = [
        "kind",
        "day",
        "description",
        "license_number",
        "quantity",
        "unit_price",
        "amount",
        "job_id",
    ]

    def has_change_permission(self, request, obj=None):
        return False


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["paid_on", "method", "amount", "recorded_by", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Never edited or deleted: corrected by a credit note, from its page."""

    list_display = [
        "number",
        "kind",
        "invoice_date",
        "customer_name",
        "total",
        "amount_paid",
        "sent_at",
    ]
    list_filter = ["kind", "invoice_date", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "customer_name", "customer_id", "message_id"]
    date_hierarchy = "invoice_date"
    exclude = ["html", "pdf"]
    readonly_fields = ["document"]
    inlines = [InvoiceLineInline, PaymentInline]

    @admin.display(description="Document")
    def document(self, invoice: Invoice) -> str:
        url = reverse("invoicing:invoice_detail", args=[invoice.number])
        return format_html('<a href="{}">Invoice page and PDF</a>', url)


class PaymentAdminForm(forms.ModelForm):
    """Records a payment through the same command as the page and the API:
    the same rules, the same ``PaymentReceived``."""

    invoice_number = forms.CharField(max_length=20)
    amount = forms.DecimalField(
        min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )

    class Meta:
        model = Payment
        fields = ["invoice_number", "amount", "paid_on", "method"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        command = RecordPayment(
            number=data["invoice_number"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            method=data["method"],
            recorded_by=self.user.get_username(),
        )
        try:
            self.recorded = handlers.record_payment(command)
        except GarageError as error:
            raise forms.ValidationError(error.message) from error
        return data


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "paid_on", "method", "amount", "recorded_by"]
    list_filter = ["method", "paid_on"]
    search_fields = ["invoice__number", "recorded_by"]
    date_hierarchy = "paid_on"

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("invoicing.record_payment")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = PaymentAdminForm

            class WithUser(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, user=request.user, **kw)

            return WithUser
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["invoice_number", "amount", "paid_on", "method"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        """The command in the form's clean() stored it already."""
        obj.pk, obj.invoice = form.recorded.pk, form.recorded.invoice

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(InvoiceCounter)
class InvoiceCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last"]


@admin.register(BusinessDay)
class BusinessDayAdmin(ReadOnlyAdmin):
    list_display = ["date"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["name", "city", "email_address", "customer_id"]
    search_fields = ["name", "city", "customer_id"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["planning_date", "customer_name", "license_number", "status"]
    list_filter = ["status", ("invoice", admin.EmptyFieldListFilter)]
    search_fields = ["job_id", "customer_name", "license_number", "description"]
    date_hierarchy = "planning_date"
