import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings

from garage.kernel import bus as kernel_bus
from garage.kernel.models import Delivery, OutboxEvent
from garage.kernel.transports import DramatiqTransport, get_transport

from .conftest import Pinged, effects

REDIS = urlparse(settings.REDIS_URL or "redis://127.0.0.1:6379")

pytestmark = [
    pytest.mark.skipif(
        not isinstance(get_transport(), DramatiqTransport),
        reason="needs the Redis broker (REDIS_URL); CI runs it in the PostgreSQL + "
        "Redis pass",
    ),
    pytest.mark.skipif(
        REDIS.hostname not in ("127.0.0.1", "localhost")
        or not shutil.which("redis-server"),
        reason="stops and restarts Redis, so it needs a local redis-server",
    ),
]


def redis_answers() -> bool:
    try:
        return redis.Redis(host=REDIS.hostname, port=REDIS.port or 6379).ping()
    except redis.ConnectionError:
        return False


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def redis_stopped():
    """Stops the local Redis server for real; calling the fixture starts it."""
    port = str(REDIS.port or 6379)

    def start():
        if not redis_answers():
            subprocess.run(
                ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
                 "-::1", "--port", port, "--save", "", "--appendonly", "no",
                 "--dir", "/tmp", "--logfile", "/tmp/garage-test-redis.log"],
                check=True,
            )  # fmt: skip
            wait_until(redis_answers)

    subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], check=False)
    wait_until(lambda: not redis_answers())
    yield start
    start()


def test_commits_succeed_while_redis_is_down_and_events_arrive_later(
    bus, redis_stopped
):
    for n in range(5):
        kernel_bus.publish(Pinged(n=n))

    assert OutboxEvent.objects.count() == 5
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert effects("alpha") == 0

    redis_stopped()  # Redis is back, empty
    bus.drain(timeout=60)

    assert effects("alpha") == effects("beta") == 5
    assert set(Delivery.objects.values_list("state", flat=True)) == {"handled"}
