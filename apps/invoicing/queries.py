"""What invoicing shows: invoices, their documents, the receivables."""

from collections.abc import Iterator
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils import timezone

from garage.kernel.errors import NotFoundError

from . import domain
from .models import BusinessDay, Invoice

PAGE_SIZE = 25


def business_day() -> date:
    """Invoicing's today: the last day it saw pass, or the calendar's."""
    day = BusinessDay.objects.filter(pk=1).values_list("date", flat=True).first()
    return day or timezone.localdate()


def _invoices() -> QuerySet[Invoice]:
    return Invoice.objects.defer("html", "pdf").select_related("credit_note", "credits")


def list_invoices() -> QuerySet[Invoice]:
    return _invoices().prefetch_related("lines")


def get_invoice_page(number: str | int | None) -> Page:
    return Paginator(_invoices(), PAGE_SIZE).get_page(number)


def get_invoice(number: str) -> Invoice:
    invoice = (
        Invoice.objects.select_related("credit_note", "credits")
        .prefetch_related("lines", "payments")
        .filter(number=number)
        .first()
    )
    if invoice is None:
        raise NotFoundError(f"There is no invoice {number}.")
    return invoice


def get_document(number: str) -> Invoice:
    """Only the number and the stored documents, for the HTML and PDF views."""
    invoice = Invoice.objects.only("number", "html", "pdf").filter(number=number)
    if not (found := invoice.first()):
        raise NotFoundError(f"There is no invoice {number}.")
    return found


def open_invoices() -> QuerySet[Invoice]:
    """Invoices, not credited, with money still open, oldest first."""
    return (
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE,
            credit_note__isnull=True,
            amount_paid__lt=F("total"),
        )
        .only(
            "number",
            "customer_id",
            "customer_name",
            "invoice_date",
            "due_date",
            "total",
            "amount_paid",
        )
        .order_by("invoice_date", "number")
    )


def receivables(today: date | None = None) -> list[domain.Receivable]:
    return domain.receivables(list(open_invoices()), today or business_day())


def invoices_between(first: date, last: date) -> Iterator[Invoice]:
    """Every invoice and credit note dated ``first`` to ``last``, in number
    order, streamed (an accountant's year may be large)."""
    return (
        _invoices()
        .filter(invoice_date__range=(first, last))
        .order_by("invoice_date", "number")
        .iterator(chunk_size=500)
    )
