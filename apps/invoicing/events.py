from datetime import date
from decimal import Decimal
from uuid import UUID

from garage.kernel.messages import Event


class InvoiceIssued(Event):
    """An invoice is stored; mailing it to the print shop comes next."""

    number: str
    customer_id: UUID
    invoice_date: date
    total: Decimal
