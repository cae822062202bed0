from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from garage.kernel.auth import permitted
from garage.kernel.schemas import Input, IsoDate, answers

from . import handlers, queries
from .commands import Amount, CreditInvoice, PaymentMethod, Reason, RecordPayment
from .models import Invoice, InvoiceLine, Payment
from .views import pdf_response

router = Router(tags=["invoices"])


class InvoiceLineOut(Schema):
    job_id: UUID
    kind: str  # labour or part
    day: date
    description: str
    license_number: str
    hours: Decimal | None  # release 1's field: a labour line's quantity
    quantity: Decimal  # hours for labour
    unit_price: Decimal | None
    amount: Decimal

    @staticmethod
    def resolve_hours(line: InvoiceLine) -> Decimal | None:
        return line.quantity if line.kind == InvoiceLine.Kind.LABOUR else None


class InvoiceOut(Schema):
    number: str
    kind: str  # invoice or credit_note
    invoice_date: date
    due_date: date
    customer_id: UUID
    customer_name: str
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    status: str
    amount_paid: Decimal
    open_amount: Decimal
    paid_on: date | None
    credits: str | None  # a credit note: the invoice it corrects
    credited_by: str | None  # a credited invoice: its credit note
    lines: list[InvoiceLineOut]
    sent_at: datetime | None

    @staticmethod
    def resolve_sent_at(invoice: Invoice) -> datetime | None:
        return invoice.sent_at and timezone.localtime(invoice.sent_at)

    @staticmethod
    def resolve_status(invoice: Invoice, context) -> str:
        """Against the business day, read once per request (a page of
        invoices asks for it once, not per invoice)."""
        request = context["request"]
        if not hasattr(request, "invoicing_today"):
            request.invoicing_today = queries.business_day()
        return invoice.status_on(request.invoicing_today).value

    @staticmethod
    def resolve_credits(invoice: Invoice) -> str | None:
        return invoice.credits.number if invoice.credits_id else None

    @staticmethod
    def resolve_credited_by(invoice: Invoice) -> str | None:
        return invoice.credit_note.number if invoice.is_credited else None


class PaymentIn(Input):
    amount: Amount
    paid_on: IsoDate
    method: PaymentMethod


class PaymentOut(Schema):
    invoice: str
    amount: Decimal
    paid_on: date
    method: str
    recorded_by: str
    open_amount: Decimal  # still open on the invoice after this payment

    @staticmethod
    def resolve_invoice(payment: Payment) -> str:
        return payment.invoice.number

    @staticmethod
    def resolve_open_amount(payment: Payment) -> Decimal:
        return payment.invoice.open_amount


class CreditIn(Input):
    reason: Reason


class ReceivableOut(Schema):
    customer_id: UUID
    customer_name: str
    oldest_invoice_date: date
    invoices: int
    not_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    over_60_days: Decimal
    open_amount: Decimal


class ReceivablesOut(Schema):
    today: date
    customers: list[ReceivableOut]


@router.get(
    "/invoices",
    response=answers({200: list[InvoiceOut]}),
    auth=permitted("invoicing.view_invoice", "see the invoices"),
)
@paginate
def list_invoices(request):
    return queries.list_invoices()


@router.get(
    "/invoices/{number}.pdf",
    response=answers({200: None}, 404),
    auth=permitted("invoicing.view_invoice", "download an invoice"),
    openapi_extra={
        "responses": {
            200: {
                "description": "The invoice as PDF",
                "content": {"application/pdf": {}},
            }
        }
    },
)
def get_invoice_pdf(request, number: str):
    return pdf_response(queries.get_document(number))


@router.get(
    "/invoices/{number}",
    response=answers({200: InvoiceOut}, 404),
    auth=permitted("invoicing.view_invoice", "see an invoice"),
)
def get_invoice(request, number: str):
    return queries.get_invoice(number)


@router.post(
    "/invoices/{number}/payments",
    response=answers({201: PaymentOut}, 404, 409),
    auth=permitted("invoicing.record_payment", "record a payment"),
)
def record_payment(request, number: str, payload: PaymentIn):
    command = RecordPayment(
        number=number, recorded_by=request.user.get_username(), **payload.dict()
    )
    return Status(201, handlers.record_payment(command))


@router.post(
    "/invoices/{number}/credit",
    response=answers({201: InvoiceOut}, 404, 409),
    auth=permitted("invoicing.credit_invoice", "credit an invoice"),
)
def credit_invoice(request, number: str, payload: CreditIn):
    command = CreditInvoice(
        number=number, reason=payload.reason, credited_by=request.user.get_username()
    )
    note = handlers.credit_invoice(command)
    return Status(201, queries.get_invoice(note.number))


@router.get(
    "/receivables",
    response=answers({200: ReceivablesOut}),
    auth=permitted("invoicing.view_receivables", "see the receivables"),
)
def get_receivables(request):
    today = queries.business_day()
    return ReceivablesOut(
        today=today,
        customers=[
            ReceivableOut(
                customer_id=row.customer_id,
                customer_name=row.customer_name,
                oldest_invoice_date=row.oldest_invoice_date,
                invoices=row.invoices,
                not_due=row.buckets["not due"],
                days_1_30=row.buckets["1-30"],
                days_31_60=row.buckets["31-60"],
                over_60_days=row.buckets["over 60"],
                open_amount=row.open_amount,
            )
            for row in queries.receivables(today)
        ],
    )
