"""Issuing invoices when a day passes: which jobs, which numbers, which document."""

import logging
from dataclasses import asdict, dataclass
from datetime import date
from itertools import groupby

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string

from . import domain
from .models import Customer, Invoice, InvoiceCounter, InvoiceLine, Job

logger = logging.getLogger(__name__)


@dataclass
class Drafted:
    invoice: Invoice
    lines: tuple[domain.InvoiceLine, ...]
    jobs: list[Job]


def jobs_to_invoice(invoice_date: date) -> QuerySet[Job]:
    """Finished jobs of the days before ``invoice_date`` on no invoice yet.

    Locked: a concurrent run waits, then finds them invoiced and skips them.
    """
    return (
        Job.objects.select_for_update()
        .filter(status=Job.Status.FINISHED, invoice__isnull=True)
        .filter(planning_date__lt=invoice_date)
        .order_by("customer_name", "customer_id", "planning_date", "actual_start_time")
    )


def lock_counter(year: int) -> InvoiceCounter:
    counter, _ = InvoiceCounter.objects.select_for_update().get_or_create(year=year)
    return counter


def issue_invoices(invoice_date: date) -> list[Invoice]:
    """Stores one invoice per customer covering all their jobs to invoice.

    Numbers come from the year's counter, locked until the transaction ends,
    so they are unique and without gaps even when days pass concurrently.
    """
    jobs = list(jobs_to_invoice(invoice_date))
    customers = Customer.objects.in_bulk({job.customer_id for job in jobs})
    counter = lock_counter(invoice_date.year)
    invoiced = []
    for customer_id, group in groupby(jobs, key=lambda job: job.customer_id):
        customer = customers.get(customer_id)
        if customer is None:
            logger.warning("Customer %s is unknown; invoiced later.", customer_id)
            continue
        counter.last += 1
        number = domain.invoice_number(invoice_date.year, counter.last)
        invoiced.append(_draft(number, customer, invoice_date, list(group)))
    counter.save(update_fields=["last"])
    return _store(invoiced)


def _draft(
    number: str, customer: Customer, invoice_date: date, jobs: list[Job]
) -> Drafted:
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
    invoice.html = render_document(invoice, draft.lines)
    return Drafted(invoice, draft.lines, jobs)


def _finished_job(job: Job) -> domain.FinishedJob:
    return domain.FinishedJob(
        job_id=job.job_id,
        day=job.planning_date,
        description=job.description,
        license_number=job.license_number,
        started_at=job.actual_start_time,
        ended_at=job.actual_end_time,
    )


def render_document(invoice: Invoice, lines: tuple[domain.InvoiceLine, ...]) -> str:
    context = {
        "garage_name": settings.GARAGE_NAME,
        "invoice": invoice,
        "lines": lines,
        "payment_term_days": settings.PAYMENT_TERM_DAYS,
        "bank_account": settings.BANK_ACCOUNT,
    }
    return render_to_string("invoicing/invoice_document.html", context)


def _store(drafted: list[Drafted]) -> list[Invoice]:
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
