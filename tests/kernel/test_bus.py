import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from garage.kernel import bus as kernel_bus
from garage.kernel import relay, testing
from garage.kernel.models import Delivery, InboxEntry, OutboxEvent
from garage.kernel.transports import get_transport
from tests.conftest import BROKER_MODE

from .conftest import FAULTS, Pinged, Ponged, effects

State = Delivery.State


class Boom(Exception):
    pass


def test_publish_in_rolled_back_transaction_sends_nothing(bus):
    with pytest.raises(Boom), transaction.atomic():
        kernel_bus.publish(Pinged(n=1))
        raise Boom

    bus.drain()
    assert OutboxEvent.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert effects("alpha") == effects("beta") == 0


def test_publish_writes_one_delivery_per_subscribing_context(bus):
    with transaction.atomic():
        [envelope] = kernel_bus.publish(Pinged(n=1))
        assert Delivery.objects.filter(event__event_id=envelope.event_id).count() == 2

    stored = OutboxEvent.objects.get()
    assert stored.envelope["event_type"] == "Pinged"
    assert stored.envelope["data"] == {"n": 1}
    assert stored.envelope["schema_version"] == 1


def test_fan_out_reaches_every_subscribed_context_exactly_once(bus):
    kernel_bus.publish(Pinged(n=1), Ponged(n=2))
    bus.drain()

    assert effects("alpha", Pinged) == effects("beta", Pinged) == 1
    assert effects("alpha", Ponged) == 1
    assert effects("beta", Ponged) == 0
    consumers = Delivery.objects.values_list("event__event_type", "consumer", "state")
    assert sorted(consumers) == [
        ("Pinged", "alpha", State.HANDLED),
        ("Pinged", "beta", State.HANDLED),
        ("Ponged", "alpha", State.HANDLED),
    ]


def test_sweeper_delivers_what_a_crash_after_commit_left_behind(bus, monkeypatch):
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)
    kernel_bus.publish(Pinged(n=1))
    assert set(Delivery.objects.values_list("state", flat=True)) == {State.PENDING}
    assert effects("alpha") == 0

    relay.sweep_all()
    bus.drain()

    assert effects("alpha") == effects("beta") == 1


def test_same_message_delivered_twice_has_its_effect_once(bus):
    kernel_bus.publish(Pinged(n=1))
    bus.drain()
    delivery = Delivery.objects.get(consumer="alpha")

    # The broker delivers it again (e.g. a worker died before acking).
    Delivery.objects.filter(pk=delivery.pk).update(state=State.SENT)
    get_transport().send([(delivery.pk, "alpha")])
    bus.drain()

    assert effects("alpha") == 1
    assert InboxEntry.objects.filter(subscriber__endswith="alpha_records").count() == 1


def test_a_resent_delivery_is_a_no_op_for_the_inbox(bus, settings):
    kernel_bus.publish(Pinged(n=1))
    bus.drain()
    Delivery.objects.update(state=State.PENDING)

    relay.sweep_all()
    bus.drain()

    assert effects("alpha") == effects("beta") == 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {State.HANDLED}


def test_failing_context_is_retried_then_dead_lettered_alone(bus, settings):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 2}
    FAULTS.add("beta")

    kernel_bus.publish(Pinged(n=1))
    bus.drain()

    assert effects("alpha") == 1
    beta = Delivery.objects.get(consumer="beta")
    assert beta.state == State.DEAD
    assert beta.attempts == 3  # the first try and two retries
    assert "beta is broken" in beta.last_error
    assert effects("beta") == 0

    FAULTS.clear()
    call_command("replay_dead_letters")
    bus.drain()

    assert effects("beta") == 1
    assert effects("alpha") == 1
    beta.refresh_from_db()
    assert beta.state == State.HANDLED


def test_a_failed_subscriber_leaves_no_inbox_entry(bus, settings):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 0}
    FAULTS.add("beta")
    kernel_bus.publish(Pinged(n=1))
    bus.drain()

    assert not InboxEntry.objects.filter(subscriber__endswith="beta_records").exists()
    assert InboxEntry.objects.filter(subscriber__endswith="alpha_records").exists()


def test_replay_from_the_admin(bus, settings, client, staff):
    settings.BUS = {**settings.BUS, "MAX_RETRIES": 0}
    FAULTS.add("beta")
    kernel_bus.publish(Pinged(n=1))
    bus.drain()
    dead = Delivery.objects.get(state=State.DEAD)
    FAULTS.clear()

    client.force_login(staff)
    response = client.post(
        "/admin/kernel/delivery/",
        {"action": "replay_dead_letters", "_selected_action": [dead.pk]},
    )
    bus.drain()

    assert response.status_code == 302
    assert effects("beta") == 1
    dead.refresh_from_db()
    assert dead.state == State.HANDLED


