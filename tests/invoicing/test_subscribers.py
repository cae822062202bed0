from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from apps.customers.events import CustomerDetailsChanged
from apps.invoicing.events import InvoiceIssued
from apps.invoicing.models import Invoice, InvoiceLine, Job
from apps.timekeeping.events import DayHasPassed
from garage.kernel import subscriptions
from tests.conftest import BROKER_MODE
from tests.notifications.factories import (
    customer_registered,
    job_cancelled,
    job_finished,
    job_planned,
    job_rescheduled,
)

DAY = date(2026, 3, 2)
NEXT_DAY = date(2026, 3, 3)


@pytest.fixture
def ann(publish):
    customer = customer_registered(
        "Ann Smith", address="Keizersgracht 1", postal_code="1015 AA", city="Amsterdam"
    )
    publish(customer)
    return customer


@pytest.fixture
def finish(publish):
    """Plans and finishes a job of ``customer`` on ``day``, lasting start-end."""

    def finish(customer, start="08:00", end="10:00", day=DAY, **details):
        job = job_planned(customer, day, start, end, **details)
        publish(job)
        publish(job_finished(job))
        mail.outbox.clear()  # the customer's ready-for-pickup e-mail
        return job

    return finish


def test_two_hours_make_an_invoice_of_37_00_plus_vat(publish, ann, finish):
    finish(ann, "08:00", "10:00")

    publish(DayHasPassed(date=NEXT_DAY))

    invoice = Invoice.objects.get()
    assert (invoice.subtotal, invoice.vat, invoice.total) == (
        Decimal("37.00"),
        Decimal("7.77"),
        Decimal("44.77"),
    )
    assert invoice.number == "2026-00001"
    assert invoice.invoice_date == NEXT_DAY
    assert invoice.due_date == date(2026, 4, 2)


def test_two_jobs_of_two_and_one_hours_make_one_invoice_of_55_50(publish, ann, finish):
    finish(ann, "08:00", "10:00")
    finish(ann, "13:00", "14:00", license_number="34-CD-56")

    publish(DayHasPassed(date=NEXT_DAY))

    invoice = Invoice.objects.get()
    assert (invoice.subtotal, invoice.vat, invoice.total) == (
        Decimal("55.50"),
        Decimal("11.66"),
        Decimal("67.16"),
    )
    amounts = invoice.lines.values_list("amount", flat=True)
    assert list(amounts) == [Decimal("37.00"), Decimal("18.50")]


def test_one_hour_twenty_minutes_costs_24_67(publish, ann, finish):
    finish(ann, "08:00", "09:20")

    publish(DayHasPassed(date=NEXT_DAY))

    line, invoice = InvoiceLine.objects.get(), Invoice.objects.get()
    assert (line.quantity, line.amount) == (Decimal("1.33"), Decimal("24.67"))
    assert (invoice.vat, invoice.total) == (Decimal("5.18"), Decimal("29.85"))


def test_ten_jobs_worth_over_a_thousand_euro_make_one_invoice(publish, ann, finish):
    for n in range(10):
        finish(
            ann, "08:00", "17:00", day=date(2026, 2, 20 + n % 8), description=f"#{n}"
        )

    publish(DayHasPassed(date=NEXT_DAY))

    invoice = Invoice.objects.get()
    assert invoice.lines.count() == 10
    assert invoice.subtotal == Decimal("1665.00")  # 10 x 9 h x 18.50


def test_each_customer_gets_one_invoice_numbered_in_sequence(publish, ann, finish):
    bob = customer_registered("Bob Jones")
    publish(bob)
    finish(ann)
    finish(bob, license_number="XX-99-YY")

    publish(DayHasPassed(date=NEXT_DAY))

    numbers = dict(Invoice.objects.values_list("customer_name", "number"))
    assert numbers == {"Ann Smith": "2026-00001", "Bob Jones": "2026-00002"}


def test_numbers_continue_from_one_day_to_the_next(publish, ann, finish):
    finish(ann)
    publish(DayHasPassed(date=NEXT_DAY))
    finish(ann, day=NEXT_DAY)

    publish(DayHasPassed(date=date(2026, 3, 4)))

    numbers = Invoice.objects.order_by("number").values_list("number", flat=True)
    assert list(numbers) == ["2026-00001", "2026-00002"]


def test_planned_and_cancelled_jobs_are_not_invoiced(publish, ann):
    planned, cancelled = job_planned(ann, DAY), job_planned(ann, DAY, "11:00", "12:00")
    publish(planned, cancelled)
    publish(job_cancelled(cancelled))

    publish(DayHasPassed(date=NEXT_DAY))

    assert not Invoice.objects.exists()
    assert mail.outbox == []


def test_work_of_the_day_that_begins_waits_for_the_next(publish, ann, finish):
    finish(ann, day=NEXT_DAY)

    publish(DayHasPassed(date=NEXT_DAY))

    assert not Invoice.objects.exists()


