import pytest
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionError("database down")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: ConnectionError"


def test_healthz_is_503_when_the_broker_does_not_answer(client, monkeypatch):
    from garage.kernel import brokers
    from garage.kernel.transports import DramatiqTransport, get_transport

    if not isinstance(get_transport(), DramatiqTransport):
        pytest.skip("no broker in the embedded default; CI runs it with one")

    def refuse(broker):
        raise ConnectionError("broker down")

    monkeypatch.setattr(brokers, "ping", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error: ConnectionError"


def test_the_broker_ping_survives_a_dropped_connection():
    from garage.kernel import brokers
    from garage.kernel.transports import DramatiqTransport, get_transport

    transport = get_transport()
    if not isinstance(transport, DramatiqTransport):
        pytest.skip("no broker in the embedded default; CI runs it with one")
    broker = transport.broker
    brokers.ping(broker)
    if brokers.kind(settings.BROKER_URL) == "rabbitmq":
        broker.connection.close()
    else:
        broker.client.connection_pool.disconnect()

    brokers.ping(broker)  # raises if it does not reconnect


def test_every_page_has_a_favicon_and_the_browsers_default_path_finds_it(client, db):
    login = client.get("/accounts/login/").content.decode()
    response = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/img/favicon.svg"' in login
    assert response.status_code == 301
    assert response.url == "/static/img/favicon.svg"


def test_healthz_is_degraded_but_200_when_events_wait_too_long(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from garage.kernel.models import Delivery, OutboxEvent

    settings.HEALTH_BACKLOG_SECONDS = 60
    event = OutboxEvent.objects.create(
        event_id="6f1c2a4e-0b5d-4c3e-9a8f-7d6e5c4b3a21",
        event_type="Pinged",
        source="tests",
        occurred_at=timezone.now(),
        envelope={},
    )
    delivery = Delivery.objects.create(event=event, consumer="alpha")
    assert client.get("/healthz").json()["status"] == "ok"  # just written

    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(seconds=90)
    )
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok"
    assert body["backlog"]["consumer"] == "alpha"
    assert body["backlog"]["threshold_seconds"] == 60
    assert 90 <= body["backlog"]["oldest_waiting_seconds"] < 200

    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.HANDLED)
    assert client.get("/healthz").json()["status"] == "ok"
