"""Invoicing's command handlers: issue the invoices of a day, mail one, record
a payment, credit an invoice, remind customers of overdue payments."""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from garage.kernel import bus
from garage.kernel.errors import NotFoundError
from garage.kernel.mail import receipt

from . import documents, domain, mail
from .commands import (
    CreditInvoice,
    IssueInvoices,
    RecordPayment,
    RemindOverduePayments,
    SendInvoice,
)
from .events import InvoiceCredited, InvoiceIssued, PaymentOverdue, PaymentReceived
from .models import (
    BusinessDay,
    Customer,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Job,
    Payment,
)
from .queries import business_day, open_invoices

logger = logging.getLogger(__name__)


def issue_invoices(command: IssueInvoices) -> list[Invoice]:
    """Stores one invoice per customer covering all their jobs to invoice, and
    publishes ``InvoiceIssued`` for each; mailing comes next.

    Numbers come from the year's counter, locked until the transaction ends,
    so they are unique and without gaps even when days pass concurrently.
    """
    # No savepoint: in a subscriber, a failure rolls the delivery back whole.
    with transaction.atomic(savepoint=False):
        _see_day_pass(command.invoice_date)
        invoices = _store(_draft_invoices(command.invoice_date))
        bus.publish(*map(_issued, invoices))
    return invoices


def send_invoice(command: SendInvoice) -> None:
    """Renders the PDF, stores it and mails it, unless the invoice was mailed
    already; then records the send.

    The invoice row stays locked until the transaction ends, so two deliveries
    of the same news cannot both mail it.
    """
    with transaction.atomic(savepoint=False):
        # One statement: the invoice, locked, with its customer's address.
        invoice = (
            Invoice.objects.select_for_update()
            .annotate(customer_email=Subquery(_email_of(OuterRef("customer_id"))))
            .get(number=command.number)
        )
        if invoice.sent_at is not None:
            return
        if invoice.pdf is None:
            invoice.pdf = documents.render_pdf(invoice.html)
        message = mail.compose_invoice(invoice, invoice.customer_email)
        message.send()
        message_id, delivery_status = receipt(message)
        Invoice.objects.filter(pk=invoice.pk).update(
            pdf=invoice.pdf,
            message_id=message_id,
            delivery_status=delivery_status,
            sent_to=", ".join(message.to),
            sent_at=timezone.now(),
        )


def _email_of(customer_id: OuterRef) -> QuerySet[Customer]:
    return Customer.objects.filter(customer_id=customer_id).values("email_address")[:1]


def record_payment(command: RecordPayment) -> Payment:
    """Adds a payment to an invoice; more than is still open is refused.

    The invoice row is locked, so two payments at once cannot both fit in the
    same open amount."""
    with transaction.atomic():
        invoice = _locked(command.number)
        if invoice.is_credit_note:
            raise domain.PaymentRefusedError("A credit note is not paid.")
        if invoice.is_credited:
            raise domain.PaymentRefusedError(
                f"Invoice {invoice.number} is credited; nothing is open on it."
            )
        domain.check_payment(command.amount, invoice.total, invoice.amount_paid)
        payment = Payment.objects.create(
            invoice=invoice,
            amount=command.amount,
            paid_on=command.paid_on,
            method=command.method,
            recorded_by=command.recorded_by,
        )
        invoice.amount_paid += command.amount
        if invoice.amount_paid >= invoice.total:
            invoice.paid_on = command.paid_on
        invoice.save(update_fields=["amount_paid", "paid_on"])
        bus.publish(
            PaymentReceived(
                number=invoice.number,
                customer_id=invoice.customer_id,
                amount=payment.amount,
                paid_on=payment.paid_on,
                method=payment.method,
                open_amount=invoice.open_amount,
            )
        )
    return payment


def credit_invoice(command: CreditInvoice) -> Invoice:
    """Corrects an invoice with a credit note: the next number of the series,
    the lines negated, the reason. The invoice's jobs go back to be invoiced
    on the next day passed. Nothing is edited but the jobs' bookkeeping."""
    with transaction.atomic():
        original = _locked(command.number)
        if original.is_credit_note:
            raise domain.CreditRefusedError("A credit note cannot be credited.")
        if original.is_credited:
            raise domain.CreditRefusedError(
                f"Invoice {original.number} is credited already, by "
                f"{original.credit_note.number}."
            )
        today = business_day()
        counter = _lock_counter(today.year)
        counter.last += 1
        counter.save(update_fields=["last"])
        note = _credit_note(original, command.reason, today, counter.last)
        Job.objects.filter(invoice=original).update(
            invoice=None, rounds=F("rounds") + 1
        )
        bus.publish(
            _issued(note),
            InvoiceCredited(
                number=original.number,
                credit_note_number=note.number,
                customer_id=original.customer_id,
                reason=note.reason,
            ),
        )
    return note


