"""HTTP load on the running server: gunicorn (2 workers) and one dramatiq worker
on PostgreSQL + Redis, as deployed (DEBUG off).

16 clients, one target after the other, each for 10 s after a 1 s warm-up:
``/healthz`` (the trivial baseline), register a customer and plan a job (API
POSTs with a bearer token), the planning page (HTML on a logged-in session).
The two writes are measured once more on a session with its CSRF header, the
way the web UI's scripts would send them. Per target: successful requests/s,
p50, p99, errors, requests/s as a ratio to the baseline's, the CPU each process
spent per request, and how long the worker then took to handle the backlog
(waited for before the next target, so that it does not slow that one down).

BENCH_HTTP_THREADS=8 runs gunicorn's workers threaded (gthread) instead.
"""

import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.http_cpu import CpuMeter  # noqa: E402
from bench.http_fixture import Fixture, customer, prepare  # noqa: E402
from bench.http_load import Target, measure, raw  # noqa: E402
from tests.outside.data import job_data  # noqa: E402
from tests.outside.server import Server, production  # noqa: E402
from tests.outside.web import settle  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_HTTP_CLIENTS", 16))
SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", 10))
WARMUP = float(os.environ.get("BENCH_HTTP_WARMUP", 1))
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_HTTP_THREADS", 1))
JOBS_PER_DAY = 6  # two slots on each of the three workstations
JSON = {"Content-Type": "application/json"}


def targets(server: Server, fixture: Fixture) -> list[Target]:
    host = {"Host": f"127.0.0.1:{server.port}"}
    bearer = {**host, "Authorization": f"Bearer {server.token}"}
    session = {**host, "Cookie": fixture.cookie, "X-CSRFToken": fixture.csrf_token}
    page = f"/workshop/{fixture.page_day}/"
    return [
        Target("healthz", lambda c, n: raw("GET", "/healthz", host)),
        Target("register a customer", register(bearer, "b"), expected=201),
        Target("plan a job", plan(bearer, fixture, 0), expected=201),
        Target("planning page", lambda c, n: raw("GET", page, session)),
        Target("register a customer (session)", register(session, "s"), 201),
        Target("plan a job (session)", plan(session, fixture, 1), 201),
    ]


def register(headers: dict, tag: str):
    def request(client: int, number: int) -> bytes:
        body = json.dumps(customer(f"{tag}{client}.{number}")).encode()
        return raw("POST", "/api/customers", {**headers, **JSON}, body)

    return request


def plan(headers: dict, fixture: Fixture, offset: int):
    """Each client plans on days of its own (no write conflicts between
    clients), six jobs a day; ``offset`` keeps two targets' days apart."""
    first = date.today() + timedelta(days=10)

    def request(client: int, number: int) -> bytes:
        day = first + timedelta(2 * (client + CLIENTS * (number // JOBS_PER_DAY)))
        day += timedelta(days=offset)
        slot = (8, 12) if number % JOBS_PER_DAY < 3 else (13, 17)
        license = fixture.vehicles[client][number % 3]
        body = json.dumps(job_data(day, license, slot)).encode()
        path = f"/api/workshop/plannings/{day}/jobs"
        return raw("POST", path, {**headers, **JSON}, body)

    return request


def settling(fixture: Fixture) -> float:
    """Waits for the worker to handle the target's events, so that they cost
    the next target nothing; returns how long that took."""
    started = time.perf_counter()
    settle(fixture.session, timeout=600)
    return time.perf_counter() - started


def run(server: Server, fixture: Fixture, meter: CpuMeter) -> dict:
    figures: dict = {
        "clients": CLIENTS,
        "seconds per target": SECONDS,
        "gunicorn": f"{WORKERS} workers x {THREADS} threads",
        "dramatiq": "1 process x 4 threads",
    }
    baseline = None
    settling(fixture)
    for target in targets(server, fixture):
        print(f"  {target.name} ...", flush=True)
        result = measure(server.port, target, CLIENTS, SECONDS, WARMUP, meter)
        result["bus settled after s"] = settled = settling(fixture)
        # What the whole system sustains: the worker's backlog counted in.
        done = result["requests/s"] * SECONDS
        result["requests/s incl. backlog"] = done / (SECONDS + settled)
        baseline = baseline or result["requests/s"]
        result["ratio to healthz"] = result["requests/s"] / baseline
        if not result["errors"]:
            del result["first error"]
        figures |= {f"{target.name}: {key}": value for key, value in result.items()}
    return figures


def main() -> None:
    import redis

    redis.Redis.from_url(common.BENCH_REDIS).flushdb()  # no stale deliveries
    database = common.database_url("http")
    with tempfile.TemporaryDirectory(prefix="bench_http_") as tmp:
        server = production(Path(tmp), database, common.BENCH_REDIS, WORKERS, THREADS)
        try:
            gunicorn, dramatiq = (p.popen.pid for p in server.processes)
            meter = CpuMeter(gunicorn, dramatiq, database.rsplit("/", 1)[1])
            figures = run(server, prepare(server, CLIENTS), meter)
        finally:
            server.stop()
    common.report("http", figures)


if __name__ == "__main__":
    main()
