"""Shared set-up for the benchmarks: a fresh, migrated database per benchmark.

Import this before anything from Django. ``setup("name")`` drops and recreates
``garage_bench_<name>`` on the local PostgreSQL (or a SQLite file with
``engine="sqlite"``), points Django at it and migrates.
"""

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
BENCH_REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
# RabbitMQ for the bus benchmark; a vhost of one's own on a shared machine.
BENCH_AMQP = os.environ.get("BENCH_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")

sys.path.insert(0, str(ROOT))


def database_name(name: str) -> str:
    """``garage_bench_<name>``, or ``BENCH_DB`` (a machine shared by several
    people gives each one database of their own)."""
    return os.environ.get("BENCH_DB") or f"garage_bench_{name}"


def database_url(name: str, engine: str = "postgres") -> str:
    if engine == "sqlite":
        return f"sqlite:///{ROOT / 'var' / f'bench_{name}.sqlite3'}"
    return f"{PG_SERVER}/{database_name(name)}"


def recreate(name: str, engine: str = "postgres") -> str:
    """Drops and creates the benchmark database; returns its URL."""
    url = database_url(name, engine)
    if engine == "sqlite":
        path = ROOT / "var" / f"bench_{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database_name(name)} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database_name(name)}")
    return url


def setup(
    name: str, engine: str = "postgres", redis: bool = False, broker: str = ""
) -> str:
    """Fresh database, Django set up and migrated. Returns the database URL.

    ``redis`` puts the bus on ``BENCH_REDIS``, ``broker`` on that URL."""
    os.environ["DATABASE_URL"] = recreate(name, engine)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("BROKER_URL", None)
    if broker or redis:
        os.environ["BROKER_URL"] = broker or BENCH_REDIS
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garage.settings")
    # Production settings: DEBUG would log every query and slow the hot paths.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # plain HTTP, in process
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    return os.environ["DATABASE_URL"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, figures: dict) -> None:
    """Prints the figures and keeps them in bench/results/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2, default=str))
    width = max(len(key) for key in figures)
    print(f"\n== {name} ==")
    for key, value in figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else value
        print(f"  {key:<{width}}  {shown}")