def remind_overdue_payments(command: RemindOverduePayments) -> list[Invoice]:
    """Publishes ``PaymentOverdue`` once for each invoice open
    ``PAYMENT_REMINDER_DAYS`` or more past its due date; notifications mails
    the customer."""
    with transaction.atomic(savepoint=False):
        _see_day_pass(command.today)
        last_due = domain.last_due_date_to_remind(
            command.today, settings.PAYMENT_REMINDER_DAYS
        )
        overdue = list(
            open_invoices()
            .select_for_update(of=("self",))
            .filter(payment_reminded_on__isnull=True, due_date__lte=last_due)
        )
        Invoice.objects.filter(pk__in=[i.pk for i in overdue]).update(
            payment_reminded_on=command.today
        )
        bus.publish(*map(_overdue, overdue))
    return overdue


def _see_day_pass(day: date) -> None:
    """Moves invoicing's business day forward, never back (caught-up days may
    arrive in any order, and concurrently)."""
    BusinessDay.objects.bulk_create(
        [BusinessDay(pk=1, date=day)], ignore_conflicts=True
    )
    BusinessDay.objects.filter(pk=1, date__lt=day).update(date=day)


def _locked(number: str) -> Invoice:
    invoice = Invoice.objects.select_for_update().filter(number=number).first()
    if invoice is None:
        raise NotFoundError(f"There is no invoice {number}.")
    return invoice


@dataclass
class _Drafted:
    invoice: Invoice
    lines: list[InvoiceLine]
    jobs: list[Job]


def _jobs_to_invoice(invoice_date: date) -> QuerySet[Job]:
    """Finished jobs of the days before ``invoice_date`` on no invoice yet.

    Locked: a concurrent run waits, then finds them invoiced and skips them.
    """
    return (
        Job.objects.select_for_update()
        .filter(status=Job.Status.FINISHED, invoice__isnull=True)
        .filter(planning_date__lt=invoice_date)
        .order_by("customer_name", "customer_id", "planning_date", "actual_start_time")
    )


def _lock_counter(year: int) -> InvoiceCounter:
    counter, _ = InvoiceCounter.objects.select_for_update().get_or_create(year=year)
    return counter


def _draft_invoices(invoice_date: date) -> list[_Drafted]:
    jobs = list(_jobs_to_invoice(invoice_date))
    customers = Customer.objects.in_bulk({job.customer_id for job in jobs})
    counter = _lock_counter(invoice_date.year)
    drafted = []
    for group in domain.per_customer(jobs):
        customer_id = group[0].customer_id
        customer = customers.get(customer_id)
        if customer is None:
            logger.warning("Customer %s is unknown; invoiced later.", customer_id)
            continue
        counter.last += 1
        number = domain.invoice_number(invoice_date.year, counter.last)
        drafted.append(_draft(number, customer, invoice_date, group))
    counter.save(update_fields=["last"])
    return drafted


def _draft(
    number: str, customer: Customer, invoice_date: date, jobs: list[Job]
) -> _Drafted:
    draft = domain.draft_invoice(
        map(_finished_job, jobs), settings.HOURLY_RATE, settings.VAT_RATE
    )
    invoice = Invoice(
        number=number,
        customer_id=customer.customer_id,
        customer_name=customer.name,
        customer_address=customer.address,
        customer_postal_code=customer.postal_code,
        customer_city=customer.city,
        invoice_date=invoice_date,
        due_date=domain.due_date(invoice_date, settings.PAYMENT_TERM_DAYS),
        **_totals(draft.totals),
    )
    rounds = {job.job_id: job.rounds for job in jobs}
    lines = [_line(invoice, line, rounds[line.job_id]) for line in draft.lines]
    invoice.html = documents.render_invoice(invoice, lines)
    return _Drafted(invoice, lines, jobs)


