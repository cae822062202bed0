"""The invoice document: one template, rendered once to the HTML that is
stored, shown and mailed, and from that HTML to the PDF that is attached and
downloaded (``printing``). The same HTML always gives the same PDF bytes."""

from django.conf import settings
from django.template.loader import render_to_string
from reportlab import rl_config
from reportlab.platypus.doctemplate import LayoutError

from .models import Invoice, InvoiceLine
from .printing.render import render

# No creation date or random id in the PDF: the same document, byte for byte,
# whenever it is rendered.
rl_config.invariant = 1


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
    try:
        return render(html)
    except (ValueError, LayoutError) as error:
        raise PdfRenderingError(
            f"The invoice PDF could not be rendered ({error})."
        ) from error


def pdf_of(invoice: Invoice) -> bytes:
    """The stored PDF, the one that was mailed; before mailing, the same
    document rendered from the stored HTML."""
    if invoice.pdf is not None:
        return bytes(invoice.pdf)
    return render_pdf(invoice.html)
