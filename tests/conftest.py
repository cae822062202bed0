import pytest
from django.conf import settings
from django.test import override_settings
from dramatiq import Worker

from garage.kernel import brokers, testing
from garage.kernel.roles import MANAGER
from garage.kernel.transports import get_transport

BROKER_MODE = brokers.configured()  # Redis or RabbitMQ, from BROKER_URL
REDIS_MODE = BROKER_MODE  # its older name, for tests written before RabbitMQ
if BROKER_MODE:
    from garage.kernel import worker


@pytest.fixture(autouse=True)
def _fast_bus(settings):
    """Backoffs in milliseconds, so retries and dead-letters happen in a test."""
    settings.BUS = {
        **settings.BUS,
        "MIN_BACKOFF_MS": 1,
        "MAX_BACKOFF_MS": 20,
        "ORDER_WAIT_MS": 5,
        "SWEEP_IN_WORKERS": False,
    }
    # Hashing passwords properly costs a noticeable part of a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _dramatiq_worker(django_db_setup, django_db_blocker):
    if not BROKER_MODE:
        yield None
        return
    broker = get_transport().broker
    worker.declare_actors(broker)
    broker.flush_all()  # what an earlier run left in the queues
    running = Worker(broker, worker_threads=2, worker_timeout=50)
    # The tests sweep when they drain; a sweeper thread would race them.
    no_sweeper = {**settings.BUS, "SWEEP_IN_WORKERS": False}
    with override_settings(BUS=no_sweeper):
        running.start()
    yield running
    running.stop()


class Bus:
    """The real bus, as the tests see it: on Redis or RabbitMQ with a dramatiq
    worker running in this process, or in-process."""

    mode = brokers.kind(settings.BROKER_URL) if BROKER_MODE else "in-process"

    def __init__(self, worker: Worker | None) -> None:
        self.worker = worker

    def drain(self, timeout: float = 15.0) -> None:
        testing.drain(timeout)

    def settle(self) -> None:
        """Waits for the worker to go idle, duplicates included."""
        if self.worker is None:
            return
        broker = self.worker.broker
        for queue in broker.get_declared_queues():
            brokers.join(broker, queue, timeout_ms=30_000)
        self.worker.join()


def _commits(request) -> bool:
    """Whether the test's writes really commit (and so may wake the worker)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _worker_idle_before_flush(request):
    """With a broker, every commit can wake the worker running in this process.

    No message may still be at work when the test's database is flushed: the
    flush and the worker's transaction would lock each other, and a message
    handled after the flush would fail in the next test. This fixture is set
    up after the database's, so it is torn down (the worker settles) first.
    """
    if not (BROKER_MODE and _commits(request)):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    worker = request.getfixturevalue("_dramatiq_worker")
    yield
    Bus(worker).settle()


@pytest.fixture
def bus(_dramatiq_worker, transactional_db):
    """Delivery through the real bus; the test's writes really commit.

    The worker settles before the database is flushed (see above)."""
    return Bus(_dramatiq_worker)


def member_of(role: str, django_user_model, username: str | None = None):
    """A new user in one of the three roles of SPEC 16."""
    from django.contrib.auth.models import Group

    username = username or role.lower().replace(" ", "_")
    member = django_user_model.objects.create_user(username, password="pw-garage-1")
    member.groups.add(Group.objects.get(name=role))
    return member


@pytest.fixture
def user(django_user_model):
    """An employee who may do everything a role may: a manager."""
    return member_of(MANAGER, django_user_model, "employee")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("admin", password="pw-garage-1")


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def api_client(client, user):
    """A Django test client authenticated with a bearer token."""
    from garage.kernel.models import ApiToken

    token = ApiToken.issue(user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client
