"""Handing messages to the broker (garage.kernel.brokers)."""

import threading

import dramatiq
import pytest
from django.conf import settings
from dramatiq.brokers.redis import RedisBroker

from garage.kernel import brokers

pytestmark = pytest.mark.skipif(
    not settings.BROKER_URL or brokers.kind(settings.BROKER_URL) != "redis",
    reason="needs a Redis broker (redis:// URL); CI's PostgreSQL + Redis pass runs it",
)


@pytest.fixture
def broker():
    """A broker of its own (its own keys), which no worker consumes."""
    made = RedisBroker(url=settings.BROKER_URL, namespace="garage-test-enqueue")
    for queue in ("alpha", "beta"):
        made.declare_queue(queue)
    made.flush_all()
    yield made
    made.flush_all()
    made.close()


def message(queue: str, ids: list[int]) -> dramatiq.Message:
    return dramatiq.Message(
        queue_name=queue, actor_name=f"deliver_to_{queue}", args=(ids,),
        kwargs={}, options={},
    )  # fmt: skip


def received(broker: RedisBroker, queue: str) -> list[tuple]:
    consumer = broker.consume(queue, prefetch=10, timeout=100)
    got = []
    while (proxy := next(consumer)) is not None:
        got.append((proxy.actor_name, list(proxy.args)))
        consumer.ack(proxy)
    consumer.close()
    return got


def test_several_messages_go_in_one_round_trip_and_arrive_as_enqueue_sends_them(
    broker, monkeypatch
):
    messages = [message("alpha", [1, 2]), message("beta", [3]), message("alpha", [4])]
    round_trips = []
    execute = type(broker.client).execute_command
    caller = threading.current_thread()

    def counted(client, *args, **options):
        # This thread's only: another test's worker may still poll its queue.
        if threading.current_thread() is caller:
            round_trips.append(args[0])
        return execute(client, *args, **options)

    monkeypatch.setattr(type(broker.client), "execute_command", counted)
    brokers.enqueue_all(broker, messages)
    monkeypatch.undo()

    assert round_trips == []  # a pipeline sends through execute(), once
    assert received(broker, "alpha") == [
        ("deliver_to_alpha", [[1, 2]]),
        ("deliver_to_alpha", [[4]]),
    ]
    assert received(broker, "beta") == [("deliver_to_beta", [[3]])]


def test_a_script_redis_does_not_know_is_loaded_and_the_messages_enqueued(
    broker, monkeypatch
):
    """As after a restart of Redis (not done to the shared server here): the
    script's hash is unknown to it."""
    monkeypatch.setattr(broker.scripts["dispatch"], "sha", "0" * 40)

    brokers.enqueue_all(broker, [message("alpha", [1]), message("beta", [2])])

    assert received(broker, "alpha") == [("deliver_to_alpha", [[1]])]
    assert received(broker, "beta") == [("deliver_to_beta", [[2]])]
