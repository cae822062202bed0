from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from garage.kernel.errors import NotFoundError

from .models import Invoice

PAGE_SIZE = 25


def _invoices() -> QuerySet[Invoice]:
    return Invoice.objects.defer("html")


def list_invoices() -> QuerySet[Invoice]:
    return _invoices().prefetch_related("lines")


def get_invoice_page(number: str | int | None) -> Page:
    return Paginator(_invoices(), PAGE_SIZE).get_page(number)


def get_invoice(number: str) -> Invoice:
    invoice = Invoice.objects.prefetch_related("lines").filter(number=number).first()
    if invoice is None:
        raise NotFoundError(f"There is no invoice {number}.")
    return invoice
