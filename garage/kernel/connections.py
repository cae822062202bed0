"""A kept PostgreSQL connection is checked before each request without asking
the server.

Connections live on between requests (``CONN_MAX_AGE``). Django's own check
(``CONN_HEALTH_CHECKS``) sends ``SELECT 1`` before the first query of every
request: one round trip in each, to notice the rare connection the server
closed meanwhile (a restart, a terminated backend, an idle timeout). The server
says so on the connection before it closes it, so the socket of an idle
connection has something to read only then: that is looked at instead, at no
cost, and only then is ``SELECT 1`` asked (a notice the server might send an
idle connection is no reason to drop it).
"""

import select

from django.db import connections


def check_idle_connections(**kwargs) -> None:
    """Closes each kept PostgreSQL connection the server has hung up (Django
    opens a new one on its next query). Connected to ``request_started``."""
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "postgresql" or connection.connection is None:
            continue
        if connection.in_atomic_block or not _has_something_to_read(connection):
            continue
        if not connection.is_usable():
            connection.close()


def _has_something_to_read(connection) -> bool:
    try:
        socket = connection.connection.fileno()
    except Exception:  # already closed on this side
        return True
    poll = select.poll()
    poll.register(socket, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poll.poll(0))
