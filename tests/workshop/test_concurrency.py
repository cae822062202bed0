"""Twenty employees plan overlapping jobs on one day at the same moment."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client

from apps.workshop import repository
from apps.workshop.domain import Status
from apps.workshop.models import MaintenanceJob, PlanningEvent
from garage.kernel.models import ApiToken

from .conftest import DAY, at

WRITERS = 20

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises all writes",
)


def most_at_once(jobs) -> int:
    points = sorted(
        point
        for job in jobs
        if job.status is not Status.CANCELLED
        for point in ((job.start_time, 1), (job.end_time, -1))
    )
    running = most = 0
    for _, step in points:
        running += step
        most = max(most, running)
    return most


def posted_together(token: str, start_together: threading.Barrier, path, body) -> int:
    """POSTs ``body`` with the bearer token once every writer is ready; the
    status code. Each thread closes its own database connection."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    try:
        start_together.wait()
        return client.post(path, body, content_type="application/json").status_code
    finally:
        connections.close_all()


def as_row(job) -> tuple:
    license_number = job.vehicle.license_number
    return (job.job_id, job.start_time, job.end_time, license_number, job.status.value)


def test_concurrent_plans_never_overbook_and_keep_the_stream_gapless(
    bus, registered, user
):
    licenses = [f"{n:02d}-AB-12" for n in range(WRITERS)]
    registered(*licenses)
    token = ApiToken.issue(user)
    start_together = threading.Barrier(WRITERS)

    def plan(n: int) -> int:
        # Every slot contains 09:30-10:00, so at most 3 of them fit.
        start = at("08:00") + timedelta(minutes=30 * (n % 4))
        body = {
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=2)).isoformat(),
            "license_number": licenses[n],
            "description": f"Job {n}",
        }
        path = f"/api/workshop/plannings/{DAY}/jobs"
        return posted_together(token, start_together, path, body)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        statuses = list(pool.map(plan, range(WRITERS)))
    bus.drain()

    assert set(statuses) <= {201, 409}
    assert 1 <= statuses.count(201) <= 3
    versions = list(
        PlanningEvent.objects.filter(stream_id=DAY.isoformat())
        .order_by("version")
        .values_list("version", flat=True)
    )
    assert versions == list(range(1, len(versions) + 1))
    planning = repository.load(DAY)
    assert len(planning.jobs) == statuses.count(201) == len(versions) - 1
    assert most_at_once(planning.jobs.values()) <= 3
    read_model = MaintenanceJob.objects.filter(planning_date=DAY).values_list(
        "job_id", "start_time", "end_time", "license_number", "status"
    )
    assert sorted(read_model) == sorted(map(as_row, planning.jobs.values()))


MOVERS = 8


def test_concurrent_moves_both_ways_between_two_days_lose_no_job(bus, registered, user):
    """Half the jobs of each of two days move to the other at the same moment:
    each move appends to both streams, so they all contend. Every move is
    stored whole or refused whole (409 after its retries), never a 500 (no
    deadlock: every move appends in date order), and every job ends on
    exactly one day, in the event store and the read model alike."""
    from apps.workshop import handlers

    from .conftest import plan_command

    other = DAY + timedelta(days=1)
    licenses = [f"{n:02d}-CD-34" for n in range(MOVERS)]
    registered(*licenses)
    jobs = []
    for n, license_number in enumerate(licenses):
        day = DAY if n % 2 else other
        start = at("06:00", day) + timedelta(minutes=30 * n)
        command = plan_command(
            planning_date=day, license_number=license_number
        ).model_copy(
            update={"start_time": start, "end_time": start + timedelta(minutes=30)}
        )
        jobs.append((handlers.plan_maintenance_job(command).job, day))
    token = ApiToken.issue(user)
    start_together = threading.Barrier(MOVERS)

    def move(n: int) -> int:
        job, day = jobs[n]
        to = other if day == DAY else DAY
        body = {
            "planning_date": to.isoformat(),
            "start_time": job.start_time.replace(
                year=to.year, month=to.month, day=to.day
            ).isoformat(),
            "end_time": job.end_time.replace(
                year=to.year, month=to.month, day=to.day
            ).isoformat(),
        }
        path = f"/api/workshop/plannings/{day}/jobs/{job.job_id}/reschedule"
        return posted_together(token, start_together, path, body)

    with ThreadPoolExecutor(max_workers=MOVERS) as pool:
        statuses = list(pool.map(move, range(MOVERS)))
    bus.drain()

    assert set(statuses) <= {200, 409}, statuses
    assert 200 in statuses
    plannings = {day: repository.load(day) for day in (DAY, other)}
    for day, planning in plannings.items():
        versions = list(
            PlanningEvent.objects.filter(stream_id=day.isoformat())
            .order_by("version")
            .values_list("version", flat=True)
        )
        assert versions == list(range(1, len(versions) + 1))
        assert planning.version == len(versions)
    for (job, day), status in zip(jobs, statuses, strict=True):
        to = other if day == DAY else DAY
        where = [d for d, p in plannings.items() if job.job_id in p.jobs]
        assert where == [to if status == 200 else day]
        row = MaintenanceJob.objects.get(job_id=job.job_id)
        assert row.planning_date == where[0]
