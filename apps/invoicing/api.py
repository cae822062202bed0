from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from garage.kernel.auth import permitted
from garage.kernel.schemas import answers

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


@router.get(
    "/invoices",
    response=answers({200: list[InvoiceOut]}),
    auth=permitted("invoicing.view_invoice", "see the invoices"),
)
@paginate
def list_invoices(request):
    return queries.list_invoices()


@router.get(
    "/invoices/{number}",
    response=answers({200: InvoiceOut}, 404),
    auth=permitted("invoicing.view_invoice", "see an invoice"),
)
def get_invoice(request, number: str):
    return queries.get_invoice(number)
