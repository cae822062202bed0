"""The planning's timeline and rescheduling between days, on PostgreSQL.

a. A day of 300 jobs in every state (planned, checked in, in progress,
   waiting for parts, finished with parts, cancelled), all through the
   command handlers. The planning page (table, timeline, occupancy strip,
   week strip) renders in as many SQL queries as a day of 10 jobs; target:
   median under 100 ms. The CPU time of this process is printed too: on a
   busy machine the wall clock also counts the wait for a core.
b. Rescheduling a job from one day of 300 stored events to another of 300
   (both plannings loaded, both appends in one transaction), next to planning
   a job on a day of 300 events, taking turns. Target: at most 2x.
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.workshop_bench import at, seed_cache, short_job  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
MOVES = int(os.environ.get("BENCH_MOVES", 40))
TODAY = date(2031, 1, 1)
BUSY_DAY = date(2031, 3, 3)
SMALL_DAY = date(2031, 3, 4)
FROM_DAY, TO_DAY, PLAN_DAY = date(2031, 4, 1), date(2031, 4, 2), date(2031, 4, 3)
JOBS = 300


def day_in_every_state(licenses: list[str]) -> dict[str, int]:
    """300 short jobs, three at a time, through the handlers: a sixth each
    planned, checked in, waiting for parts, finished, finished with a part
    and cancelled; three of those waiting are in progress in a bay instead."""
    from apps.workshop import handlers
    from apps.workshop.models import MaintenanceJob

    working = []
    for n in range(JOBS):
        job = handlers.plan_maintenance_job(short_job(BUSY_DAY, n, 4, licenses)).job
        kind = n % 6
        step = Steps(job)
        if kind == 4:
            handlers.cancel_maintenance_job(step.cancel())
        elif kind != 0:
            handlers.check_in_vehicle(step.check_in(1000 + n))
        if kind == 2 and n >= JOBS - 18:
            working.append(step)
        elif kind in (2, 3, 5):
            handlers.start_work(step.start("Bay 1"))
        if kind == 2 and n < JOBS - 18:
            handlers.wait_for_parts(step.wait())
        elif kind in (3, 5):
            handlers.finish_maintenance_job(step.finish(parts=kind == 5))
    for bay, step in enumerate(working[:3], start=1):
        handlers.start_work(step.start(f"Bay {bay}"))
    for n in range(10):
        handlers.plan_maintenance_job(short_job(SMALL_DAY, n, 4, licenses))
    rows = MaintenanceJob.objects.filter(planning_date=BUSY_DAY)
    return {s: rows.filter(status=s).count() for s in MaintenanceJob.Status}


class Steps:
    """The commands of a job's day, for one job of the busy day."""

    def __init__(self, job) -> None:
        self.job = job
        self.ids = {"planning_date": BUSY_DAY, "job_id": job.job_id}

    def check_in(self, km: int):
        from apps.workshop.commands import CheckInVehicle

        return CheckInVehicle(**self.ids, odometer_km=km, at=self.job.start_time)

    def start(self, bay: str):
        from apps.workshop.commands import StartWork

        return StartWork(
            **self.ids, workstation=bay, mechanic="Kees", at=self.job.start_time
        )

    def wait(self):
        from apps.workshop.commands import WaitForParts

        return WaitForParts(**self.ids, reason="Brake discs")

    def cancel(self):
        from apps.workshop.commands import CancelMaintenanceJob

        return CancelMaintenanceJob(**self.ids, reason="Not needed")

    def finish(self, parts: bool):
        from decimal import Decimal

        from apps.workshop.commands import FinishMaintenanceJob, PartUsed

        part = PartUsed(description="Filter", quantity=1, unit_price=Decimal("12.5"))
        return FinishMaintenanceJob(
            **self.ids,
            actual_start_time=self.job.start_time,
            actual_end_time=self.job.end_time,
            parts=[part] if parts else [],
        )


def timeline_page(licenses: list[str]) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    states = day_in_every_state(licenses)
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.create_superuser("bench"))
    queries = {}
    for day in (BUSY_DAY, SMALL_DAY):
        client.get(f"/workshop/{day}/")  # warm up
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/workshop/{day}/")
        assert response.status_code == 200
        queries[day] = len(captured)
    times, cpu = [], []
    for _ in range(REQUESTS):
        started, used = time.perf_counter(), time.process_time()
        response = client.get(f"/workshop/{BUSY_DAY}/")
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    html = response.content
    assert html.count(b'<a class="block ') == JOBS - states["Cancelled"]
    return {
        "a. jobs by status": ", ".join(f"{s} {n}" for s, n in states.items()),
        "a. planning page with timeline, 300 jobs: queries": queries[BUSY_DAY],
        "a. planning page with timeline, 10 jobs: queries": queries[SMALL_DAY],
        "a. 300 jobs: median ms (target < 100)": common.median(times),
        "a. 300 jobs: p95 ms": common.percentile(times, 95),
        # On a shared machine the wall clock includes waiting for a core.
        "a. 300 jobs: median CPU ms of this process": common.median(cpu),
    }


def moves(licenses: list[str]) -> dict:
    from apps.workshop import handlers, repository
    from apps.workshop.commands import PlanMaintenanceJob, RescheduleMaintenanceJob

    for day in (FROM_DAY, TO_DAY, PLAN_DAY):
        for n in range(JOBS - 1):
            handlers.plan_maintenance_job(short_job(day, n, 2, licenses))
        assert repository.load(day).version == JOBS
    movable = list(repository.load(FROM_DAY).jobs.values())[-MOVES:]
    plan, move = [], []
    for n, job in enumerate(movable):
        slot = 20 * 60 + 2 * (n // 3)
        command = PlanMaintenanceJob(
            planning_date=PLAN_DAY,
            start_time=at(PLAN_DAY, slot),
            end_time=at(PLAN_DAY, slot + 2),
            license_number=licenses[n % len(licenses)],
            description=f"Late job {n}",
        )
        started = time.perf_counter()
        handlers.plan_maintenance_job(command)
        plan.append(time.perf_counter() - started)
        started = time.perf_counter()
        handlers.reschedule_maintenance_job(
            RescheduleMaintenanceJob(
                planning_date=FROM_DAY,
                job_id=job.job_id,
                new_planning_date=TO_DAY,
                start_time=at(TO_DAY, slot),
                end_time=at(TO_DAY, slot + 2),
            )
        )
        move.append(time.perf_counter() - started)
    return {
        "b. events per day at the start": JOBS,
        "b. plan a job: median ms": common.median(plan) * 1000,
        "b. reschedule between two days: median ms": common.median(move) * 1000,
        "b. ratio reschedule/plan (target <= 2)": common.median(move)
        / common.median(plan),
    }


def main() -> None:
    common.setup("timeline")
    from django.conf import settings

    from apps.workshop import clock

    settings.DEBUG = False  # as in production: no query log kept in memory
    clock.today = lambda: TODAY
    licenses = seed_cache()
    figures = timeline_page(licenses)
    figures |= moves(licenses)
    common.report("timeline", figures)


if __name__ == "__main__":
    main()
