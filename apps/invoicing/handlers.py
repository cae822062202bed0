"""Invoicing's command handlers: issue the invoices of a day, mail one."""

import logging
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from garage.kernel import bus
from garage.kernel.mail import receipt

from . import documents, domain, mail
from .commands import IssueInvoices, SendInvoice
from .events import InvoiceIssued
from .models import Customer, Invoice, InvoiceCounter, InvoiceLine, Job

logger = logging.getLogger(__name__)


def issue_invoices(command: IssueInvoices) -> list[Invoice]:
    """Stores one invoice per customer covering all their jobs to invoice, and
    publishes ``InvoiceIssued`` for each; mailing comes next.

    Numbers come from the year's counter, locked until the transaction ends,
    so they are unique and without gaps even when days pass concurrently.
    """
    # No savepoint: in a subscriber, a failure rolls the delivery back whole.
    with transaction.atomic(savepoint=False):
        invoices = _store(_draft_invoices(command.invoice_date))
        bus.publish(*map(_issued, invoices))
    return invoices


def send_invoice(command: SendInvoice) -> None:
    """Mails the invoice unless it was mailed already, then records the send.

    The invoice row stays locked until the transaction ends, so two deliveries
    of the same news cannot both mail it.
    """
    with transaction.atomic(savepoint=False):
        invoice = Invoice.objects.select_for_update().get(number=command.number)
        if invoice.sent_at is not None:
            return
        message = mail.compose_invoice(invoice)
        message.send()
        invoice.message_id, invoice.delivery_status = receipt(message)
        invoice.sent_at = timezone.now()
        invoice.save(update_fields=["message_id", "delivery_status", "sent_at"])


@dataclass
class _Drafted:
    invoice: Invoice
    lines: tuple[domain.InvoiceLine, ...]
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
    draft = domain.draft_invoice(map(_finished_job, jobs), settings.HOURLY_RATE)
    invoice = Invoice(
        number=number,
        customer_id=customer.customer_id,
        customer_name=customer.name,
        customer_address=customer.address,
        customer_postal_code=customer.postal_code,
        customer_city=customer.city,
        invoice_date=invoice_date,
        due_date=domain.due_date(invoice_date, settings.PAYMENT_TERM_DAYS),
        total=draft.total,
    )
    invoice.html = documents.render_invoice(invoice, draft.lines)
    return _Drafted(invoice, draft.lines, jobs)


def _finished_job(job: Job) -> domain.FinishedJob:
    return domain.FinishedJob(
        job_id=job.job_id,
        day=job.planning_date,
        description=job.description,
        license_number=job.license_number,
        started_at=job.actual_start_time,
        ended_at=job.actual_end_time,
    )


def _store(drafted: list[_Drafted]) -> list[Invoice]:
    invoices = Invoice.objects.bulk_create(each.invoice for each in drafted)
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=each.invoice, **asdict(line))
        for each in drafted
        for line in each.lines
    )
    for each in drafted:
        Job.objects.filter(pk__in=[job.pk for job in each.jobs]).update(
            invoice=each.invoice
        )
    return invoices


def _issued(invoice: Invoice) -> InvoiceIssued:
    return InvoiceIssued(
        number=invoice.number,
        customer_id=invoice.customer_id,
        invoice_date=invoice.invoice_date,
        total=invoice.total,
    )
