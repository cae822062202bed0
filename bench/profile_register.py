"""Where the time of ``POST /api/customers`` goes, in-process, in production
settings (DEBUG off, PostgreSQL, Redis). A tool, not a benchmark bench/run
runs: ``python bench/profile_register.py [requests]``.

The web side: requests through Django's test client with a bearer token (the
client skips the CSRF check that refuses bearer writes today), through every
middleware, the API, the handler, the outbox and, after the commit, the relay
to Redis. The worker side: ``consumer.deliver`` for each delivery those
requests made (what the dramatiq actor runs), in this process.

Prints wall and CPU time per request and per delivery, statements and
transactions, the time in each stage; keeps the profiles in
bench/results/profile_register.txt.
"""

import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.http_fixture import customer  # noqa: E402

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
STAGES = {  # function name -> what a reader looks for in the profile
    "authenticate": "bearer token lookup (first query: + connection check)",
    "register_customer": "handler: validate, INSERT, outbox, COMMIT",
    "write": "  outbox.write (event + deliveries)",
    "_relay_after_commit": "relay after commit",
    "_claim": "  relay: claim (BEGIN, SELECT FOR UPDATE, UPDATE, COMMIT)",
    "send_with_options": "  relay: dramatiq enqueue to Redis",
    "wait": "psycopg waiting for PostgreSQL",
}


class Statements:
    """Counts the SQL statements (execute_wrapper) and transactions."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(" ".join(sql.split()[:4])[:60])
        return execute(sql, params, many, context)


def setup():
    common.setup("register_profile", engine="postgres", redis=True)
    from django.contrib.auth.models import User
    from django.test import Client

    from garage.kernel.models import ApiToken
    from garage.kernel.transports import get_transport

    get_transport().broker.client.flushdb()
    token = ApiToken.issue(User.objects.create_superuser("profiler"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME="localhost")


def post(client, n: int) -> None:
    response = client.post(
        "/api/customers", json.dumps(customer(f"profile{n}")), "application/json"
    )
    assert response.status_code == 201, response.content


def timed(action, count: int) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        action(n)
    return {
        "wall ms": (time.perf_counter() - wall) * 1000 / count,
        "cpu ms": (time.process_time() - cpu) * 1000 / count,
    }


def statements(action) -> str:
    from django.db import connection

    counter = Statements()
    with connection.execute_wrapper(counter):
        action()
    return f"{len(counter.sql)}: " + ", ".join(counter.sql)


def profiled(action, count: int, name: str, out: io.StringIO) -> pstats.Stats:
    profile = cProfile.Profile()
    profile.enable()
    for n in range(count):
        action(n)
    profile.disable()
    stats = pstats.Stats(profile, stream=out)
    out.write(f"\n\n######## {name}: {count} calls ########\n")
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(20)
    return stats


def by_library(stats: pstats.Stats, calls: int) -> dict:
    """Own time (tottime) per library, in ms per call: where the CPU goes."""
    totals: dict[str, float] = {}
    for (path, _line, _name), values in stats.stats.items():
        totals[_library(path)] = totals.get(_library(path), 0.0) + values[2]
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:8]
    return {name: round(seconds * 1000 / calls, 2) for name, seconds in ranked}


def _library(path: str) -> str:
    if "site-packages/" in path:
        return path.split("site-packages/")[1].split("/")[0]
    if "/garage/" in path or "/apps/" in path:
        return "garage (project code)"
    return "python (stdlib, builtins)"


def sent_deliveries() -> list[int]:
    from garage.kernel.models import Delivery

    return list(
        Delivery.objects.filter(state="sent")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def web_side(client, out: io.StringIO) -> dict:
    for n in range(30):  # warm up: connections, prepared statements, imports
        post(client, 10**6 + n)
    figures = {
        f"request {k}": v for k, v in timed(lambda n: post(client, n), REQUESTS).items()
    }
    figures["request SQL"] = statements(lambda: post(client, 10**7))
    stats = profiled(lambda n: post(client, 10**8 + n), REQUESTS, "request", out)
    figures["request own time by library, ms (profiled)"] = by_library(stats, REQUESTS)
    for name, stage in STAGES.items():
        cumulative = sum(v[3] for k, v in stats.stats.items() if k[2] == name)
        figures[f"{stage}: ms (profiled)"] = cumulative * 1000 / REQUESTS
    return figures


def worker_side(out: io.StringIO) -> dict:
    from garage.kernel.consumer import deliver

    ids = sent_deliveries()
    half = len(ids) // 2
    figures = {"deliveries per request": len(ids) / (2 * REQUESTS + 31)}
    timing = timed(lambda n: deliver(ids[n]), half)
    figures |= {f"delivery {k}": v for k, v in timing.items()}
    figures["delivery SQL"] = statements(lambda: deliver(ids[half]))
    rest = len(ids) - half - 1
    stats = profiled(lambda n: deliver(ids[half + 1 + n]), rest, "deliver", out)
    figures["delivery own time by library, ms (profiled)"] = by_library(stats, rest)
    return figures


def main() -> None:
    client = setup()
    out = io.StringIO()
    figures = {"requests": REQUESTS} | web_side(client, out) | worker_side(out)
    from garage.kernel.transports import get_transport

    get_transport().broker.client.flushdb()
    common.RESULTS.mkdir(parents=True, exist_ok=True)
    (common.RESULTS / "profile_register.txt").write_text(out.getvalue())
    common.report("profile_register", figures)


if __name__ == "__main__":
    main()
