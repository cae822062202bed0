"""Payments: from the handler, the page, the API and the admin; the status
they give; refusals as clear messages."""

from datetime import date
from decimal import Decimal

import pytest

from apps.invoicing import handlers
from apps.invoicing.commands import RecordPayment
from apps.invoicing.domain import PaymentRefusedError
from apps.invoicing.models import BusinessDay, Invoice, Payment
from garage.kernel.models import OutboxEvent

from .factories import issued_invoice

pytestmark = pytest.mark.django_db

PAID_ON = date(2026, 3, 10)


def pay(invoice: Invoice, amount: str, paid_on: date = PAID_ON) -> Payment:
    return handlers.record_payment(
        RecordPayment(
            number=invoice.number,
            amount=Decimal(amount),
            paid_on=paid_on,
            method="card",
            recorded_by="frank",
        )
    )


def test_payments_make_an_invoice_partly_paid_then_paid():
    invoice = issued_invoice()  # 67.16 incl. VAT
    today = date(2026, 3, 10)

    pay(invoice, "20.00")
    invoice.refresh_from_db()
    assert invoice.status_on(today) == "Partly paid"
    assert (invoice.amount_paid, invoice.open_amount) == money("20.00", "47.16")
    assert invoice.paid_on is None

    pay(invoice, "47.16", date(2026, 3, 12))
    invoice.refresh_from_db()
    assert invoice.status_on(today) == "Paid"
    assert invoice.paid_on == date(2026, 3, 12)
    assert invoice.open_amount == Decimal("0.00")


def test_an_open_invoice_after_its_due_date_is_overdue():
    invoice = issued_invoice()

    assert invoice.status_on(invoice.due_date) == "Open"
    assert invoice.status_on(date(2026, 4, 3)) == "Overdue"


def test_each_payment_publishes_payment_received():
    invoice = issued_invoice()

    pay(invoice, "7.16")

    envelope = OutboxEvent.objects.get(event_type="PaymentReceived").envelope
    assert envelope["data"] == {
        "number": invoice.number,
        "customer_id": str(invoice.customer_id),
        "amount": "7.16",
        "paid_on": "2026-03-10",
        "method": "card",
        "open_amount": "60.00",
    }


def test_more_than_the_open_amount_is_refused_and_nothing_changes():
    invoice = issued_invoice()
    pay(invoice, "60.00")

    with pytest.raises(PaymentRefusedError, match="€ 7.17 is more than the € 7.16"):
        pay(invoice, "7.17")

    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("60.00")
    assert Payment.objects.count() == 1


def money(*amounts: str) -> tuple[Decimal, ...]:
    return tuple(map(Decimal, amounts))


# The API


def test_the_api_records_a_payment_201(api_client):
    invoice = issued_invoice()

    response = api_client.post(
        f"/api/invoices/{invoice.number}/payments",
        {"amount": "67.16", "paid_on": "2026-03-10", "method": "bank_transfer"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "invoice": invoice.number,
        "amount": "67.16",
        "paid_on": "2026-03-10",
        "method": "bank_transfer",
        "recorded_by": "employee",
        "open_amount": "0.00",
    }
    assert api_client.get(f"/api/invoices/{invoice.number}").json()["status"] == "Paid"


def test_the_api_refuses_too_much_with_409(api_client):
    invoice = issued_invoice()

    response = api_client.post(
        f"/api/invoices/{invoice.number}/payments",
        {"amount": "100.00", "paid_on": "2026-03-10", "method": "cash"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "€ 100.00 is more than the € 67.16 still open on this invoice.",
        "code": "payment_refused",
    }


def test_the_api_answers_a_payments_money_in_cents(api_client):
    invoice = issued_invoice()

    response = api_client.post(
        f"/api/invoices/{invoice.number}/payments",
        {"amount": "10.5", "paid_on": "2026-03-10", "method": "cash"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["amount"], response.json()["open_amount"]) == (
        "10.50",
        "56.66",
    )
    envelope = OutboxEvent.objects.get(event_type="PaymentReceived").envelope
    assert envelope["data"]["amount"] == "10.50"


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "0", "paid_on": "2026-03-10", "method": "cash"},
        {"amount": "-5", "paid_on": "2026-03-10", "method": "cash"},
        {"amount": "1.005", "paid_on": "2026-03-10", "method": "cash"},
        {"amount": "abc", "paid_on": "2026-03-10", "method": "cash"},
        {"amount": "10", "paid_on": "10-03-2026", "method": "cash"},
        {"amount": "10", "paid_on": "2026-03-10", "method": "cheque"},
        {"amount": "1e30", "paid_on": "2026-03-10", "method": "cash"},
        {"paid_on": "2026-03-10", "method": "cash"},
    ],
)
def test_the_api_refuses_bad_payments_with_422(api_client, body):
    invoice = issued_invoice()

    response = api_client.post(
        f"/api/invoices/{invoice.number}/payments",
        body,
        content_type="application/json",
    )

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert not Payment.objects.exists()


