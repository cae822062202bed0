"""The image's entry commands, run as the Dockerfile and compose.yaml run them.

In a fresh virtualenv built from uv.lock without dev dependencies, on a copy of
the source less .dockerignore, with DEBUG=0, against a database and a Redis
server of their own (a worker on the suite's Redis would take its messages).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection

from .image import UV, Image

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.BROKER_URL,
        reason="production's commands run in the PostgreSQL + Redis pass "
        "(DATABASE_URL and BROKER_URL or REDIS_URL set)",
    ),
    pytest.mark.skipif(
        not UV.exists(), reason="builds the image's virtualenv with .tools/bin/uv"
    ),
    pytest.mark.skipif(
        not shutil.which("redis-server"),
        reason="starts a Redis server of its own, so needs redis-server",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def database_url():
    """A database of its own, on the suite's PostgreSQL server."""
    db = settings.DATABASES["default"]
    name = db["NAME"].removeprefix("test_") + "_deploy"
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    server["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    login = quote(server["user"]) + (f":{quote(pw)}" if (pw := db["PASSWORD"]) else "")
    yield f"postgres://{login}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)

    def answers() -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    wait_until(answers)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Image:
    return Image.build(tmp_path_factory.mktemp("image"), sys.executable)


@pytest.fixture(scope="module")
def env(image, database_url, redis_url) -> dict[str, str]:
    """The environment compose.yaml gives the image's processes."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "VIRTUAL_ENV", "BUS_"))
    }
    return {
        **inherited,
        "PATH": f"{image.venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "0",
        "SECRET_KEY": "deploy-test-only",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "BROKER_URL": redis_url,
        "BUS_SWEEP_INTERVAL_SECONDS": "0.5",
        # Plain HTTP on localhost, as behind the TLS proxy compose sits behind.
        "SECURE_SSL_REDIRECT": "0",
    }


@pytest.fixture(scope="module")
def deployed(image, env) -> Image:
    """``migrate`` (compose's one-shot service) and ``collectstatic`` (the
    Dockerfile's build step) have run."""
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        done = image.run("python", "manage.py", *command, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    return image


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_the_image_has_no_dev_dependencies(image):
    venv_bin = image.venv / "bin"
    assert (venv_bin / "gunicorn").exists() and (venv_bin / "dramatiq").exists()
    assert not (venv_bin / "pytest").exists()


def test_migrate_makes_the_schema_and_the_roles(deployed, database_url):
    with psycopg.connect(database_url) as db:
        tables = {row[0] for row in db.execute("SELECT tablename FROM pg_tables")}
        roles = {row[0] for row in db.execute("SELECT name FROM auth_group")}
    assert {"kernel_delivery", "workshop_planningevent"} <= tables
    assert roles == {"Front desk", "Mechanic", "Manager"}


def test_collectstatic_writes_the_hashed_manifest(deployed):
    manifest = deployed.app / "var" / "staticfiles" / "staticfiles.json"
    assert "img/favicon.svg" in json.loads(manifest.read_text())["paths"]


def test_gunicorn_answers_healthz_and_serves_static_files(deployed, env, tmp_path):
    port = free_port()
    web = deployed.start(
        "gunicorn", "garage.wsgi:application", f"--bind=127.0.0.1:{port}",
        "--workers=2", "--access-logfile=-",
        env=env, log=tmp_path / "web.log",
    )  # fmt: skip
    try:
        web.wait_for("Booting worker")
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/healthz"))
        status, _, body = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200, web.output()
        assert json.loads(body)["checks"]["database"] == "ok"
        # /favicon.ico redirects to the hashed file that whitenoise serves.
        status, content_type, _ = get(f"http://127.0.0.1:{port}/favicon.ico")
        assert (status, content_type) == (200, "image/svg+xml")
    finally:
        assert web.stop() == 0, web.output()


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def test_worker_handles_the_day_the_scheduler_passes(
    deployed, env, database_url, tmp_path
):
    worker = deployed.start(
        "dramatiq", "garage.kernel.worker", "--processes=1", "--threads=2",
        env=env, log=tmp_path / "worker.log",
    )  # fmt: skip
    scheduler = deployed.start(
        "python", "manage.py", "run_daily", "day_has_passed", "--at-start",
        env=env, log=tmp_path / "scheduler.log",
    )  # fmt: skip
    try:
        worker.wait_for("Worker process is ready for action.")
        scheduler.wait_for("(DayHasPassed published)")
        wait_until(lambda: _delivery_states(database_url) == {"handled"})
    finally:
        assert scheduler.stop() == 0, scheduler.output()
        assert worker.stop() == 0, worker.output()


def _delivery_states(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as db:
        return {row[0] for row in db.execute("SELECT state FROM kernel_delivery")}
