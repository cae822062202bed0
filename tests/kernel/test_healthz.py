import pytest
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
    from garage.kernel.transports import DramatiqTransport, get_transport

    transport = get_transport()
    if not isinstance(transport, DramatiqTransport):
        pytest.skip("no broker in the embedded default; CI runs it with Redis")

    def refuse():
        raise ConnectionError("redis down")

    monkeypatch.setattr(transport.broker.client, "ping", refuse)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error: ConnectionError"


def test_every_page_has_a_favicon_and_the_browsers_default_path_finds_it(client, db):
    login = client.get("/accounts/login/").content.decode()
    response = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/img/favicon.svg"' in login
    assert response.status_code == 301
    assert response.url == "/static/img/favicon.svg"