def _credit_note(original: Invoice, reason: str, today: date, sequence: int) -> Invoice:
    draft = domain.credit_note(
        domain.InvoiceDraft(
            tuple(map(_domain_line, original.lines.all())),
            domain.Totals(
                original.subtotal, original.vat_rate, original.vat, original.total
            ),
        )
    )
    note = Invoice(
        number=domain.invoice_number(today.year, sequence),
        kind=Invoice.Kind.CREDIT_NOTE,
        credits=original,
        reason=reason,
        customer_id=original.customer_id,
        customer_name=original.customer_name,
        customer_address=original.customer_address,
        customer_postal_code=original.customer_postal_code,
        customer_city=original.customer_city,
        invoice_date=today,
        due_date=today,
        **_totals(draft.totals),
    )
    lines = [_line(note, line, round=None) for line in draft.lines]
    note.html = documents.render_invoice(note, lines)
    note.save()
    InvoiceLine.objects.bulk_create(lines)
    return note


def _totals(totals: domain.Totals) -> dict[str, Decimal]:
    return {
        "subtotal": totals.subtotal,
        "vat_rate": totals.vat_rate,
        "vat": totals.vat,
        "total": totals.total,
    }


def _line(invoice: Invoice, line: domain.InvoiceLine, round: int | None) -> InvoiceLine:
    return InvoiceLine(
        invoice=invoice,
        job_id=line.job_id,
        round=round,
        kind=line.kind.value,
        day=line.day,
        description=line.description,
        license_number=line.license_number,
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=line.amount,
    )


def _domain_line(line: InvoiceLine) -> domain.InvoiceLine:
    return domain.InvoiceLine(
        job_id=line.job_id,
        day=line.day,
        kind=domain.LineKind(line.kind),
        description=line.description,
        license_number=line.license_number,
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=line.amount,
    )


def _finished_job(job: Job) -> domain.FinishedJob:
    return domain.FinishedJob(
        job_id=job.job_id,
        day=job.planning_date,
        description=job.description,
        license_number=job.license_number,
        started_at=job.actual_start_time,
        ended_at=job.actual_end_time,
        labour_hours=job.labour_hours,
        parts=tuple(
            domain.Part(
                description=part["description"],
                quantity=Decimal(part["quantity"]),
                unit_price=Decimal(part["unit_price"]),
            )
            for part in job.parts
        ),
    )


# Jobs marked invoiced per statement: a day of 10,000 takes ten statements,
# not one per invoice, and stays far below any database's parameter limit.
JOBS_PER_UPDATE = 1_000


def _store(drafted: list[_Drafted]) -> list[Invoice]:
    invoices = Invoice.objects.bulk_create(each.invoice for each in drafted)
    InvoiceLine.objects.bulk_create(line for each in drafted for line in each.lines)
    for chunk in _chunks(drafted, JOBS_PER_UPDATE):
        _mark_invoiced(chunk)
    return invoices


def _chunks(drafted: list[_Drafted], jobs: int) -> Iterator[list[_Drafted]]:
    """Whole invoices, about ``jobs`` jobs a chunk."""
    chunk: list[_Drafted] = []
    size = 0
    for each in drafted:
        chunk.append(each)
        size += len(each.jobs)
        if size >= jobs:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _mark_invoiced(drafted: list[_Drafted]) -> None:
    """One UPDATE puts each job of ``drafted`` on its invoice: ``CASE job_id
    WHEN ... THEN invoice_id``, written out, as the ORM takes longer to build
    a thousand ``When``s than the database takes to run them."""
    quote, pk = connection.ops.quote_name, Job._meta.pk
    pairs = [
        (pk.get_db_prep_value(job.pk, connection), each.invoice.pk)
        for each in drafted
        for job in each.jobs
    ]
    sql = (
        f"UPDATE {quote(Job._meta.db_table)} "
        f"SET {quote(Job._meta.get_field('invoice').column)} = CASE {quote(pk.column)} "
        f"{' '.join(['WHEN %s THEN %s'] * len(pairs))} END "
        f"WHERE {quote(pk.column)} IN ({', '.join(['%s'] * len(pairs))})"
    )
    params = [value for pair in pairs for value in pair] + [job for job, _ in pairs]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _issued(invoice: Invoice) -> InvoiceIssued:
    return InvoiceIssued(
        number=invoice.number,
        customer_id=invoice.customer_id,
        invoice_date=invoice.invoice_date,
        total=invoice.total,
        kind=invoice.kind,
    )


def _overdue(invoice: Invoice) -> PaymentOverdue:
    return PaymentOverdue(
        number=invoice.number,
        customer_id=invoice.customer_id,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        open_amount=domain.open_amount(invoice.total, invoice.amount_paid),
    )
