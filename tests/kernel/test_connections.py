"""A kept PostgreSQL connection the server closed is replaced before the next
request, and one that is fine costs no round trip to find out
(garage.kernel.connections)."""

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="kept connections: PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid: int) -> None:
    """Ends that backend from another connection, as a restart would."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
            assert cursor.fetchone()[0], "the backend did not end"
    finally:
        other.close()


def test_a_connection_the_server_closed_is_replaced_before_the_request(client):
    killed = backend_pid()
    terminate(killed)

    response = client.get("/healthz")

    assert response.json()["checks"]["database"] == "ok"
    assert backend_pid() != killed


def test_a_kept_connection_that_is_fine_is_not_asked(client, monkeypatch):
    backend_pid()  # the connection is open, and kept
    asked = []
    monkeypatch.setattr(connection, "is_usable", lambda: asked.append(1) or True)

    for _ in range(3):
        assert client.get("/healthz").status_code == 200

    assert asked == []