def test_a_payment_on_an_unknown_invoice_is_404(api_client):
    response = api_client.post(
        "/api/invoices/2026-99999/payments",
        {"amount": "1", "paid_on": "2026-03-10", "method": "cash"},
        content_type="application/json",
    )

    assert response.status_code == 404


# The page


def test_the_invoice_page_records_a_payment(logged_in):
    invoice = issued_invoice()

    response = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "10.00", "paid_on": "2026-03-10", "method": "cash"},
        follow=True,
    )

    assert response.status_code == 200
    assert f"Recorded € 10.00 on {invoice.number}." in response.text
    assert 'id="status">Partly paid' in response.text
    assert "€ 57.16" in response.text  # still open


def test_the_invoice_page_shows_a_refusal_next_to_the_form(logged_in):
    invoice = issued_invoice()

    response = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "99.00", "paid_on": "2026-03-10", "method": "cash"},
    )

    assert response.status_code == 400
    assert "€ 99.00 is more than the € 67.16 still open" in response.text
    assert not Payment.objects.exists()


def test_the_invoice_page_says_an_amount_in_cents(logged_in):
    invoice = issued_invoice()

    recorded = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "7", "paid_on": "2026-03-10", "method": "cash"},
        follow=True,
    )
    refused = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "1e3", "paid_on": "2026-03-10", "method": "cash"},
    )

    assert f"Recorded € 7.00 on {invoice.number}." in recorded.text
    assert "€ 1000.00 is more than the € 60.16 still open" in refused.text


def test_a_payment_refused_on_a_paid_invoice_says_why(logged_in):
    """The page the payment was sent from was older than the last payment:
    its form is gone from the page now, its refusal is not."""
    invoice = issued_invoice()
    pay(invoice, "67.16")

    response = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "1.00", "paid_on": "2026-03-10", "method": "cash"},
    )

    assert response.status_code == 400
    assert "€ 1.00 is more than the € 0.00 still open" in response.text


def test_the_invoice_page_validates_the_form(logged_in):
    invoice = issued_invoice()

    response = logged_in.post(
        f"/invoices/{invoice.number}/payments",
        {"amount": "-1", "paid_on": "yesterday", "method": "cash"},
    )

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0.01." in response.text
    assert "Enter a valid date." in response.text


def test_overdue_follows_invoicings_business_day(logged_in):
    invoice = issued_invoice()
    BusinessDay.objects.filter(pk=1).update(date=date(2026, 4, 3))

    page = logged_in.get(f"/invoices/{invoice.number}/")

    assert 'id="status">Overdue' in page.text


# The admin


def test_the_admin_records_a_payment_through_the_same_rules(client, staff):
    invoice = issued_invoice()
    client.force_login(staff)

    refused = client.post(
        "/admin/invoicing/payment/add/",
        {
            "invoice_number": invoice.number,
            "amount": "70.00",
            "paid_on": "2026-03-10",
            "method": "cash",
        },
    )
    assert refused.status_code == 200
    assert "more than the € 67.16 still open" in refused.text
    assert not Payment.objects.exists()

    added = client.post(
        "/admin/invoicing/payment/add/",
        {
            "invoice_number": invoice.number,
            "amount": "67.16",
            "paid_on": "2026-03-10",
            "method": "cash",
        },
    )
    assert added.status_code == 302
    payment = Payment.objects.get()
    assert (payment.recorded_by, payment.amount) == ("admin", Decimal("67.16"))
    assert OutboxEvent.objects.filter(event_type="PaymentReceived").count() == 1
    change = client.get(f"/admin/invoicing/payment/{payment.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.text


def test_the_admin_refuses_an_unknown_invoice_clearly(client, staff):
    client.force_login(staff)

    response = client.post(
        "/admin/invoicing/payment/add/",
        {
            "invoice_number": "2026-99999",
            "amount": "1.00",
            "paid_on": "2026-03-10",
            "method": "cash",
        },
    )

    assert response.status_code == 200
    assert "There is no invoice 2026-99999." in response.text
