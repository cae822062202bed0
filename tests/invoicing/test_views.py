from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from apps.invoicing.models import Invoice

from .factories import issued_invoice, issued_invoices

pytestmark = pytest.mark.django_db


def test_the_list_shows_invoices_linking_to_their_documents(logged_in):
    issued_invoice()

    page = logged_in.get("/invoices/")

    assert page.status_code == 200
    assert "Ann Smith" in page.text and "€ 67.16" in page.text
    assert 'href="/invoices/2026-00001/"' in page.text
    assert "sending…" in page.text


def test_the_list_is_paginated(logged_in):
    issued_invoices(27)

    first, second = logged_in.get("/invoices/"), logged_in.get("/invoices/?page=2")

    assert "2026-00027" in first.text and "2026-00002" not in first.text
    assert "Page 1 of 2" in first.text
    assert "2026-00002" in second.text


def test_the_printable_invoice_is_the_stored_document(logged_in):
    invoice = issued_invoice()

    document = logged_in.get("/invoices/2026-00001/document")

    assert document.status_code == 200
    assert document.text == invoice.html
    assert document["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in document["Content-Security-Policy"]


def test_the_invoice_page_has_navigation_a_way_back_and_the_document(logged_in):
    issued_invoice()

    page = logged_in.get("/invoices/2026-00001/").text

    assert '<nav class="site' in page
    assert 'href="/invoices/"' in page
    assert 'src="/invoices/2026-00001/document"' in page
    assert "Open to print" in page


def test_an_unknown_invoice_is_a_friendly_404(logged_in):
    page = logged_in.get("/invoices/2026-99999/")

    assert page.status_code == 404
    assert "There is no invoice 2026-99999." in page.text


def test_pages_need_a_logged_in_employee(client):
    assert client.get("/invoices/").status_code == 302


def test_the_admin_shows_invoices_read_only(client, staff):
    invoice = issued_invoice()
    client.force_login(staff)

    for url in [
        "/admin/invoicing/invoice/",
        f"/admin/invoicing/invoice/{invoice.pk}/change/",
        "/admin/invoicing/job/",
        "/admin/invoicing/customer/",
        "/admin/invoicing/invoicecounter/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.text
    detail = client.get(f"/admin/invoicing/invoice/{invoice.pk}/change/")
    assert "Invoice page and PDF" in detail.text and "Oil change" in detail.text


def test_an_invoice_sent_before_its_date_is_not_shown_as_dated_earlier(logged_in):
    """The business day dates invoices and may run ahead of the clock: the
    list then says "sent", and the page says whose time it shows."""
    ahead = issued_invoice()  # dated the day after DAY, the business day
    on_time = issued_invoice(name="Bob Jones")
    clock = timezone.make_aware(datetime.combine(ahead.invoice_date, time(9, 30)))
    Invoice.objects.filter(pk=ahead.pk).update(sent_at=clock - timedelta(days=2))
    Invoice.objects.filter(pk=on_time.pk).update(sent_at=clock)

    listed = logged_in.get("/invoices/").text
    page = logged_in.get(f"/invoices/{ahead.number}/").text

    assert clock.strftime("%-d %b %Y 09:30") in listed  # on time: its date
    earlier = (clock - timedelta(days=2)).strftime("%-d %b %Y")
    assert f">{earlier}" not in listed
    assert "business day that dated this invoice is ahead" in page
