"""No upper limit on amounts (SPEC 6): an invoice of jobs with the most the
workshop accepts is stored exactly and shown, never a 500."""

from decimal import Decimal

import pytest

from apps.invoicing.models import Invoice
from apps.workshop.domain import limits

from .factories import customer, finished_job, issue

pytestmark = pytest.mark.django_db

MOST_PARTS = tuple(
    ("Gearbox", str(limits.QUANTITY_MAX), str(limits.UNIT_PRICE_MAX))
    for _ in range(limits.PARTS_MAX)
)


def test_an_invoice_of_the_largest_job_is_stored_and_shown(logged_in):
    finished_job(
        customer(), labour_hours=str(limits.LABOUR_HOURS_MAX), parts=MOST_PARTS
    )

    issue()

    invoice = Invoice.objects.get()
    # 999.99 h x 18.50 = 18,499.82, and 50 x (99,999.99 x 999,999.99 =
    # 99,999,989,000.00): more than 14 digits.
    assert (invoice.subtotal, invoice.vat, invoice.total) == (
        Decimal("4999999468499.82"),
        Decimal("1049999888384.96"),
        Decimal("6049999356884.78"),
    )
    pages = ["/invoices/", f"/invoices/{invoice.number}/", "/invoices/receivables/"]
    for url in [*pages, f"/invoices/{invoice.number}/pdf", "/api/invoices"]:
        assert logged_in.get(url).status_code == 200, url
