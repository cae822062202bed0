"""Deliveries handled in batches: one commit for many, each failure alone."""

import logging

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from garage.kernel import batch, tracing
from garage.kernel import bus as kernel_bus
from garage.kernel.models import Delivery, InboxEntry, OutboxEvent
from garage.kernel.transports import batches

from . import conftest
from .conftest import (
    MAILED,
    Mailed,
    Pinged,
    Ponged,
    Ticked,
    effects,
    effects_in_order,
)

State = Delivery.State


@pytest.fixture
def unrelayed(monkeypatch):
    """Publishes with the relay off: the deliveries wait, pending, for the
    test to hand them to ``deliver_batch``. Returns alpha's delivery ids."""
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)

    def publish(*events) -> list[int]:
        kernel_bus.publish(*events)
        alpha = Delivery.objects.filter(consumer="alpha").order_by("pk")
        return list(alpha.values_list("pk", flat=True))

    return publish


@pytest.fixture
def poison(monkeypatch):
    """Alpha fails on the events whose ``n`` is in the returned set."""
    poisoned: set[int] = set()
    original = conftest.effect

    def effect(context, event):
        if context == "alpha" and event.n in poisoned:
            raise RuntimeError(f"poison {event.n}")
        original(context, event)

    monkeypatch.setattr(conftest, "effect", effect)
    return poisoned


@pytest.fixture
def traced(caplog):
    """caplog's records, with the trace the console handler's filter adds."""
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(tracing.TraceFilter())
    return caplog


@pytest.fixture
def mailbox():
    MAILED.clear()
    yield MAILED
    MAILED.clear()


def alpha_states() -> list[tuple[str, int]]:
    alpha = Delivery.objects.filter(consumer="alpha").order_by("pk")
    return list(alpha.values_list("state", "attempts"))


def test_a_batch_handles_every_delivery_once(bus, unrelayed):
    ids = unrelayed(*(Pinged(n=n) for n in range(5)))

    assert batch.deliver_batch(ids) == []

    assert effects("alpha") == 5
    assert alpha_states() == [(State.HANDLED, 0)] * 5
    assert InboxEntry.objects.filter(subscriber__endswith="alpha_records").count() == 5
    assert not Delivery.objects.filter(consumer="alpha", handled_at=None).exists()


def test_a_poison_delivery_fails_alone_in_the_middle_of_a_batch(
    bus, unrelayed, poison, settings
):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 1}
    poison.add(2)
    ids = unrelayed(*(Pinged(n=n) for n in range(5)))

    batch.deliver_batch(ids)

    assert effects_in_order("alpha", Pinged) == [0, 1, 3, 4]
    states = alpha_states()
    assert states[2] == (State.PENDING, 1)
    assert states[:2] + states[3:] == [(State.HANDLED, 0)] * 4
    poisoned = Delivery.objects.get(pk=ids[2])
    assert "poison 2" in poisoned.last_error
    assert poisoned.due_at > poisoned.created_at  # retried after a backoff

    bus.drain()  # retried once more, then dead-lettered; the others not redone

    assert alpha_states()[2] == (State.DEAD, 2)
    assert effects_in_order("alpha", Pinged) == [0, 1, 3, 4]
    assert not InboxEntry.objects.filter(
        event_id=poisoned.event.event_id, subscriber__endswith="alpha_records"
    ).exists()


def test_a_dead_letter_of_a_batch_is_replayed_alone(bus, unrelayed, poison, settings):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 0}
    poison.add(1)
    ids = unrelayed(*(Pinged(n=n) for n in range(3)))
    batch.deliver_batch(ids)
    assert alpha_states()[1] == (State.DEAD, 1)

    poison.clear()
    call_command("replay_dead_letters")
    bus.drain()

    assert sorted(effects_in_order("alpha", Pinged)) == [0, 1, 2]
    assert alpha_states() == [(State.HANDLED, 0)] * 3


def test_a_batch_that_fails_whole_falls_back_to_one_at_a_time(
    bus, unrelayed, monkeypatch
):
    ids = unrelayed(*(Pinged(n=n) for n in range(4)))

    def lost(entries):
        raise DatabaseError("the connection dropped")

    monkeypatch.setattr(batch, "_record_inbox", lost)
    batch.deliver_batch(ids)

    # The batch's effects were rolled back, then each delivery handled once.
    assert effects_in_order("alpha", Pinged) == [0, 1, 2, 3]
    assert alpha_states() == [(State.HANDLED, 0)] * 4


def test_the_same_batch_delivered_twice_has_its_effects_once(bus, unrelayed):
    ids = unrelayed(*(Pinged(n=n) for n in range(3)))

    batch.deliver_batch(ids)
    Delivery.objects.filter(pk__in=ids).update(state=State.SENT)  # sent again
    batch.deliver_batch(ids)

    assert effects("alpha") == 3
    assert alpha_states() == [(State.HANDLED, 0)] * 3


def test_a_subscriber_known_to_the_inbox_is_skipped_in_a_batch(bus, unrelayed):
    ids = unrelayed(*(Pinged(n=n) for n in range(3)))
    batch.deliver_batch(ids[:1])
    Delivery.objects.filter(pk=ids[0]).update(state=State.SENT)  # a redelivery

    batch.deliver_batch(ids)

    assert effects_in_order("alpha", Pinged) == [0, 1, 2]


