"""Invoice numbers stay unique and gapless when days pass at the same time."""

import threading
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection

from apps.invoicing import handlers
from apps.invoicing.commands import IssueInvoices
from apps.invoicing.models import Customer, Invoice, InvoiceLine, Job
from tests.notifications.factories import at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time; the row locks under test "
        "are PostgreSQL's",
    ),
]

FIRST_DAY = date(2026, 3, 2)
DAYS = 6


def seed_finished_jobs(per_day: int) -> None:
    """``per_day`` customers with one finished job on each of the first days."""
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(offset)
        for n in range(per_day):
            customer = Customer.objects.create(
                customer_id=uuid.uuid4(), name=f"Customer {offset}-{n}"
            )
            Job.objects.create(
                job_id=uuid.uuid4(),
                customer_id=customer.customer_id,
                customer_name=customer.name,
                planning_date=day,
                description="Service",
                license_number="12-AB-34",
                status=Job.Status.FINISHED,
                actual_start_time=at(day, "08:00"),
                actual_end_time=at(day, "10:00"),
            )


def pass_days_at_once(days: list[date]) -> list[Exception]:
    start, errors = threading.Barrier(len(days)), []

    def pass_day(day: date) -> None:
        try:
            start.wait()
            handlers.issue_invoices(IssueInvoices(invoice_date=day))
        except Exception as exc:  # pragma: no cover - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pass_day, args=[day]) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


# The handler publishes InvoiceIssued: the bus fixture lets the mailing settle.
@pytest.mark.usefixtures("bus")
def test_concurrent_days_give_unique_sequential_numbers_and_invoice_each_job_once():
    seed_finished_jobs(per_day=5)
    days = [FIRST_DAY + timedelta(offset) for offset in range(1, DAYS + 1)]

    errors = pass_days_at_once(days)

    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"2026-{n:05d}" for n in range(1, DAYS * 5 + 1)]
    assert InvoiceLine.objects.count() == Job.objects.count() == DAYS * 5
    assert not Job.objects.filter(invoice__isnull=True).exists()
