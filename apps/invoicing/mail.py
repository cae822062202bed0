"""The invoice e-mail to the print shop: the stored document as its body."""

from django.conf import settings
from django.core.mail import EmailMessage

from garage.kernel.mail import stable_message_id

from .models import Invoice


def compose_invoice(invoice: Invoice) -> EmailMessage:
    message = EmailMessage(
        subject=f"{settings.GARAGE_NAME} Invoice #{invoice.number}",
        body=invoice.html,
        from_email=settings.INVOICE_FROM_EMAIL,
        to=[settings.PRINT_SHOP_EMAIL],
        headers={
            "Message-ID": stable_message_id(
                "invoice", invoice.number, settings.INVOICE_FROM_EMAIL
            )
        },
    )
    message.content_subtype = "html"
    return message