def test_an_inbox_entry_written_meanwhile_fails_the_batch_whole(
    bus, unrelayed, monkeypatch
):
    """Another handler recorded a subscriber after the batch read the inbox:
    the batch's insert sees the conflict, rolls back whole, and one at a time
    skips what the inbox knows."""
    ids = unrelayed(*(Pinged(n=n) for n in range(3)))
    batch.deliver_batch(ids[:1])
    Delivery.objects.filter(pk=ids[0]).update(state=State.SENT)  # a redelivery
    monkeypatch.setattr(batch, "_inbox", lambda claimed: set())  # read too early

    batch.deliver_batch(ids)

    assert effects_in_order("alpha", Pinged) == [0, 1, 2]
    assert alpha_states() == [(State.HANDLED, 0)] * 3


def test_a_batch_costs_the_same_bus_statements_whatever_its_size(bus, unrelayed):
    def bus_statements(n: int) -> list[str]:
        ids = unrelayed(*(Pinged(n=k) for k in range(n)))[-n:]
        with CaptureQueriesContext(connection) as captured:
            batch.deliver_batch(ids)
        assert effects("alpha") >= n
        return [q["sql"] for q in captured if "kernel_" in q["sql"]]

    small, large = bus_statements(2), bus_statements(20)

    # Claim, read the inbox, write the inbox, mark handled.
    assert len(small) == len(large) == 4


def test_a_batch_runs_no_statement_per_delivery_but_its_subscribers(bus, unrelayed):
    """No savepoint per delivery: a batch is rolled back whole when one of its
    deliveries fails (then handled one at a time), so the only statements that
    grow with its size are the subscribers' own (here, one INSERT each)."""

    def statements(n: int) -> list[str]:
        ids = unrelayed(*(Pinged(n=k) for k in range(n)))[-n:]
        with CaptureQueriesContext(connection) as captured:
            batch.deliver_batch(ids)
        return [q["sql"] for q in captured if "auth_group" not in q["sql"]]

    small, large = statements(2), statements(20)

    assert len(small) == len(large)
    assert not [sql for sql in large if "SAVEPOINT" in sql.upper()]


def test_poison_deliveries_anywhere_in_a_batch_leave_their_neighbours_handled_once(
    bus, unrelayed, poison, traced
):
    poison.update({0, 3, 5})
    ids = unrelayed(*(Pinged(n=n) for n in range(6)))

    batch.deliver_batch(ids)

    # The rolled-back batch left nothing: each effect once, in order.
    assert effects_in_order("alpha", Pinged) == [1, 2, 4]
    states = alpha_states()
    assert [states[k] for k in (0, 3, 5)] == [(State.PENDING, 1)] * 3
    assert [states[k] for k in (1, 2, 4)] == [(State.HANDLED, 0)] * 3
    # One line per attempt that counted: none for the rolled-back batch.
    lines = [
        (r.delivery_id, r.outcome) for r in traced.records if hasattr(r, "outcome")
    ]
    assert sorted(lines) == sorted(
        (pk, "retry" if k in (0, 3, 5) else "handled") for k, pk in enumerate(ids)
    )


def test_events_a_rolled_back_batch_published_are_not_kept(
    bus, unrelayed, poison, monkeypatch
):
    """What a delivery's subscribers publish is published once, by the pass
    that commits."""
    original = conftest.effect

    def effect(context, event):
        original(context, event)
        if context == "alpha" and isinstance(event, Pinged):
            kernel_bus.publish(Ponged(n=event.n))

    monkeypatch.setattr(conftest, "effect", effect)
    poison.add(2)
    ids = unrelayed(*(Pinged(n=n) for n in range(3)))

    batch.deliver_batch(ids)

    ponged = OutboxEvent.objects.filter(event_type="Ponged")
    assert sorted(e.envelope["data"]["n"] for e in ponged) == [0, 1]


def test_ordered_deliveries_keep_their_order_in_a_batch(bus, unrelayed):
    ids = unrelayed(*(Ticked(n=n) for n in range(4)))

    batch.deliver_batch(ids[1:])  # the first is not handed over yet
    assert effects_in_order("alpha", Ticked) == []

    batch.deliver_batch(ids)
    bus.drain()

    assert effects_in_order("alpha", Ticked) == [0, 1, 2, 3]
    assert alpha_states() == [(State.HANDLED, 0)] * 4


def test_a_message_carries_a_batch_of_one_consumer(settings):
    settings.BUS = {**settings.BUS, "HANDLE_BATCH": 2}
    rows = [(1, "alpha"), (2, "beta"), (3, "alpha"), (4, "alpha"), (5, "beta")]

    assert batches(rows) == [("alpha", [1, 3]), ("alpha", [4]), ("beta", [2, 5])]


def test_a_neighbours_failure_never_makes_a_subscriber_mail_twice(
    bus, unrelayed, poison, mailbox, settings
):
    # Mailing is an effect a rollback cannot take back: its delivery is not
    # handled in the optimistic batch, which the poison rolls back whole.
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 1}
    poison.add(2)
    ids = unrelayed(Pinged(n=0), Mailed(n=1), Pinged(n=2), Pinged(n=3))

    batch.deliver_batch(ids)

    assert mailbox == [1]
    assert effects_in_order("alpha", Pinged) == [0, 3]
    assert [state for state, _ in alpha_states()] == [
        State.HANDLED, State.HANDLED, State.PENDING, State.HANDLED,
    ]  # fmt: skip


def test_a_subscriber_that_mails_is_handled_alone_after_its_batch(
    bus, unrelayed, mailbox
):
    ids = unrelayed(Mailed(n=1), Pinged(n=2), Mailed(n=3))

    batch.deliver_batch(ids)

    assert mailbox == [1, 3]
    assert alpha_states() == [(State.HANDLED, 0)] * 3
    assert InboxEntry.objects.filter(subscriber__endswith="alpha_sends").count() == 2
