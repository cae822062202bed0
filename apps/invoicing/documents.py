"""The invoice document: one template, rendered once to the HTML that is
stored, shown and mailed, and from that HTML to the PDF that is attached and
downloaded. The same HTML always gives the same PDF bytes."""

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from reportlab import rl_config
from xhtml2pdf import pisa

from .models import Invoice, InvoiceLine

# No creation date or random id in the PDF: the same document, byte for byte,
# whenever it is rendered.
rl_config.invariant = 1
# xhtml2pdf reports every CSS property it skips (e.g. the screen-only rules);
# those are expected, not news.
logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)


class PdfRenderingError(RuntimeError):
    pass


def render_invoice(invoice: Invoice, lines: list[InvoiceLine]) -> str:
    context = {
        "garage": {
            "name": settings.GARAGE_NAME,
            "address": settings.GARAGE_ADDRESS,
            "vat_number": settings.GARAGE_VAT_NUMBER,
            "coc_number": settings.GARAGE_COC_NUMBER,
            "bank_account": settings.BANK_ACCOUNT,
        },
        "invoice": invoice,
        "lines": lines,
        "payment_term_days": settings.PAYMENT_TERM_DAYS,
    }
    return render_to_string("invoicing/invoice_document.html", context)


def render_pdf(html: str) -> bytes:
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise PdfRenderingError(
            f"The invoice PDF could not be rendered ({result.err})."
        )
    return out.getvalue()


def pdf_of(invoice: Invoice) -> bytes:
    """The stored PDF, the one that was mailed; before mailing, the same
    document rendered from the stored HTML."""
    if invoice.pdf is not None:
        return bytes(invoice.pdf)
    return render_pdf(invoice.html)
