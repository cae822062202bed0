"""The invoice e-mail: the stored HTML as its body, the PDF attached, to the
customer, the print shop or both (``INVOICE_DELIVERY``)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage

from garage.kernel.mail import stable_message_id

from .models import Invoice

logger = logging.getLogger(__name__)


def recipients(invoice: Invoice, customer_email: str | None) -> list[str]:
    """Where ``INVOICE_DELIVERY`` sends it. A customer without an e-mail
    address gets theirs by post: the print shop."""
    to = []
    if settings.INVOICE_DELIVERY in {"customer", "both"}:
        if customer_email:
            to.append(customer_email)
        else:
            logger.warning(
                "%s %s: the customer has no e-mail address; sent to the print shop.",
                invoice.get_kind_display(),
                invoice.number,
            )
    if settings.INVOICE_DELIVERY in {"print_shop", "both"} or not to:
        to.append(settings.PRINT_SHOP_EMAIL)
    return to


def compose_invoice(invoice: Invoice, customer_email: str | None) -> EmailMessage:
    title = "Credit note" if invoice.is_credit_note else "Invoice"
    message = EmailMessage(
        subject=f"{settings.GARAGE_NAME} {title} #{invoice.number}",
        body=invoice.html,
        from_email=settings.INVOICE_FROM_EMAIL,
        to=recipients(invoice, customer_email),
        headers={
            "Message-ID": stable_message_id(
                "invoice", invoice.number, settings.INVOICE_FROM_EMAIL
            )
        },
    )
    message.content_subtype = "html"
    message.attach(f"{invoice.number}.pdf", bytes(invoice.pdf), "application/pdf")
    return message
