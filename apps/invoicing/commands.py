"""What invoicing can be asked to do: by its subscribers when a day passes,
and by employees (pages, API, admin)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from garage.kernel import fields
from garage.kernel.messages import Command

from .domain import to_cents

# In cents however it was written ("7", "10.5", "1e3"): what is stored, said
# and published reads "7.00", "10.50", "1000.00".
Money = Annotated[
    Decimal, Field(max_digits=12, decimal_places=2), AfterValidator(to_cents)
]
REASON_MAX = 1000
AMOUNT_MAX = Decimal("9999999999.99")  # Money: 12 digits, 2 after the point
Reason = fields.text(REASON_MAX)
Amount = fields.decimal(AMOUNT_MAX, positive=True)
PaymentMethod = Literal["cash", "card", "bank_transfer"]


class IssueInvoices(Command):
    invoice_date: date


class SendInvoice(Command):
    number: str


class RemindOverduePayments(Command):
    today: date


class RecordPayment(Command):
    number: str
    amount: Money
    paid_on: date
    method: PaymentMethod
    recorded_by: str


class CreditInvoice(Command):
    number: str
    reason: Reason
    credited_by: str
