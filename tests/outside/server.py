"""The real server, started the way it is deployed, each part its own process.

Embedded default: ``manage.py runserver --noreload`` on a SQLite file in a
temporary directory, bus in-process. Production mode: gunicorn with DEBUG off
and a ``dramatiq garage.kernel.worker`` process, on a PostgreSQL database of
its own (created, migrated, dropped here) and a Redis of its own.

Used by the black-box suite (``tests/outside``) and the HTTP benchmark.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from .processes import BIN, ROOT, Process, free_port, wait_until

ADMIN = "admin"
ADMIN_PASSWORD = "outside-" + secrets.token_urlsafe(12)
START_TIMEOUT = 90.0  # a shared 2-core machine starts four Pythons slowly


class Server:
    """A running server: its URL, the environment its processes got (for
    management commands against its database) and a bearer token."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[Process] = []
        self.cleanups: list = []
        self.token = ""

    def manage(self, *args: str, **extra_env: str) -> str:
        """Runs ``manage.py`` against the server's database; returns stdout."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT,
            env={**self.env, **extra_env}, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{done.stderr}")
        return done.stdout

    def prepare(self) -> None:
        """Migrates, creates the superuser and issues its API token."""
        self.manage("migrate", "--noinput")
        self.manage(
            "createsuperuser", "--noinput", "--username", ADMIN,
            "--email", "admin@example.com", DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        )  # fmt: skip
        self.token = self.manage("issue_api_token", ADMIN).strip()

    def start(self, name: str, argv: list[str]) -> None:
        self.processes.append(Process(name, argv, self.env, self.logs))

    def wait_healthy(self) -> None:
        wait_until(self._healthy, "the server", self.processes, START_TIMEOUT)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        for cleanup in reversed(self.cleanups):
            cleanup()


def base_env(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "BROKER_URL")
    }
    env.update(DJANGO_SETTINGS_MODULE="garage.settings", PYTHONPATH=str(ROOT))
    return {**env, **overrides}


def embedded(tmp: Path) -> Server:
    """runserver on a fresh SQLite file; DEBUG stays on, CSRF is enforced."""
    env = base_env(
        DATABASE_URL=f"sqlite:///{tmp / 'garage.sqlite3'}",
        DEBUG="1",
        EMAIL_FILE_PATH=str(tmp / "mail"),
    )
    server = Server(env, tmp)
    server.prepare()
    server.start(
        "runserver",
        [sys.executable, "manage.py", "runserver", "--noreload",
         f"127.0.0.1:{server.port}"],
    )  # fmt: skip
    _wait_or_stop(server)
    return server


def production(
    tmp: Path, database_url: str, redis_url: str, workers: int = 2, threads: int = 1
) -> Server:
    """gunicorn (DEBUG off, plain http on localhost) and a dramatiq worker;
    ``threads`` above 1 makes gunicorn's workers threaded (gthread)."""
    env = base_env(DATABASE_URL=database_url, REDIS_URL=redis_url, **PRODUCTION_ENV)
    env["EMAIL_FILE_PATH"] = str(tmp / "mail")
    server = Server(env, tmp)
    server.cleanups.append(lambda: drop_database(database_url))
    try:
        create_database(database_url)
        server.prepare()
        server.manage("collectstatic", "--noinput")
    except Exception:
        server.stop()
        raise
    server.start(
        "gunicorn",
        [str(BIN / "gunicorn"), "garage.wsgi:application", "--workers", str(workers),
         "--threads", str(threads), "--bind", f"127.0.0.1:{server.port}",
         "--graceful-timeout", "10"],
    )  # fmt: skip
    server.start(
        "dramatiq",
        [str(BIN / "dramatiq"), "garage.kernel.worker", "--processes", "1",
         "--threads", "4"],
    )  # fmt: skip
    _wait_or_stop(server)
    return server


# DEBUG off as in production, over plain http on localhost: no secure-only
# cookies (an http client would never send them back), no redirect to https.
# SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS are read once the deploy
# settings read them from the environment; until then they are harmless.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "outside-" + secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_COOKIES": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
}


def _wait_or_stop(server: Server) -> None:
    try:
        server.wait_healthy()
    except Exception:
        server.stop()
        raise


def with_database(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(url: str) -> None:
    _maintenance(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")


def drop_database(url: str) -> None:
    _maintenance(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _maintenance(url: str, *statements: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        for statement in statements:
            conn.execute(sql.SQL(statement).format(sql.Identifier(name)))
