"""The black-box suite: the real server in its own processes, driven over HTTP
with httpx, CSRF enforced as in production.

The mode follows the suite's: with a broker (``BROKER_URL`` or ``REDIS_URL``,
production mode) gunicorn
and a dramatiq worker run on a PostgreSQL database of their own, named after
``DATABASE_URL``'s with ``_outside`` appended, and a Redis of their own;
otherwise ``runserver`` runs on a SQLite file in a temporary directory.
"""

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from . import broker
from .server import ADMIN, ADMIN_PASSWORD, Server, embedded, production, with_database
from .web import client, log_in

PRODUCTION = bool(os.environ.get("BROKER_URL") or os.environ.get("REDIS_URL"))
MODE = "gunicorn + dramatiq" if PRODUCTION else "runserver, in-process bus"


def pytest_report_header() -> str:
    return f"black-box server (tests/outside): {MODE}"


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("outside")
    if not PRODUCTION:
        running = embedded(tmp)
        yield running
        running.stop()
        return
    yield from _production(tmp)


def _production(tmp) -> Iterator[Server]:
    database_url = os.environ.get("DATABASE_URL", "")
    assert database_url.startswith("postgres"), "production mode needs PostgreSQL"
    own_database = with_database(database_url, _name(database_url) + "_outside")
    try:
        redis_url, redis_process = broker.start(tmp)
    except FileNotFoundError as exc:
        pytest.skip(f"no broker for the server: {exc}")
    try:
        running = production(tmp, own_database, redis_url)
        yield running
        running.stop()
    finally:
        if redis_process is not None:
            redis_process.stop()


def _name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


@pytest.fixture
def anonymous(server) -> Iterator[httpx.Client]:
    with client(server) as anonymous:
        yield anonymous


@pytest.fixture
def bearer(server) -> Iterator[httpx.Client]:
    """An API client with the token ``issue_api_token`` printed."""
    with client(server, Authorization=f"Bearer {server.token}") as api:
        yield api


@pytest.fixture
def browser(server) -> Iterator[httpx.Client]:
    """A fresh cookie jar, as a browser that has not logged in yet."""
    with client(server) as fresh:
        yield fresh


@pytest.fixture(scope="session")
def employee(server) -> Iterator[httpx.Client]:
    """Logged in through the login form (once: the password hash is slow)."""
    with client(server) as session:
        response = log_in(session, ADMIN, ADMIN_PASSWORD)
        assert response.status_code == 302, response.text
        yield session
