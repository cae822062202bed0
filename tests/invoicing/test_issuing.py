"""Issuing marks a day's jobs invoiced in a few statements, each job on its
own customer's invoice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.invoicing import handlers
from apps.invoicing.models import Job

from .factories import customer, finished_job, issue

pytestmark = pytest.mark.django_db


def test_jobs_are_marked_in_chunks_of_whole_invoices(monkeypatch):
    monkeypatch.setattr(handlers, "JOBS_PER_UPDATE", 4)
    for n in range(7):
        owner = customer(f"Customer {n}")
        for _ in range(1 + n % 3):  # 1, 2, 3, 1, 2, 3, 1 jobs
            finished_job(owner)
    table = Job._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        invoices = issue()

    updates = [q for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]
    # Whole invoices, until at least 4 jobs: 1+2+3, 1+2+3, 1.
    assert len(invoices) == 7
    assert len(updates) == 3
    for invoice in invoices:
        jobs = set(Job.objects.filter(invoice=invoice).values_list("pk", flat=True))
        billed = set(invoice.lines.values_list("job_id", flat=True))
        assert jobs == billed
        assert {invoice.customer_id} == set(
            Job.objects.filter(invoice=invoice).values_list("customer_id", flat=True)
        )
    assert not Job.objects.filter(invoice__isnull=True).exists()
