"""Invoices made the way production makes them: finished jobs in invoicing's
copy, then ``issue_invoices`` for the day after."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from apps.invoicing import handlers
from apps.invoicing.commands import IssueInvoices
from apps.invoicing.models import Customer, Invoice, Job
from tests.notifications.factories import at

DAY = date(2026, 3, 2)


def customer(name: str = "Ann Smith", email: str = "ann@example.com") -> Customer:
    return Customer.objects.create(
        customer_id=uuid.uuid4(),
        name=name,
        address="Keizersgracht 1",
        postal_code="1015 AA",
        city="Amsterdam",
        email_address=email,
    )


def finished_job(
    owner: Customer,
    start: str = "08:00",
    end: str = "10:00",
    day: date = DAY,
    labour_hours: str | None = None,
    parts: tuple[tuple[str, str, str], ...] = (),
    license_number: str = "12-AB-34",
) -> Job:
    """``parts``: (description, quantity, unit price) as decimal strings."""
    return Job.objects.create(
        job_id=uuid.uuid4(),
        customer_id=owner.customer_id,
        customer_name=owner.name,
        planning_date=day,
        description="Oil change",
        license_number=license_number,
        status=Job.Status.FINISHED,
        actual_start_time=at(day, start),
        actual_end_time=at(day, end),
        labour_hours=None if labour_hours is None else Decimal(labour_hours),
        parts=[{"description": d, "quantity": q, "unit_price": p} for d, q, p in parts],
    )


def issue(invoice_date: date = DAY + timedelta(days=1)) -> list[Invoice]:
    return handlers.issue_invoices(IssueInvoices(invoice_date=invoice_date))


def issued_invoice(*slots: tuple[str, str], name: str = "Ann Smith", **job) -> Invoice:
    """One customer's invoice for jobs in ``slots`` (default 2 h + 1 h)."""
    owner = customer(name)
    for start, end in slots or [("08:00", "10:00"), ("13:00", "14:00")]:
        finished_job(owner, start, end, **job)
    (invoice,) = issue()
    return invoice


def issued_invoices(count: int) -> list[Invoice]:
    """``count`` customers' invoices of 2 h each, numbered 2026-00001 on."""
    for n in range(count):
        finished_job(customer(f"Customer {n:03d}"))
    return issue()