def test_the_stored_document_holds_everything_the_print_shop_needs(
    publish, ann, finish, settings
):
    finish(
        ann,
        "08:00",
        "09:20",
        description="Replace brake pads",
        license_number="AB-123-C",
    )

    publish(DayHasPassed(date=NEXT_DAY))

    html = Invoice.objects.get().html
    for expected in [
        settings.GARAGE_NAME,
        "2026-00001",
        "3 March 2026",  # invoice date
        "2 April 2026",  # due date
        "Ann Smith",
        "Keizersgracht 1",
        "1015 AA Amsterdam",
        "2 Mar 2026",  # the job's date
        "Replace brake pads",
        "AB-123-C",
        "1.33",
        "€ 24.67",
        "€ 5.18",  # VAT
        "€ 29.85",
        "21%",
        settings.GARAGE_ADDRESS,
        settings.GARAGE_VAT_NUMBER,
        settings.GARAGE_COC_NUMBER,
        "within 30 days",
        settings.BANK_ACCOUNT,
    ]:
        assert expected in html


def test_the_invoice_is_mailed_as_html_to_the_print_shop(
    publish, ann, finish, settings
):
    settings.INVOICE_DELIVERY = "print_shop"
    finish(ann)

    publish(DayHasPassed(date=NEXT_DAY))

    [message] = mail.outbox
    invoice = Invoice.objects.get()
    assert message.subject == "Pitstop Garage Invoice #2026-00001"
    assert message.to == [settings.PRINT_SHOP_EMAIL] == ["pitstop@prestoprint.nl"]
    assert message.from_email == settings.INVOICE_FROM_EMAIL
    assert message.content_subtype == "html"
    assert message.body == invoice.html
    assert invoice.sent_at is not None
    assert invoice.delivery_status == "sent"


def test_the_esp_message_id_and_status_are_stored(publish, ann, finish, settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    finish(ann)

    publish(DayHasPassed(date=NEXT_DAY))

    invoice = Invoice.objects.get()
    assert (invoice.message_id, invoice.delivery_status) == ("0", "sent")


def test_a_customer_not_known_yet_is_invoiced_once_known(publish, finish):
    carl = customer_registered("Carl Brown")
    finish(carl)
    publish(DayHasPassed(date=NEXT_DAY))
    assert not Invoice.objects.exists()

    publish(carl)
    publish(DayHasPassed(date=date(2026, 3, 4)))

    invoice = Invoice.objects.get()
    assert invoice.customer_address == "Keizersgracht 1"
    assert invoice.invoice_date == date(2026, 3, 4)


@pytest.mark.skipif(
    BROKER_MODE,
    reason="with a broker, worker threads may handle caught-up days at once",
)
def test_caught_up_days_invoice_each_day_s_work_on_the_next(publish, ann, finish):
    call_command("day_has_passed", "--date", "2026-03-01")
    finish(ann, day=DAY)
    finish(ann, day=NEXT_DAY, license_number="34-CD-56")

    call_command("day_has_passed", "--date", "2026-03-04")

    dates = Invoice.objects.order_by("number").values_list("invoice_date", flat=True)
    assert list(dates) == [NEXT_DAY, date(2026, 3, 4)]


def test_an_address_change_reaches_new_invoices_and_leaves_issued_ones(
    publish, ann, finish
):
    """SPEC 13: new invoices use the current address; an issued one never
    changes."""
    finish(ann)
    publish(DayHasPassed(date=NEXT_DAY))
    moved = ann.model_dump() | {
        "address": "Oudegracht 9",
        "postal_code": "3511 AB",
        "city": "Utrecht",
    }
    publish(CustomerDetailsChanged(**moved, version=1))
    finish(ann, day=NEXT_DAY)

    publish(DayHasPassed(date=date(2026, 3, 4)))

    first, second = Invoice.objects.order_by("number")
    assert (first.customer_address, first.customer_city) == (
        "Keizersgracht 1",
        "Amsterdam",
    )
    assert "Keizersgracht 1" in first.html and "Oudegracht 9" not in first.html
    assert (second.customer_address, second.customer_postal_code) == (
        "Oudegracht 9",
        "3511 AB",
    )
    assert "3511 AB Utrecht" in second.html


def test_a_renamed_customer_still_gets_one_invoice_for_the_day(publish, ann, finish):
    """Jobs planned before and after a change of name carry either name; a
    customer whose name sorts between them does not split the invoice."""
    bob = customer_registered("Bob Jones")
    publish(bob)
    finish(ann)
    renamed = ann.model_copy(update={"name": "Zoe Smith"})
    publish(CustomerDetailsChanged(**renamed.model_dump(), version=1))
    finish(renamed, "10:00", "11:00")
    finish(bob, "08:00", "10:00", license_number="34-CD-56")

    publish(DayHasPassed(date=NEXT_DAY))

    assert Invoice.objects.count() == 2
    invoices = {i.customer_name: i for i in Invoice.objects.all()}
    assert sorted(invoices) == ["Bob Jones", "Zoe Smith"]
    assert invoices["Zoe Smith"].lines.count() == 2
    assert invoices["Zoe Smith"].subtotal == Decimal("55.50")


def test_a_rescheduled_job_moves_to_its_new_day(publish, ann):
    job = job_planned(ann, DAY)
    publish(job)

    publish(job_rescheduled(job, NEXT_DAY, "13:00", "14:00"))

    assert Job.objects.get(job_id=job.job_id).planning_date == NEXT_DAY


def test_sending_an_invoice_is_never_batched():

    assert subscriptions.acts_outside("invoicing", InvoiceIssued.event_type())
    assert not subscriptions.acts_outside("invoicing", "MaintenanceJobPlanned")
