"""A Redis of the suite's own, on a free port, for the server's dramatiq broker.

Not the suite's ``REDIS_URL``: in production mode the pytest process runs a
dramatiq worker of its own on that Redis, on the same queue names, and would
take the server's messages and look them up in the wrong database.
``OUTSIDE_REDIS_URL`` points at an existing Redis instead.
"""

import os
import shutil
from pathlib import Path

import redis

from .processes import Process, free_port, wait_until


def start(tmp: Path) -> tuple[str, Process | None]:
    """The broker URL, and the redis-server process started for it (if any)."""
    given = os.environ.get("OUTSIDE_REDIS_URL")
    if given:
        return given, None
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is not installed")
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(tmp)]  # fmt: skip
    process = Process("redis", argv, dict(os.environ), tmp)
    url = f"redis://127.0.0.1:{port}/0"
    wait_until(lambda: _answers(url), "redis-server", [process], timeout=30)
    return url, process


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False
