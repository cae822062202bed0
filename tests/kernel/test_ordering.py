"""Events with an ordering key take effect in publication order in every
consumer, whatever order the transport hands their deliveries over in."""

from datetime import date

import pytest
from django.core.management import call_command

from apps.invoicing.models import Invoice
from apps.timekeeping.events import DayHasPassed
from garage.kernel import bus as kernel_bus
from garage.kernel.models import Delivery
from garage.kernel.transports import get_transport
from tests.notifications.factories import customer_registered, job_finished, job_planned

from .conftest import FAULTS, Ticked, effects_in_order

State = Delivery.State


@pytest.fixture
def unrelayed(monkeypatch):
    """Publishes as if the relay had not run yet: the rows stay pending."""
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)

    def publish(*events):
        for event in events:  # each in its own transaction, like days
            kernel_bus.publish(event)

    return publish


def hand_over(bus, delivery: Delivery) -> None:
    """The broker hands this delivery to its consumer, and the consumer is done."""
    Delivery.objects.filter(pk=delivery.pk).update(state=State.SENT)
    get_transport().send([(delivery.pk, delivery.consumer)])
    bus.settle()


def test_deliveries_handed_over_in_reverse_take_effect_oldest_first(
    bus, unrelayed, settings
):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 0}
    unrelayed(Ticked(n=1), Ticked(n=2))
    first, second = Delivery.objects.order_by("pk")

    hand_over(bus, second)
    hand_over(bus, first)
    bus.drain()

    assert effects_in_order("alpha", Ticked) == [1, 2]
    # Waiting is no failure: no attempt counted, nothing dead-lettered.
    assert list(Delivery.objects.values_list("state", "attempts")) == [
        (State.HANDLED, 0),
        (State.HANDLED, 0),
    ]


def test_a_delivery_waits_for_an_earlier_one_in_its_backoff(bus, unrelayed, settings):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 3}
    FAULTS.add("alpha")
    unrelayed(Ticked(n=1), Ticked(n=2))
    first, second = Delivery.objects.order_by("pk")
    hand_over(bus, first)  # fails: due again after a backoff

    hand_over(bus, second)
    FAULTS.clear()
    bus.drain()

    assert effects_in_order("alpha", Ticked) == [1, 2]
    second.refresh_from_db()
    assert second.attempts == 0  # it waited; it never ran into the fault


def test_a_dead_letter_holds_nothing_back_and_takes_effect_when_replayed(
    bus, unrelayed, settings
):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 0}
    FAULTS.add("alpha")
    unrelayed(Ticked(n=1))
    bus.drain()
    assert Delivery.objects.get().state == State.DEAD
    FAULTS.clear()

    unrelayed(Ticked(n=2))
    bus.drain()
    assert effects_in_order("alpha", Ticked) == [2]

    call_command("replay_dead_letters")
    bus.drain()
    assert effects_in_order("alpha", Ticked) == [2, 1]


def test_days_delivered_in_reverse_invoice_on_the_first_day(bus, unrelayed):
    """Catching up two days: a job finished before the first is invoiced on
    the first, even when the broker hands over the second day first."""
    customer = customer_registered("Ann Smith")
    job = job_planned(customer, date(2026, 12, 4))
    kernel_bus.publish(customer, job, job_finished(job))
    bus.drain()
    unrelayed(
        DayHasPassed(date=date(2026, 12, 7)), DayHasPassed(date=date(2026, 12, 8))
    )
    day_7, day_8 = Delivery.objects.filter(
        consumer="invoicing", event__event_type="DayHasPassed"
    ).order_by("pk")

    hand_over(bus, day_8)
    hand_over(bus, day_7)
    bus.drain()

    [invoice] = Invoice.objects.all()
    assert invoice.invoice_date == date(2026, 12, 7)
