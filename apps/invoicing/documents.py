"""The invoice document: the HTML that is stored, shown and mailed as is."""

from django.conf import settings
from django.template.loader import render_to_string

from . import domain
from .models import Invoice


def render_invoice(invoice: Invoice, lines: tuple[domain.InvoiceLine, ...]) -> str:
    context = {
        "garage_name": settings.GARAGE_NAME,
        "invoice": invoice,
        "lines": lines,
        "payment_term_days": settings.PAYMENT_TERM_DAYS,
        "bank_account": settings.BANK_ACCOUNT,
    }
    return render_to_string("invoicing/invoice_document.html", context)
