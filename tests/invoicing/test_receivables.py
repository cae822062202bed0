"""Payment reminders when days pass, the receivables and the accountant's
export."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from apps.invoicing import handlers
from apps.invoicing.commands import RemindOverduePayments
from apps.invoicing.models import Invoice
from apps.timekeeping.events import DayHasPassed
from garage.kernel.models import OutboxEvent
from tests.conftest import BROKER_MODE

from .factories import customer, finished_job, issue, issued_invoice
from .test_credit_notes import credit
from .test_payments import pay

DUE = date(2026, 4, 2)  # of an invoice of 3 March 2026


def overdue_numbers() -> list[str]:
    return [
        e.envelope["data"]["number"]
        for e in OutboxEvent.objects.filter(event_type="PaymentOverdue").order_by("id")
    ]


def remind(today: date) -> list[Invoice]:
    return handlers.remind_overdue_payments(RemindOverduePayments(today=today))


@pytest.mark.django_db
def test_an_invoice_open_seven_days_past_due_is_reminded_once():
    invoice = issued_invoice()

    assert remind(DUE + timedelta(days=6)) == []
    assert remind(DUE + timedelta(days=7)) == [invoice]
    assert remind(DUE + timedelta(days=8)) == []

    assert overdue_numbers() == [invoice.number]
    data = OutboxEvent.objects.get(event_type="PaymentOverdue").envelope["data"]
    assert (data["open_amount"], data["due_date"]) == ("67.16", "2026-04-02")


@pytest.mark.django_db
def test_paid_and_credited_invoices_are_not_reminded():
    paid, credited, partly = (
        issued_invoice(name="Ann Smith"),
        issued_invoice(name="Bob Jones"),
        issued_invoice(name="Carl Brown"),
    )
    pay(paid, "67.16")
    credit(credited)
    pay(partly, "60.00")

    remind(DUE + timedelta(days=30))

    assert overdue_numbers() == [partly.number]
    data = OutboxEvent.objects.get(event_type="PaymentOverdue").envelope["data"]
    assert data["open_amount"] == "7.16"


@pytest.mark.skipif(
    BROKER_MODE,
    reason="with a broker, worker threads may handle caught-up days at once",
)
def test_caught_up_days_remind_once(publish):
    call_command("day_has_passed", "--date", "2026-03-02")
    finished_job(customer())
    publish(DayHasPassed(date=date(2026, 3, 3)))  # issues the invoice

    call_command("day_has_passed", "--date", "2026-04-20")
    publish(DayHasPassed(date=date(2026, 4, 20)))  # the same day again

    assert len(overdue_numbers()) == 1


# Receivables


@pytest.mark.django_db
def test_receivables_page_buckets_open_amounts_oldest_first(logged_in):
    ann = customer("Ann Smith")
    finished_job(ann, day=date(2026, 1, 5))
    issue(date(2026, 1, 6))  # due 5 Feb
    bob = customer("Bob Jones", "bob@example.com")
    finished_job(bob, day=date(2026, 2, 27))
    issue(date(2026, 3, 1))  # due 31 Mar
    handlers.remind_overdue_payments(RemindOverduePayments(today=date(2026, 4, 15)))

    page = logged_in.get("/invoices/receivables/")

    assert page.status_code == 200
    text = page.text
    assert text.index("Ann Smith") < text.index("Bob Jones")
    assert "€ 44.77" in text
    rows = logged_in.get("/api/receivables").json()
    assert rows["today"] == "2026-04-15"
    assert [
        (r["customer_name"], r["days_1_30"], r["over_60_days"], r["open_amount"])
        for r in rows["customers"]
    ] == [
        ("Ann Smith", "0.00", "44.77", "44.77"),
        ("Bob Jones", "44.77", "0.00", "44.77"),
    ]


@pytest.mark.django_db
def test_receivables_leave_out_what_is_paid_or_credited(api_client):
    ann, bob, carl = (issued_invoice(name=n) for n in ["Ann", "Bob", "Carl Brown"])
    pay(ann, "67.16")
    credit(bob)
    pay(carl, "7.16")

    rows = api_client.get("/api/receivables").json()["customers"]

    assert [(r["customer_name"], r["open_amount"]) for r in rows] == [
        ("Carl Brown", "60.00")
    ]


# The export


@pytest.mark.django_db
def test_the_csv_export_lists_a_period_s_invoices_for_a_spreadsheet(logged_in):
    finished_job(customer("Zoë Çelik"))
    (invoice,) = issue()
    pay(invoice, "44.77", date(2026, 3, 9))
    note = credit(invoice)

    response = logged_in.get("/invoices/export.csv?first=2026-03-01&last=2026-03-31")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "invoices-2026-03-01-2026-03-31.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == [
        "number",
        "date",
        "customer",
        "subtotal",
        "vat",
        "total",
        "status",
        "paid on",
        "credits",
    ]
    assert rows[1:] == [
        [
            invoice.number,
            "2026-03-03",
            "Zoë Çelik",
            "37.00",
            "7.77",
            "44.77",
            "Credited",
            "2026-03-09",
            "",
        ],
        [
            note.number,
            "2026-03-03",
            "Zoë Çelik",
            "-37.00",
            "-7.77",
            "-44.77",
            "Credit note",
            "",
            invoice.number,
        ],
    ]
    assert all(Decimal(row[5]) for row in rows[1:])  # decimal strings, a point


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x.example","Pay")', "@SUM(A1)", "+31 Co"]
)
def test_the_csv_export_keeps_a_name_a_spreadsheet_would_run_as_text(logged_in, name):
    """A name that starts like a formula is written with a leading
    apostrophe, so the accountant's spreadsheet shows it and runs nothing."""
    finished_job(customer(name))
    issue()

    response = logged_in.get("/invoices/export.csv?first=2026-03-01&last=2026-03-31")

    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[1][2] == f"'{name}"
    assert rows[1][3:6] == ["37.00", "7.77", "44.77"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("first=2026-03-31&last=2026-03-01", "comes before its start"),
        ("first=2026-03-01&last=yesterday", "Enter a valid date."),
        ("first=2000-01-01&last=2026-01-01", "at most ten years"),
        ("", "This field is required."),
    ],
)
def test_a_bad_period_is_a_form_error(logged_in, query, message):
    response = logged_in.get(f"/invoices/export.csv?{query}")

    assert response.status_code == 400
    assert message in response.text
