"""The plan-job API call, end to end, in production mode (PostgreSQL + Redis).

One real dramatiq worker process runs beside the web code, as in production.
Each call goes through the whole Django stack (bearer token, ninja, the
command, the outbox, the relay's send to Redis) and returns once the job's
page would show it. Reports the median and p95 latency of REQUESTS calls.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 300))
FIRST_DAY = date(2030, 1, 1)
VEHICLES = 20


def seed() -> list[str]:
    from apps.workshop.models import Customer, Vehicle

    owner = Customer.objects.create(
        customer_id=uuid.uuid4(), name="Owner", telephone_number="06"
    )
    vehicles = Vehicle.objects.bulk_create(
        Vehicle(license_number=f"{n:02d}-AB-12", brand="VW", type="Golf",
                owner_id=owner.customer_id)
        for n in range(VEHICLES)
    )  # fmt: skip
    return [vehicle.license_number for vehicle in vehicles]


def body(n: int, licenses: list[str]) -> tuple[str, dict]:
    """The n-th job: one two-hour job per vehicle and day."""
    day = FIRST_DAY + timedelta(days=n // VEHICLES)
    hour = 8 + 2 * ((n % VEHICLES) // 3)
    return f"/api/workshop/plannings/{day}/jobs", {
        "start_time": f"{day}T{hour:02d}:00:00",
        "end_time": f"{day}T{hour + 2:02d}:00:00",
        "license_number": licenses[n % VEHICLES],
        "description": f"Job {n}",
    }


def start_worker() -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-m", "dramatiq", "garage.kernel.worker",
         "--processes", "1", "--threads", "4"],
        cwd=common.ROOT,
        env=os.environ | {"BUS_SWEEP_IN_WORKERS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(3)  # declared queues, connected
    return worker


def measure(licenses: list[str]) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    from apps.workshop import clock
    from garage.kernel.models import ApiToken

    clock.today = lambda: FIRST_DAY
    token = ApiToken.issue(User.objects.create_superuser("bench"))
    client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
    times = []
    for n in range(REQUESTS):
        path, payload = body(n, licenses)
        started = time.perf_counter()
        response = client.post(path, payload, content_type="application/json")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content
    return {
        "plan-job API calls": REQUESTS,
        "plan-job API median ms": common.median(times),
        "plan-job API p95 ms": common.percentile(times, 95),
    }


def main() -> None:
    common.setup("plan_api", redis=True)
    from garage.kernel.transports import get_transport

    get_transport().broker.flush_all()
    licenses = seed()
    worker = start_worker()
    try:
        figures = measure(licenses)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    common.report("plan_api", figures)


if __name__ == "__main__":
    main()
