"""Service due over a big fleet, on PostgreSQL + Redis, one worker.

Seeds 20,000 vehicles into notifications' copy, each with 5 odometer readings
(one every 60 days, 0-120 km a day) and a last service 0-395 days ago, their
due dates reckoned as the subscribers do; one vehicle in 20 has a job
planned. Starts one real dramatiq worker process (locmem e-mail), publishes
one DayHasPassed and measures the seconds until every service-due message is
recorded and until every one is sent. Then the service-due page (25 rows a
page): its queries, for 1 due vehicle and for thousands, and its median time.
Targets: the day under 30 s; the page in constant queries, median < 50 ms.
``BENCH_WORKER_PROCESSES`` (1) and ``BENCH_WORKER_THREADS`` (8) size the
worker; production's default is 2 processes.
"""

import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

VEHICLES = int(os.environ.get("BENCH_VEHICLES", 20_000))
READINGS = 5
THREADS = os.environ.get("BENCH_WORKER_THREADS", "8")
PROCESSES = os.environ.get("BENCH_WORKER_PROCESSES", "1")
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", 50))
DAY = date(2026, 3, 2)
TIMEOUT = 300


def seed() -> None:
    from django.utils import timezone

    from apps.notifications import care
    from apps.notifications.models import Customer, Job, OdometerReading, Vehicle

    rng = random.Random(42)
    customers = Customer.objects.bulk_create(
        (
            Customer(customer_id=uuid.uuid4(), name=f"Customer {n:05d}",
                     email_address=f"customer{n}@example.com")
            for n in range(VEHICLES // 2)
        ),
        batch_size=5_000,
    )  # fmt: skip
    vehicles, readings, jobs = [], [], []
    zone = timezone.get_default_timezone()
    for n in range(VEHICLES):
        owner = customers[n % len(customers)]
        license_number = f"{n // 1000:02d}-{'ABCDEFGHJK'[n // 100 % 10]}X-{n % 100:03d}"
        service = DAY - timedelta(days=rng.randrange(0, 396))
        rate = rng.choice([0, 0, *range(5, 121)])
        km_at_service = rng.randrange(30_000, 200_000)
        own = [
            OdometerReading(job_id=uuid.uuid4(), license_number=license_number,
                            day=service - timedelta(days=60 * k),
                            km=km_at_service - rate * 60 * k)
            for k in range(READINGS)
        ]  # fmt: skip
        vehicle = Vehicle(license_number=license_number, brand="Volkswagen",
                          type="Golf", owner_id=owner.customer_id,
                          last_service_on=service)  # fmt: skip
        care.reckon(vehicle, own)
        vehicles.append(vehicle)
        readings += own
        if n % 20 == 0:
            start = datetime(DAY.year, DAY.month, DAY.day, 8, tzinfo=zone)
            start += timedelta(days=rng.randrange(1, 30))
            jobs.append(
                Job(job_id=uuid.uuid4(), customer_id=owner.customer_id,
                    customer_name=owner.name, start_time=start,
                    end_time=start + timedelta(hours=2), description="Service",
                    license_number=license_number, brand="Volkswagen", type="Golf")
            )  # fmt: skip
    Vehicle.objects.bulk_create(vehicles, batch_size=5_000)
    OdometerReading.objects.bulk_create(readings, batch_size=5_000)
    Job.objects.bulk_create(jobs, batch_size=5_000)


def expected_messages() -> int:
    """What the day should send, counted apart from the handler's query."""
    from django.conf import settings

    from apps.notifications.models import Job, Vehicle

    horizon = DAY + timedelta(days=settings.SERVICE_REMINDER_DAYS)
    planned = set(Job.objects.values_list("license_number", flat=True))
    due = Vehicle.objects.filter(due_on__lte=horizon).values_list("pk", flat=True)
    return sum(1 for pk in due if pk not in planned)


def warm_up(pass_day) -> None:
    """A day long before any vehicle is due: the worker is up once handled."""
    from garage.kernel import testing

    envelopes = pass_day(DAY - timedelta(days=3_000))
    if not testing.wait_until_handled(envelopes, "notifications", timeout=60):
        raise TimeoutError("the worker did not start")


def measure_day(pass_day, wait_until, expected: int) -> dict:
    from apps.notifications.models import Message

    messages = Message.objects.filter(kind="service_due")
    started = time.monotonic()
    pass_day(DAY)
    recorded = wait_until(lambda: messages.count() >= expected)
    sent = wait_until(
        lambda: messages.filter(sent_at__isnull=False).count() >= expected
    )
    assert messages.count() == expected
    return {
        "service-due e-mails": expected,
        "seconds until every one is recorded": recorded - started,
        "seconds until every one is sent (target < 30)": sent - started,
        "e-mails per second (sent)": expected / (sent - started),
    }


def measure_page() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.notifications.models import Vehicle

    admin = get_user_model().objects.create_superuser("bench", password="bench-pw-1")
    client = Client()
    client.force_login(admin)
    client.get("/service-due/")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/service-due/")
    assert page.status_code == 200 and page.content.count(b"<tr") == 26
    timings = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        client.get("/service-due/")
        timings.append((time.perf_counter() - started) * 1000)
    listed = Vehicle.objects.filter(due_on__lte=DAY + timedelta(days=30)).count()
    keep = Vehicle.objects.order_by("due_on").values_list("pk", flat=True)[:1]
    Vehicle.objects.exclude(pk__in=list(keep)).update(due_on=None)
    with CaptureQueriesContext(connection) as one:
        client.get("/service-due/")
    return {
        "vehicles on the page's list (all pages)": listed,
        "queries for the page, thousands due": len(many),
        "queries for the page, one due": len(one),
        "page median (ms, target < 50)": common.median(timings),
        "page p95 (ms)": common.percentile(timings, 95),
    }


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(common.ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return subprocess.Popen(
        [str(common.ROOT / ".venv/bin/dramatiq"), "garage.kernel.worker",
         "--processes", PROCESSES, "--threads", THREADS],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    common.setup("service_due", engine="postgres", redis=True)
    from unittest import mock

    from django.utils import timezone

    from bench.day_passes_bench import pass_day, wait_until
    from garage.kernel.transports import get_transport

    get_transport().broker.flush_all()
    started = time.monotonic()
    seed()
    figures = {"vehicles": VEHICLES, "readings": VEHICLES * READINGS,
               "seconds to seed": time.monotonic() - started,
               "worker": f"{PROCESSES} process(es), {THREADS} threads"}  # fmt: skip
    expected = expected_messages()
    worker = start_worker()
    try:
        warm_up(pass_day)
        figures |= measure_day(pass_day, wait_until, expected)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    with mock.patch.object(timezone, "localdate", return_value=DAY):
        figures |= measure_page()
    common.report("service_due", figures)


if __name__ == "__main__":
    main()
