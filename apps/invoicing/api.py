from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from ninja import Query, Router, Schema

from garage.kernel.paging import PageIn, page

from . import queries
from .models import Invoice

router = Router(tags=["invoices"])


class InvoiceLineOut(Schema):
    job_id: UUID
    description: str
    license_number: str
    hours: Decimal
    amount: Decimal


class InvoiceOut(Schema):
    number: str
    invoice_date: date
    due_date: date
    customer_id: UUID
    customer_name: str
    total: Decimal
    lines: list[InvoiceLineOut]
    sent_at: datetime | None

    @staticmethod
    def resolve_sent_at(invoice: Invoice) -> datetime | None:
        return invoice.sent_at and timezone.localtime(invoice.sent_at)


class InvoicesOut(Schema):
    items: list[InvoiceOut]
    count: int


@router.get("/invoices", response=InvoicesOut)
def list_invoices(request, params: Query[PageIn]):
    return page(queries.list_invoices(), params)


@router.get("/invoices/{number}", response=InvoiceOut)
def get_invoice(request, number: str):
    return queries.get_invoice(number)
