"""A job is invoiced once, and an invoice mailed once, whatever is redelivered."""

from datetime import date

import pytest
from django.core import mail

from apps.invoicing.events import InvoiceIssued
from apps.invoicing.models import Invoice
from apps.timekeeping.events import DayHasPassed
from garage.kernel.models import Delivery
from garage.kernel.transports import get_transport
from tests.notifications.factories import customer_registered, job_finished, job_planned
from tests.notifications.mailers import FAILS_ONCE, FailsOnceBackend

DAY = date(2026, 3, 2)


@pytest.fixture
def finished_job(publish):
    customer = customer_registered("Ann Smith")
    job = job_planned(customer, DAY)
    publish(customer, job)
    publish(job_finished(job))
    mail.outbox.clear()  # the customer's ready-for-pickup e-mail
    return job


def deliver_again(envelope, consumer: str) -> None:
    """What a broker does when a worker died before acknowledging."""
    delivery = Delivery.objects.get(
        event__event_id=envelope.event_id, consumer=consumer
    )
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT)
    get_transport().send([(delivery.pk, consumer)])


def test_a_redelivered_day_makes_one_invoice_and_one_email(publish, bus, finished_job):
    [envelope] = publish(DayHasPassed(date=date(2026, 3, 3)))

    deliver_again(envelope, "invoicing")
    bus.drain()
    bus.settle()

    assert Invoice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_same_day_announced_again_invoices_nothing_more(publish, finished_job):
    publish(DayHasPassed(date=date(2026, 3, 3)))

    publish(DayHasPassed(date=date(2026, 3, 3)))
    publish(DayHasPassed(date=date(2026, 3, 4)))

    assert Invoice.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_and_mails_once(publish, finished_job, settings):
    settings.MAILERS = FAILS_ONCE
    FailsOnceBackend.arm()

    publish(DayHasPassed(date=date(2026, 3, 3)))

    assert FailsOnceBackend.attempts == 2
    assert Invoice.objects.count() == 1
    assert len(mail.outbox) == 1
    sending = Delivery.objects.get(event__event_type="InvoiceIssued")
    assert (sending.state, sending.attempts) == (Delivery.State.HANDLED, 1)


def test_news_of_an_invoice_already_mailed_mails_nothing(publish, finished_job):
    publish(DayHasPassed(date=date(2026, 3, 3)))
    invoice = Invoice.objects.get()

    publish(
        InvoiceIssued(
            number=invoice.number,
            customer_id=invoice.customer_id,
            invoice_date=invoice.invoice_date,
            total=invoice.total,
        )
    )

    assert len(mail.outbox) == 1


def test_a_job_finished_again_after_invoicing_keeps_its_invoice(publish, finished_job):
    publish(DayHasPassed(date=date(2026, 3, 3)))

    publish(job_finished(finished_job, "08:00", "12:00"))
    publish(DayHasPassed(date=date(2026, 3, 4)))

    assert Invoice.objects.count() == 1
    assert str(Invoice.objects.get().subtotal) == "37.00"
