from datetime import date

import pytest
from django.core import mail

from apps.notifications.events import MessagesPrepared, ReminderPrepared
from apps.notifications.models import Reminder
from apps.timekeeping.events import DayHasPassed
from garage.kernel import bus as kernel_bus
from garage.kernel import relay, subscriptions
from garage.kernel.models import Delivery
from garage.kernel.transports import get_transport

from .factories import (
    customer_registered,
    job_cancelled,
    job_finished,
    job_planned,
    job_rescheduled,
)
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


def reminders_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_no_jobs_no_email(publish, ann):
    publish(DayHasPassed(date=DAY))

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_one_job_one_email_naming_customer_license_description_and_time(
    publish, ann, settings
):
    publish(job_planned(ann, DAY, "09:30", "11:00", "Replace brake pads", "AB-123-C"))

    publish(DayHasPassed(date=DAY))

    [message] = mail.outbox
    assert message.subject == "Vehicle maintenance reminder"
    assert message.from_email == settings.REMINDER_FROM_EMAIL
    assert message.to == ["ann@example.com"]
    assert message.content_subtype == "plain"
    assert "Dear Ann Smith," in message.body
    assert "2 March 2026, 09:30-11:00: Replace brake pads" in message.body
    assert "AB-123-C" in message.body
    assert "Please arrive at 09:20, 10 minutes before the first job" in message.body


def test_two_jobs_of_one_customer_make_one_email_listing_both(publish, ann):
    publish(
        job_planned(ann, DAY, "13:00", "14:00", "Wash", "12-AB-34"),
        job_planned(ann, DAY, "08:00", "10:00", "Oil change", "34-CD-56"),
    )

    publish(DayHasPassed(date=DAY))

    [message] = mail.outbox
    assert message.body.index("Oil change") < message.body.index("Wash")
    assert "12-AB-34" in message.body and "34-CD-56" in message.body
    assert "Please arrive at 07:50" in message.body


def test_two_customers_get_an_email_each(publish, ann):
    bob = customer_registered("Bob Jones")
    publish(
        bob, job_planned(ann, DAY), job_planned(bob, DAY, license_number="XX-99-YY")
    )

    publish(DayHasPassed(date=DAY))

    assert len(mail.outbox) == 2
    [to_bob] = reminders_to("bob@example.com")
    assert "Dear Bob Jones," in to_bob.body and "XX-99-YY" in to_bob.body
    assert len(reminders_to("ann@example.com")) == 1


def test_finished_or_cancelled_jobs_get_no_reminder(publish, ann):
    finished, cancelled = job_planned(ann, DAY), job_planned(ann, DAY, "11:00", "12:00")
    publish(finished, cancelled)
    publish(job_finished(finished), job_cancelled(cancelled))

    mail.outbox.clear()  # the finished job's ready-for-pickup e-mail

    publish(DayHasPassed(date=DAY))

    assert mail.outbox == []


def test_only_jobs_starting_that_day_in_garage_time_are_reminded(publish, ann):
    publish(
        job_planned(ann, DAY, "00:15", "01:00", "Just after midnight"),
        job_planned(ann, date(2026, 3, 1), "23:00", "23:45", "The evening before"),
        job_planned(ann, date(2026, 3, 3), "08:00", "09:00", "The day after"),
    )

    publish(DayHasPassed(date=DAY))

    [message] = mail.outbox
    assert "Just after midnight" in message.body
    assert "The evening before" not in message.body
    assert "The day after" not in message.body


def test_the_same_day_passing_twice_sends_no_second_email(publish, ann, bus):
    publish(job_planned(ann, DAY))
    [envelope] = publish(DayHasPassed(date=DAY))

    # The broker delivers the same event again, and the day is announced anew.
    delivery = Delivery.objects.get(
        event__event_id=envelope.event_id, consumer="notifications"
    )
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT)
    get_transport().send([(delivery.pk, "notifications")])
    publish(DayHasPassed(date=DAY))
    bus.settle()

    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_each_reminded_job_is_recorded_with_the_send(publish, ann):
    job = job_planned(ann, DAY)
    publish(job)

    publish(DayHasPassed(date=DAY))

    reminder = Reminder.objects.get()
    assert list(reminder.jobs.values_list("job_id", flat=True)) == [job.job_id]
    assert reminder.email_address == "ann@example.com"
    assert reminder.sent_at is not None
    assert reminder.delivery_status == "sent"


def test_a_failed_send_is_retried_and_emails_once(publish, ann, settings):
    settings.MAILERS = FAILS_ONCE
    FailsOnceBackend.arm()
    publish(job_planned(ann, DAY))

    publish(DayHasPassed(date=DAY))

    assert FailsOnceBackend.attempts == 2
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None
    sending = Delivery.objects.get(event__event_type="ReminderPrepared")
    assert sending.state == Delivery.State.HANDLED
    assert sending.attempts == 1


def test_a_reminder_for_a_customer_not_known_yet_is_sent_once_they_are(publish):
    carl = customer_registered("Carl Brown")
    publish(job_planned(carl, DAY))
    publish(DayHasPassed(date=DAY))
    assert mail.outbox == []
    waiting = Delivery.objects.filter(event__event_type="ReminderPrepared")

    publish(carl)
    relay.replay(waiting)  # as an administrator would, or the retries in time
    publish()

    [message] = mail.outbox
    assert message.to == ["carl@example.com"]


def test_the_esp_message_id_and_status_are_stored(publish, ann, settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    publish(job_planned(ann, DAY))

    publish(DayHasPassed(date=DAY))

    reminder = Reminder.objects.get()
    assert reminder.message_id == "0"  # the test ESP numbers its messages
    assert reminder.delivery_status == "sent"


def test_a_rescheduled_job_is_reminded_on_its_new_day_not_the_old_one(publish, ann):
    job = job_planned(ann, DAY, description="Moved")
    publish(job)
    publish(job_rescheduled(job, date(2026, 3, 4), "13:00", "14:00"))

    publish(DayHasPassed(date=DAY))
    assert mail.outbox == []
    publish(DayHasPassed(date=date(2026, 3, 3)), DayHasPassed(date=date(2026, 3, 4)))

    [message] = mail.outbox
    assert "4 March 2026, 13:00-14:00: Moved" in message.body


def test_the_subscribers_that_send_e_mail_are_never_batched():

    for event in (ReminderPrepared, MessagesPrepared):
        assert subscriptions.acts_outside("notifications", event.event_type())
    assert not subscriptions.acts_outside("notifications", "MaintenanceJobPlanned")
