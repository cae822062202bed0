"""What invoicing can be asked to do: by its subscribers when a day passes,
and by employees (pages, API, admin)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from garage.kernel.messages import Command

Money = Annotated[Decimal, Field(max_digits=12, decimal_places=2)]
Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)
]
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
