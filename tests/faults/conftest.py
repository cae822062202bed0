import shutil

import pytest
from django.conf import settings

from .processes import RedisServer

POSTGRES_AND_REDIS = settings.DATABASES["default"][
    "ENGINE"
] == "django.db.backends.postgresql" and settings.BROKER_URL.startswith("redis")

# Every module here: pytestmark = FAULTS
FAULTS = [
    pytest.mark.faults,
    pytest.mark.skipif(
        not POSTGRES_AND_REDIS,
        reason="fault injection kills workers and brokers of a PostgreSQL + "
        "Redis deployment; the embedded default (SQLite, in-process bus) has "
        "neither. CI runs it in the PostgreSQL + Redis pass.",
    ),
    pytest.mark.skipif(
        not shutil.which("redis-server"),
        reason="needs redis-server, to start a broker of its own",
    ),
]


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of our own on a free port; the shared one is never touched."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
