"""What one request of the HTTP benchmark costs the web process, in-process,
in production settings (DEBUG off, PostgreSQL, Redis). A tool, not a benchmark
bench/run runs: ``python bench/profile_http.py [requests] [target ...]``.

Each request goes through Django's WSGI handler as gunicorn calls it (a WSGI
environ, every middleware, the JSON log line), on the benchmark's targets:
``/healthz``, register a customer and plan a job with a bearer token, and the
same two on a session with its CSRF header. Per target: CPU and wall ms per
request, and every round trip to PostgreSQL one request makes (statements,
BEGIN/COMMIT, Django's connection health check), listed. The deliveries the
writes make are handled in-process between targets (no worker runs).

``--profile`` also writes cProfile's listing (CPU time) of each target to
bench/results/profile_http.txt.
"""

import cProfile
import io
import json
import logging
import pstats
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.http_fixture import customer  # noqa: E402
from tests.outside.data import job_data  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
REQUESTS = int(ARGS[0]) if ARGS else 200
ONLY = ARGS[1:]
PROFILE = "--profile" in sys.argv
JOBS_PER_DAY = 6


class RoundTrips:
    """Every round trip psycopg makes: statements (a cursor's execute, Django's
    or the health check's own) and commands (BEGIN, COMMIT, SAVEPOINT)."""

    def __init__(self) -> None:
        self.sql: list[str] | None = None

    def install(self) -> None:
        import psycopg
        from psycopg._connection_base import BaseConnection

        trips = self
        execute = psycopg.Cursor.execute
        command = BaseConnection._exec_command

        def counted_execute(cursor, query, *args, **kwargs):
            trips.note(query if isinstance(query, str) else str(query))
            return execute(cursor, query, *args, **kwargs)

        def counted_command(conn, cmd, *args, **kwargs):
            text = cmd.decode() if isinstance(cmd, bytes) else str(cmd)
            trips.note(text)
            return command(conn, cmd, *args, **kwargs)

        psycopg.Cursor.execute = counted_execute
        BaseConnection._exec_command = counted_command

    def note(self, sql: str) -> None:
        if self.sql is not None:
            self.sql.append(" ".join(sql.split()[:3])[:50])

    def of(self, action) -> list[str]:
        self.sql = []
        try:
            action()
            return self.sql
        finally:
            self.sql = None


def setup():
    common.setup("http_profile", engine="postgres", redis=True)
    from django.contrib.auth.models import User
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from garage.kernel.models import ApiToken
    from garage.kernel.transports import get_transport

    get_transport().broker.client.flushdb()
    admin = User.objects.create_superuser("profiler")
    token = ApiToken.issue(admin)
    client = Client()
    client.force_login(admin)
    secret = _get_new_csrf_string()
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={secret}"
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}, {
        "HTTP_COOKIE": cookie,
        "HTTP_X_CSRFTOKEN": secret,
    }


def environ(method: str, path: str, headers: dict, body: bytes = b"") -> dict:
    """What gunicorn's sync worker hands the application."""
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_CONNECTION": "close",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    if method == "POST":
        env |= {"CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body))}
    return env


def call(app, env: dict, expected: int) -> None:
    status = []
    response = app(env, lambda s, h, e=None: status.append(s))
    body = b"".join(response)
    response.close()
    assert int(status[0].split()[0]) == expected, (status, body[:300])


def targets(bearer: dict, session: dict, licenses: list[str]) -> dict:
    first = date.today() + timedelta(days=10)

    def register(headers, tag):
        def request(n: int):
            body = json.dumps(customer(f"{tag}{n}")).encode()
            return environ("POST", "/api/customers", headers, body), 201

        return request

    def plan(headers, offset):
        def request(n: int):
            day = first + timedelta(days=2 * (n // JOBS_PER_DAY) + offset)
            hours = (8, 12) if n % JOBS_PER_DAY < 3 else (13, 17)
            body = json.dumps(job_data(day, licenses[n % 3], hours)).encode()
            path = f"/api/workshop/plannings/{day}/jobs"
            return environ("POST", path, headers, body), 201

        return request

    return {
        "healthz": lambda n: (environ("GET", "/healthz", {}), 200),
        "register (bearer)": register(bearer, "b"),
        "plan (bearer)": plan(bearer, 0),
        "register (session)": register(session, "s"),
        "plan (session)": plan(session, 1),
    }


def vehicles(app, bearer: dict) -> list[str]:
    """A customer with three vehicles (one per workstation), known to the
    workshop."""
    body = json.dumps(customer("owner")).encode()
    response = app(environ("POST", "/api/customers", bearer, body), lambda *a: None)
    owner = json.loads(b"".join(response))["customer_id"]
    licenses = [f"1-BN-{n}" for n in (1, 2, 3)]
    for license in licenses:
        data = {"license_number": license, "brand": "Kia", "type": "Niro"}
        body = json.dumps(data | {"owner_id": owner}).encode()
        call(app, environ("POST", "/api/vehicles", bearer, body), 201)
    settle()
    return licenses


def settle() -> None:
    """Handles every delivery in-process, as the worker would."""
    from garage.kernel.consumer import deliver
    from garage.kernel.models import Delivery
    from garage.kernel.transports import get_transport

    while ids := list(
        Delivery.objects.filter(state__in=["pending", "sent"])
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        for delivery_id in ids:
            deliver(delivery_id)
    get_transport().broker.client.flushdb()


def measure(app, name: str, make, trips: RoundTrips, out: io.StringIO) -> dict:
    numbers = iter(range(10**6))

    def one() -> None:
        env, expected = make(next(numbers))
        call(app, env, expected)

    for _ in range(30):  # warm up: connections, prepared statements, caches
        one()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(REQUESTS):
        one()
    figures = {
        f"{name}: cpu ms": (time.process_time() - cpu) * 1000 / REQUESTS,
        f"{name}: wall ms": (time.perf_counter() - wall) * 1000 / REQUESTS,
    }
    sql = trips.of(one)
    figures[f"{name}: round trips"] = f"{len(sql)}: " + " | ".join(sql)
    if PROFILE:
        profile = cProfile.Profile(time.process_time)  # CPU, not waiting
        profile.enable()
        for _ in range(REQUESTS):
            one()
        profile.disable()
        out.write(f"\n\n######## {name}: {REQUESTS} requests ########\n")
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
    settle()
    return figures


def main() -> None:
    bearer, session = setup()
    from django.core.wsgi import get_wsgi_application

    # The request log lines go where gunicorn's stderr would: a file.
    log = open(common.ROOT / "var" / "profile_http.log", "w")  # noqa: SIM115
    for handler in logging.getLogger().handlers:
        handler.setStream(log)
    app = get_wsgi_application()
    trips = RoundTrips()
    trips.install()
    licenses = vehicles(app, bearer)
    out = io.StringIO()
    figures: dict = {"requests per target": REQUESTS}
    for name, make in targets(bearer, session, licenses).items():
        if not ONLY or any(word in name for word in ONLY):
            figures |= measure(app, name, make, trips, out)
    if PROFILE:
        common.RESULTS.mkdir(parents=True, exist_ok=True)
        (common.RESULTS / "profile_http.txt").write_text(out.getvalue())
    common.report("profile_http", figures)


if __name__ == "__main__":
    main()
