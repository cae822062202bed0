"""Mailing a stored invoice to the print shop, once."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from garage.kernel.mail import receipt, stable_message_id

from .models import Invoice


def send_invoice(number: str) -> None:
    """Mails the invoice unless it was mailed already, then records the send.

    Runs in the subscriber's transaction with the invoice row locked, so two
    deliveries of the same news cannot both mail it.
    """
    invoice = Invoice.objects.select_for_update().get(number=number)
    if invoice.sent_at is not None:
        return
    message = compose_invoice(invoice)
    message.send()
    invoice.message_id, invoice.delivery_status = receipt(message)
    invoice.sent_at = timezone.now()
    invoice.save(update_fields=["message_id", "delivery_status", "sent_at"])


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
