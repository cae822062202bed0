"""The broker stops, or restarts empty, under a dramatiq worker running in this
process; the broker is a redis-server of the test's own."""

import pytest
from django.conf import settings
from dramatiq import Worker

from garage.kernel import bus as kernel_bus
from garage.kernel import relay
from garage.kernel.models import Delivery, OutboxEvent
from garage.kernel.transports import DramatiqTransport
from tests.kernel.conftest import Pinged, effects

from .conftest import FAULTS, POSTGRES_AND_REDIS

if POSTGRES_AND_REDIS:  # the worker module needs a broker
    from garage.kernel import worker

pytestmark = FAULTS


@pytest.fixture
def private_bus(bus, redis_server, monkeypatch):
    """The bus on our own Redis, with a dramatiq worker in this process."""
    transport = DramatiqTransport(redis_server.url)
    monkeypatch.setattr(relay, "get_transport", lambda: transport)
    transport.broker.add_middleware(worker.DatabaseConnections())
    worker.declare_actors(transport.broker)
    running = Worker(transport.broker, worker_threads=2, worker_timeout=50)
    transport.lost_messages()  # notes this Redis's run id
    yield running
    running.stop()


def states() -> set[str]:
    return set(Delivery.objects.values_list("state", flat=True))


def test_commits_succeed_while_redis_is_down_and_events_arrive_later(
    bus, private_bus, redis_server
):
    private_bus.start()
    redis_server.stop()
    for n in range(5):
        kernel_bus.publish(Pinged(n=n))

    assert OutboxEvent.objects.count() == 5
    assert states() == {"pending"}
    assert effects("alpha") == 0

    redis_server.start()  # back, empty
    bus.drain(timeout=60)

    assert effects("alpha") == effects("beta") == 5
    assert states() == {"handled"}


def test_what_a_restarted_redis_lost_is_sent_again_at_once(
    bus, private_bus, redis_server
):
    for n in range(5):
        kernel_bus.publish(Pinged(n=n))
    assert states() == {"sent"}  # queued; no worker has taken them yet

    redis_server.stop()
    redis_server.start()  # the queues are gone
    private_bus.start()

    # Far sooner than BUS_RESEND_AFTER_SECONDS: the sweep sees a new run id.
    assert settings.BUS["RESEND_AFTER_SECONDS"] >= 600
    bus.drain(timeout=30)
    assert effects("alpha") == effects("beta") == 5
