from datetime import date
from decimal import Decimal
from uuid import UUID

from garage.kernel.messages import Event


class InvoiceIssued(Event):
    """An invoice or credit note is stored; mailing it comes next. A credit
    note's ``total`` is negative."""

    number: str
    customer_id: UUID
    invoice_date: date
    total: Decimal
    kind: str = "invoice"  # or "credit_note"


class PaymentReceived(Event):
    number: str
    customer_id: UUID
    amount: Decimal
    paid_on: date
    method: str
    open_amount: Decimal  # still open after this payment


class InvoiceCredited(Event):
    """``number`` is corrected by the credit note ``credit_note_number``; its
    jobs are invoiced again when the next day passes."""

    number: str
    credit_note_number: str
    customer_id: UUID
    reason: str


class PaymentOverdue(Event):
    """``number`` is still open ``PAYMENT_REMINDER_DAYS`` after its due date
    (published once per invoice): notifications reminds the customer."""

    number: str
    customer_id: UUID
    invoice_date: date
    due_date: date
    open_amount: Decimal
