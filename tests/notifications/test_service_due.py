"""Service due (SPEC 14) through the bus: readings and services from the
workshop's events, one e-mail per due period when a day passes."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from apps.customers.events import CustomerDetailsChanged, VehicleOwnerChanged
from apps.notifications.models import Message, Vehicle
from apps.timekeeping.events import DayHasPassed
from garage.kernel import bus as kernel_bus
from garage.kernel import relay
from garage.kernel.models import Delivery
from garage.kernel.transports import get_transport

from .factories import (
    customer_registered,
    job_cancelled,
    job_checked_in,
    job_finished,
    job_planned,
    vehicle_registered,
)
from .mailers import FAILS_ONCE, FailsOnceBackend

SERVICE = date(2025, 3, 3)
DUE = date(2026, 3, 3)  # 12 months on
FIRST_DAY = DUE - timedelta(days=14)  # SERVICE_REMINDER_DAYS before


@pytest.fixture
def publish(bus):
    def publish(*events):
        envelopes = kernel_bus.publish(*events)
        bus.drain()
        mail.outbox[:] = [m for m in mail.outbox if "ready for pickup" not in m.subject]
        return envelopes

    return publish


@pytest.fixture
def ann(publish):
    customer = customer_registered("Ann Smith")
    publish(customer, vehicle_registered(customer))
    return customer


def serviced(publish, customer, day=SERVICE, km=None, license_number="12-AB-34"):
    job = job_planned(customer, day, license_number=license_number)
    publish(job)
    if km is not None:
        publish(job_checked_in(job, km))
    publish(job_finished(job))
    return job


def all_handled_first_time() -> bool:
    """Every delivery handled, none after a failure (a duplicate refused by
    the database would fail and be retried)."""
    deliveries = Delivery.objects.filter(consumer="notifications")
    return not deliveries.exclude(state=Delivery.State.HANDLED, attempts=0).exists()


def service_due_mails() -> list:
    return [m for m in mail.outbox if "due for a service" in m.subject]


def test_a_vehicle_due_within_14_days_gets_one_e_mail_to_its_owner(
    publish, ann, settings
):
    serviced(publish, ann)

    publish(DayHasPassed(date=FIRST_DAY - timedelta(days=1)))
    assert service_due_mails() == []
    publish(DayHasPassed(date=FIRST_DAY))

    [message] = service_due_mails()
    assert message.subject == "Your Volkswagen Golf [12-AB-34] is due for a service"
    assert message.to == ["ann@example.com"]
    assert message.from_email == settings.REMINDER_FROM_EMAIL
    assert "Dear Ann Smith," in message.body
    assert "Tuesday 3 March 2026" in message.body
    assert "12 months after its last service on 3 March 2025" in message.body
    logged = Message.objects.get(kind="service_due")
    assert logged.reference == "12-AB-34@2025-03-03"
    assert logged.customer_id == ann.customer_id
    assert logged.sent_at is not None


def test_the_same_day_again_or_redelivered_sends_nothing_more(publish, ann, bus):
    serviced(publish, ann)
    [envelope] = publish(DayHasPassed(date=FIRST_DAY))

    delivery = Delivery.objects.get(
        event__event_id=envelope.event_id, consumer="notifications"
    )
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT)
    get_transport().send([(delivery.pk, "notifications")])
    publish(DayHasPassed(date=FIRST_DAY))  # a second run of the same day
    bus.settle()

    assert len(service_due_mails()) == 1
    assert Message.objects.filter(kind="service_due").count() == 1
    assert all_handled_first_time()


def test_caught_up_days_send_one_e_mail(publish, ann, bus):
    serviced(publish, ann)
    call_command("day_has_passed", "--date", str(FIRST_DAY - timedelta(days=3)))
    bus.drain()

    call_command("day_has_passed", "--date", str(DUE + timedelta(days=5)))
    bus.drain()

    assert len(service_due_mails()) == 1
    assert all_handled_first_time()


def test_an_overdue_vehicle_is_told_once(publish, ann):
    serviced(publish, ann)

    publish(DayHasPassed(date=DUE + timedelta(days=100)))
    publish(DayHasPassed(date=DUE + timedelta(days=101)))

    assert len(service_due_mails()) == 1
    assert all_handled_first_time()


def test_no_e_mail_while_a_job_is_planned_from_that_day_on(publish, ann):
    serviced(publish, ann)
    planned = job_planned(ann, FIRST_DAY + timedelta(days=3))
    publish(planned)

    publish(DayHasPassed(date=FIRST_DAY))
    assert service_due_mails() == []

    publish(job_cancelled(planned))
    publish(DayHasPassed(date=FIRST_DAY + timedelta(days=1)))
    assert len(service_due_mails()) == 1


def test_a_job_planned_before_that_day_does_not_count(publish, ann):
    serviced(publish, ann)
    publish(job_planned(ann, FIRST_DAY - timedelta(days=1)))  # a no-show

    publish(DayHasPassed(date=FIRST_DAY))

    assert len(service_due_mails()) == 1


def test_the_e_mail_goes_to_the_owner_the_vehicle_is_registered_to(publish):
    ann, bob = customer_registered("Ann Smith"), customer_registered("Bob Jones")
    publish(ann, bob)
    serviced(publish, ann)  # first known from Ann's job
    publish(vehicle_registered(bob))  # the registration names Bob

    publish(DayHasPassed(date=FIRST_DAY))

    [message] = service_due_mails()
    assert message.to == ["bob@example.com"]
    assert "Dear Bob Jones," in message.body


def test_after_a_transfer_the_e_mail_goes_to_the_new_owner(publish, ann):
    bob = customer_registered("Bob Jones")
    publish(bob)
    serviced(publish, ann)  # Ann's job
    publish(
        VehicleOwnerChanged(
            license_number="12-ab-34",
            previous_owner_id=ann.customer_id,
            owner_id=bob.customer_id,
            version=1,
        )
    )

    publish(DayHasPassed(date=FIRST_DAY))

    [message] = service_due_mails()
    assert message.to == ["bob@example.com"]


def test_after_an_e_mail_change_the_e_mail_goes_to_the_new_address(publish, ann):
    serviced(publish, ann)
    publish(
        CustomerDetailsChanged(
            **ann.model_dump() | {"email_address": "ann.smith@example.org"},
            version=1,
        )
    )

    publish(DayHasPassed(date=FIRST_DAY))

    [message] = service_due_mails()
    assert message.to == ["ann.smith@example.org"]


def test_a_vehicle_driven_a_lot_is_due_by_its_mileage(publish, ann):
    # 100 km a day: 15,000 km after the service on 3 March 2025 in 150 days.
    serviced(publish, ann, date(2025, 1, 2), km=10_000)
    serviced(publish, ann, SERVICE, km=16_000)
    mileage_due = SERVICE + timedelta(days=150)
    assert Vehicle.objects.get().due_on == mileage_due

    publish(DayHasPassed(date=mileage_due - timedelta(days=14)))

    [message] = service_due_mails()
    assert "31 July 2025" in message.body
    assert "15,000 km since its last service on 3 March 2025" in message.body


def test_a_new_service_starts_a_new_due_period(publish, ann):
    serviced(publish, ann)
    publish(DayHasPassed(date=FIRST_DAY))
    serviced(publish, ann, DUE)  # serviced when due

    publish(DayHasPassed(date=FIRST_DAY + timedelta(days=1)))
    assert len(service_due_mails()) == 1  # not due again until 2027
    publish(DayHasPassed(date=date(2027, 3, 1)))

    assert len(service_due_mails()) == 2
    assert Message.objects.get(reference="12-AB-34@2026-03-03").sent_at is not None


def test_a_vehicle_never_serviced_here_is_never_due(publish, ann):
    job = job_planned(ann, SERVICE)
    publish(job, job_checked_in(job, 10_000))  # checked in, never finished

    publish(DayHasPassed(date=DUE + timedelta(days=400)))

    assert service_due_mails() == []


def test_each_due_vehicle_gets_its_own_e_mail(publish, ann):
    bob = customer_registered("Bob Jones")
    publish(bob, vehicle_registered(bob, "XX-99-YY"))
    serviced(publish, ann)
    serviced(publish, bob, license_number="XX-99-YY")
    serviced(publish, ann, date(2025, 6, 1), license_number="34-CD-56")

    publish(DayHasPassed(date=FIRST_DAY))

    assert sorted(m.to[0] for m in service_due_mails()) == [
        "ann@example.com",
        "bob@example.com",
    ]


def test_an_owner_not_known_yet_is_told_once_they_are(publish):
    carl = customer_registered("Carl Brown")
    serviced(publish, carl)
    publish(DayHasPassed(date=FIRST_DAY))
    assert service_due_mails() == []
    waiting = Delivery.objects.filter(event__event_type="MessagesPrepared")

    publish(carl)
    relay.replay(waiting)
    publish()

    [message] = service_due_mails()
    assert message.to == ["carl@example.com"]


def test_other_intervals_in_the_settings_are_used_from_the_next_day(
    publish, ann, settings
):
    serviced(publish, ann)
    settings.SERVICE_INTERVAL_MONTHS = 6

    publish(DayHasPassed(date=date(2025, 8, 25)))

    [message] = service_due_mails()
    assert "3 September 2025" in message.body
    assert Vehicle.objects.get().due_basis == "6m/15000km"


@pytest.fixture
def three_due(publish, ann):
    bob, cleo = customer_registered("Bob Jones"), customer_registered("Cleo Wu")
    publish(bob, cleo)
    for customer, license_number in [
        (ann, "12-AB-34"),
        (bob, "XX-99-YY"),
        (cleo, "34-CD-56"),
    ]:
        serviced(publish, customer, license_number=license_number)


def test_a_day_s_messages_go_out_in_batches(publish, three_due, monkeypatch):
    from apps.notifications import handlers

    monkeypatch.setattr(handlers, "SEND_BATCH", 2)

    publish(DayHasPassed(date=FIRST_DAY))

    assert len(service_due_mails()) == 3
    batches = Delivery.objects.filter(event__event_type="MessagesPrepared")
    sizes = sorted(len(d.event.envelope["data"]["message_ids"]) for d in batches)
    assert sizes[-2:] == [1, 2]  # after the three ready-for-pickup ones
    assert all_handled_first_time()


def test_a_send_failing_in_a_batch_is_retried_alone_and_the_rest_sent_once(
    publish, three_due, settings
):
    settings.MAILERS = FAILS_ONCE
    FailsOnceBackend.arm(matching="due for a service")

    publish(DayHasPassed(date=FIRST_DAY))

    assert FailsOnceBackend.attempts == 4
    assert len(service_due_mails()) == 3
    assert not Message.objects.filter(sent_at=None).exists()
    alone = Delivery.objects.filter(event__event_type="MessagesPrepared").last()
    assert len(alone.event.envelope["data"]["message_ids"]) == 1
