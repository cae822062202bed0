"""Credit notes: the next number of the series, the lines negated, the
original Credited, its jobs invoiced again on the next day passed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.invoicing import handlers
from apps.invoicing.commands import CreditInvoice
from apps.invoicing.domain import CreditRefusedError, PaymentRefusedError
from apps.invoicing.models import Invoice, InvoiceLine, Job
from garage.kernel.models import OutboxEvent

from .factories import DAY, customer, finished_job, issue, issued_invoice
from .test_payments import pay

pytestmark = pytest.mark.django_db


def credit(invoice: Invoice, reason: str = "Wrong hours") -> Invoice:
    return handlers.credit_invoice(
        CreditInvoice(number=invoice.number, reason=reason, credited_by="mary")
    )


def test_a_credit_note_takes_the_next_number_and_negates_the_original():
    invoice = issued_invoice()

    note = credit(invoice, "Labour billed twice")

    assert note.number == "2026-00002"
    assert (note.kind, note.credits, note.reason) == (
        "credit_note",
        invoice,
        "Labour billed twice",
    )
    assert (note.subtotal, note.vat, note.total) == (
        Decimal("-55.50"),
        Decimal("-11.66"),
        Decimal("-67.16"),
    )
    amounts = list(note.lines.values_list("amount", flat=True))
    assert amounts == [Decimal("-37.00"), Decimal("-18.50")]
    assert invoice.total + note.total == 0
    invoice.refresh_from_db()
    assert invoice.status_on(DAY) == "Credited"
    assert invoice.credit_note == note
    assert "Labour billed twice" in note.html and invoice.number in note.html


def test_credited_jobs_are_invoiced_again_on_the_next_day_passed():
    invoice = issued_invoice()
    credit(invoice)

    [again] = issue(DAY + timedelta(days=2))

    assert again.number == "2026-00003"
    assert again.total == invoice.total
    rounds = InvoiceLine.objects.filter(kind="labour").values_list("round", flat=True)
    assert sorted(rounds, key=lambda r: (r is None, r)) == [0, 0, 1, 1, None, None]
    assert set(Job.objects.values_list("invoice__number", flat=True)) == {"2026-00003"}
    assert issue(DAY + timedelta(days=3)) == []  # once per round


def test_the_original_and_the_credit_note_are_both_kept_unchanged():
    invoice = issued_invoice()
    html, lines = invoice.html, list(invoice.lines.values_list("amount", flat=True))

    credit(invoice)

    invoice.refresh_from_db()
    assert invoice.html == html
    assert list(invoice.lines.values_list("amount", flat=True)) == lines
    assert Invoice.objects.count() == 2


def test_credit_notes_and_invoices_share_one_gapless_series():
    first = issued_invoice()
    credit(first)
    finished_job(customer("Bob Jones"), day=DAY + timedelta(days=1))

    again = issue(DAY + timedelta(days=2))  # Ann's jobs again, and Bob's

    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == ["2026-00001", "2026-00002", "2026-00003", "2026-00004"]
    assert {invoice.customer_name for invoice in again} == {"Ann Smith", "Bob Jones"}


def test_crediting_publishes_the_credit_note_and_invoice_credited():
    invoice = issued_invoice()

    note = credit(invoice)

    issued = [
        e.envelope["data"]
        for e in OutboxEvent.objects.filter(event_type="InvoiceIssued").order_by("id")
    ]
    assert [(d["number"], d["kind"], d["total"]) for d in issued] == [
        (invoice.number, "invoice", "67.16"),
        (note.number, "credit_note", "-67.16"),
    ]
    credited = OutboxEvent.objects.get(event_type="InvoiceCredited").envelope["data"]
    assert credited["number"] == invoice.number
    assert credited["credit_note_number"] == note.number


def test_an_invoice_is_credited_once_and_a_credit_note_never():
    invoice = issued_invoice()
    note = credit(invoice)

    with pytest.raises(CreditRefusedError, match="credited already, by 2026-00002"):
        credit(invoice)
    with pytest.raises(CreditRefusedError, match="A credit note cannot be credited"):
        credit(note)
    assert Invoice.objects.count() == 2


def test_no_payment_on_a_credited_invoice_or_a_credit_note():
    invoice = issued_invoice()
    note = credit(invoice)

    with pytest.raises(PaymentRefusedError, match="is credited"):
        pay(invoice, "1.00")
    with pytest.raises(PaymentRefusedError, match="A credit note is not paid"):
        pay(note, "1.00")


def test_the_api_credits_an_invoice_201(api_client):
    invoice = issued_invoice()

    response = api_client.post(
        f"/api/invoices/{invoice.number}/credit",
        {"reason": "Wrong customer"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["kind"], body["credits"]) == (
        "2026-00002",
        "credit_note",
        invoice.number,
    )
    assert (body["total"], body["status"]) == ("-67.16", "Credit note")
    original = api_client.get(f"/api/invoices/{invoice.number}").json()
    assert (original["status"], original["credited_by"]) == ("Credited", "2026-00002")
    assert original["open_amount"] == "0.00"


def test_the_api_refuses_a_second_credit_409_and_an_empty_reason_422(api_client):
    invoice = issued_invoice()
    url = f"/api/invoices/{invoice.number}/credit"
    api_client.post(url, {"reason": "x"}, content_type="application/json")

    again = api_client.post(url, {"reason": "y"}, content_type="application/json")
    empty = api_client.post(url, {"reason": "  "}, content_type="application/json")

    assert again.status_code == 409
    assert again.json()["code"] == "credit_refused"
    assert empty.status_code == 422


def test_the_page_credits_an_invoice_and_links_both_ways(logged_in):
    invoice = issued_invoice()

    response = logged_in.post(
        f"/invoices/{invoice.number}/credit", {"reason": "Wrong hours"}, follow=True
    )

    assert response.status_code == 200
    assert "is credited by credit note 2026-00002" in response.text
    assert 'href="/invoices/2026-00001/"' in response.text  # credits
    original = logged_in.get(f"/invoices/{invoice.number}/")
    assert 'id="status">Credited' in original.text
    assert 'href="/invoices/2026-00002/"' in original.text
    assert "Credit this invoice" not in original.text


def test_the_page_asks_for_a_reason(logged_in):
    invoice = issued_invoice()

    response = logged_in.post(f"/invoices/{invoice.number}/credit", {"reason": " "})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize("reason", ["Wrong\nhours", "Wrong\x01hours"])
def test_the_page_takes_a_reason_on_one_line_as_the_api_does(logged_in, reason):
    """Not a 500: the form keeps the command's rule for the reason."""
    invoice = issued_invoice()

    response = logged_in.post(f"/invoices/{invoice.number}/credit", {"reason": reason})

    assert response.status_code == 400
    assert "Enter printable text on one line; this field is required." in (
        response.text
    )
    assert Invoice.objects.count() == 1


def test_a_payment_refused_on_a_credited_invoice_says_why(logged_in):
    """Sent from a page older than the credit note: the form is gone from
    the page now, its refusal is not."""
    invoice = issued_invoice()
    credit(invoice)

    response = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "1.00", "paid_on": "2026-03-10", "method": "cash"},
    )

    assert response.status_code == 400
    assert f"Invoice {invoice.number} is credited; nothing is open on it." in (
        response.text
    )


def test_a_second_credit_from_an_old_page_says_why(logged_in):
    invoice = issued_invoice()
    note = credit(invoice)

    response = logged_in.post(
        f"/invoices/{invoice.number}/credit", {"reason": "Sent twice"}
    )

    assert response.status_code == 400
    assert f"Invoice {invoice.number} is credited already, by {note.number}." in (
        response.text
    )


def test_a_credit_note_s_date_is_invoicings_business_day():
    invoice = issued_invoice()

    note = credit(invoice)

    assert note.invoice_date == DAY + timedelta(days=1) == invoice.invoice_date
    assert note.due_date == note.invoice_date
    assert date(2026, 1, 1) <= note.invoice_date