def test_admin_shows_delivery_state_per_consumer(bus, client, staff):
    kernel_bus.publish(Pinged(n=1))
    bus.drain()
    client.force_login(staff)

    event = OutboxEvent.objects.get()
    page = client.get(f"/admin/kernel/outboxevent/{event.pk}/change/")

    assert page.status_code == 200
    assert b"alpha" in page.content and b"beta" in page.content
    assert b"Handled" in page.content


def test_wait_until_handled_sees_the_consumer_finish(bus):
    envelopes = kernel_bus.publish(Pinged(n=1))
    assert testing.wait_until_handled(envelopes, "alpha", timeout=10)
    assert effects("alpha") == 1


def test_deliveries_keep_publication_order_in_process(bus, monkeypatch):
    handled: list[tuple[str, int]] = []
    monkeypatch.setattr(
        "tests.kernel.conftest.effect",
        lambda context, event: handled.append((context, event.n)),
    )
    kernel_bus.publish(Pinged(n=1), Pinged(n=2), Pinged(n=3))
    bus.drain()

    alpha = [n for context, n in handled if context == "alpha"]
    if bus.mode == "in-process":  # dramatiq's worker threads give no order
        assert alpha == [1, 2, 3]
    assert sorted(handled) == [(c, n) for c in ("alpha", "beta") for n in (1, 2, 3)]


def test_a_large_publish_is_written_in_batches(bus):
    kernel_bus.publish(*(Ponged(n=n) for n in range(2_500)))
    bus.drain(timeout=120)

    assert OutboxEvent.objects.count() == 2_500
    assert effects("alpha", Ponged) == 2_500
    first, last = OutboxEvent.objects.order_by("id")[::2_499]
    assert (first.envelope["data"]["n"], last.envelope["data"]["n"]) == (0, 2_499)


def test_the_sweeper_thread_picks_up_what_the_relay_left(bus, settings, monkeypatch):
    settings.BUS = {**settings.BUS, "SWEEP_INTERVAL_SECONDS": 0.05}
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)
    [envelope] = kernel_bus.publish(Pinged(n=1))

    sweeper = relay.Sweeper()
    sweeper.start()
    try:
        assert testing.wait_until_handled([envelope], "alpha", timeout=10)
        assert testing.wait_until_handled([envelope], "beta", timeout=10)
    finally:
        sweeper.stop()
    assert effects("alpha") == effects("beta") == 1


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/15", "amqp://guest:guest@127.0.0.1:5672/%2F"]
)
def test_the_web_process_sweeps_only_without_a_broker(settings, url):
    settings.BROKER_URL = url
    assert relay.start_web_sweeper() is None


@pytest.mark.skipif(
    not BROKER_MODE,
    reason="garage.kernel.worker needs BROKER_URL; CI's broker passes run this",
)
def test_a_workers_database_retries_back_off_as_the_outbox_does(settings):
    # dramatiq's default waits 15 s and more before retrying a message.
    from dramatiq.brokers.stub import StubBroker

    from garage.kernel import worker
    from garage.kernel.transports import actor_name

    broker = StubBroker()
    worker.declare_actors(broker)

    options = broker.get_actor(actor_name("alpha")).options
    assert options["min_backoff"] == settings.BUS["MIN_BACKOFF_MS"]
    assert options["max_backoff"] == settings.BUS["MAX_BACKOFF_MS"]


def test_the_relay_claims_in_one_statement_that_does_not_wait_for_the_disk(
    bus, monkeypatch
):
    """On PostgreSQL the claim's commit does not wait for the disk (a lost
    claim is sent again); that is said in the claim itself, not in a statement
    of its own: BEGIN, UPDATE ... RETURNING, COMMIT."""
    monkeypatch.setattr(kernel_bus, "_relay_after_commit", lambda ids: None)
    kernel_bus.publish(Pinged(n=1))
    ids = list(Delivery.objects.values_list("pk", flat=True))
    setting = "SHOW synchronous_commit"
    default = _one(setting) if connection.vendor == "postgresql" else None
    seen = {}

    class Transport:
        def send(self, rows):
            seen["rows"] = sorted(pk for pk, _consumer in rows)
            if default is not None:
                seen["synchronous_commit"] = _one(setting)
            return []

    monkeypatch.setattr(relay, "get_transport", Transport)
    with CaptureQueriesContext(connection) as queries:
        assert relay.relay(ids) == 2

    statements = [q["sql"] for q in queries.captured_queries]
    claims = [s for s in statements if s != setting and s not in TRANSACTION]
    assert len(claims) == 1, claims
    assert seen["rows"] == sorted(ids)
    assert set(Delivery.objects.values_list("state", flat=True)) == {State.SENT}
    if default is not None:
        assert seen["synchronous_commit"] == "off"
        assert _one(setting) == default  # the next transaction waits again


TRANSACTION = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT"}


def _one(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]
