"""Ready for pickup (SPEC 14): one e-mail per finished job, to its customer."""

from datetime import date

import pytest
from django.core import mail

from apps.notifications.models import Message
from garage.kernel import bus as kernel_bus
from garage.kernel.models import Delivery
from garage.kernel.transports import get_transport

from .factories import customer_registered, job_cancelled, job_finished, job_planned
from .mailers import FAILS_ONCE, FailsOnceBackend

DAY = date(2026, 3, 2)


@pytest.fixture
def publish(bus):
    def publish(*events):
        envelopes = kernel_bus.publish(*events)
        bus.drain()
        return envelopes

    return publish


@pytest.fixture
def ann(publish):
    customer = customer_registered("Ann Smith")
    publish(customer)
    return customer


def test_a_finished_job_s_customer_is_told_the_vehicle_is_ready(publish, ann, settings):
    job = job_planned(
        ann, DAY, description="Replace brake pads", license_number="AB-123-C"
    )
    publish(job)

    publish(job_finished(job))

    [message] = mail.outbox
    assert message.subject == "Your Volkswagen Golf [AB-123-C] is ready for pickup"
    assert message.to == ["ann@example.com"]
    assert message.from_email == settings.REMINDER_FROM_EMAIL
    assert "Dear Ann Smith," in message.body
    assert "Replace brake pads" in message.body
    logged = Message.objects.get()
    assert logged.kind == Message.Kind.READY_FOR_PICKUP
    assert logged.reference == str(job.job_id)
    assert logged.customer_id == ann.customer_id
    assert logged.license_number == "AB-123-C"
    assert logged.email_address == "ann@example.com"
    assert logged.sent_at is not None


def test_each_finished_job_gets_its_own_e_mail(publish, ann):
    first, second = job_planned(ann, DAY), job_planned(ann, DAY, "11:00", "12:00")
    publish(first, second)

    publish(job_finished(first), job_finished(second))

    assert len(mail.outbox) == 2
    assert Message.objects.filter(kind="ready_for_pickup").count() == 2


def test_a_redelivered_finish_sends_nothing_more(publish, ann, bus):
    job = job_planned(ann, DAY)
    publish(job)
    [envelope] = publish(job_finished(job))

    delivery = Delivery.objects.get(
        event__event_id=envelope.event_id, consumer="notifications"
    )
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT)
    get_transport().send([(delivery.pk, "notifications")])
    bus.drain()
    bus.settle()

    assert len(mail.outbox) == 1
    assert Message.objects.count() == 1


def test_the_same_job_finished_twice_in_the_news_is_told_once(publish, ann):
    job = job_planned(ann, DAY)
    publish(job)

    publish(job_finished(job))
    publish(job_finished(job))  # another event, same job (a replay upstream)

    assert len(mail.outbox) == 1


def test_a_cancelled_job_tells_no_one(publish, ann):
    job = job_planned(ann, DAY)
    publish(job)

    publish(job_cancelled(job))

    assert mail.outbox == []


def test_a_failed_send_is_retried_and_sent_once(publish, ann, settings):
    settings.MAILERS = FAILS_ONCE
    FailsOnceBackend.arm()
    job = job_planned(ann, DAY)
    publish(job)

    publish(job_finished(job))

    assert FailsOnceBackend.attempts == 2
    assert len(mail.outbox) == 1
    assert Message.objects.get().sent_at is not None


def test_news_of_a_job_not_known_yet_waits_for_it(publish, ann):
    job = job_planned(ann, DAY)

    publish(job_finished(job))
    assert mail.outbox == []

    publish(job)
    waiting = Delivery.objects.filter(event__event_type="MaintenanceJobFinished")
    from garage.kernel import relay

    relay.replay(waiting)
    publish()

    assert len(mail.outbox) == 1


def test_the_message_id_is_the_same_on_every_attempt_and_on_one_line(publish, ann):
    job = job_planned(ann, DAY)
    publish(job)

    publish(job_finished(job))

    [message] = mail.outbox
    header = message.message().as_string().split("\n\n")[0]
    [line] = [line for line in header.splitlines() if line.startswith("Message-ID")]
    logged = Message.objects.get()
    prefix = f"Message-ID: <pickup-{logged.pk}-{ann.customer_id.hex[:12]}@"
    assert line.startswith(prefix)


def test_an_overdue_invoice_gets_one_payment_reminder_to_the_customer(publish):
    """Invoicing says an invoice is overdue; notifications mails its customer
    once, even when the news comes twice, and lists it among the messages."""
    from decimal import Decimal

    from apps.invoicing.events import PaymentOverdue

    ann = customer_registered("Ann Smith")
    publish(ann)
    overdue = PaymentOverdue(
        number="2026-00042",
        customer_id=ann.customer_id,
        invoice_date=date(2026, 3, 3),
        due_date=date(2026, 4, 2),
        open_amount=Decimal("67.16"),
    )

    publish(overdue)
    publish(overdue)

    [message] = mail.outbox
    assert message.to == ["ann@example.com"]
    assert message.subject == "Reminder: invoice 2026-00042 is overdue"
    assert "was due on 2 April 2026" in message.body
    assert "€ 67.16" in message.body
    logged = Message.objects.get(kind="payment_reminder")
    assert (logged.reference, logged.sent_at is not None) == ("2026-00042", True)
