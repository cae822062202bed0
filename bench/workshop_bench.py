"""The workshop's write and read paths on PostgreSQL, next to raw psycopg.

a. Command throughput: 3,000 "plan a job" commands spread over 365 days, in
   process (read the vehicle and its owner; load the planning, decide, append,
   write the outbox; one transaction each), against a raw psycopg loop of the
   same SQL shape (select the vehicle with its owner; select the stream; insert
   one event row and the job's read-model row filled from the vehicle; insert
   one outbox row and one delivery per subscriber; one transaction each). Delivery
   after the commit is left out of both; it is the bus benchmark's subject.
   Target: at least 0.8 of raw; the share of ``bus.publish`` is printed.
b. Loading a planning of 600 events (replayed into the aggregate) against the
   raw select of its rows: 150 jobs planned, checked in, started and finished,
   half of them with release 2's labour hours and parts. Target: at most 1.25x.
c. The planning page of a day with 300 jobs: SQL queries (against a day with
   10 jobs) and median render time.
"""

import os
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

COMMANDS = int(os.environ.get("BENCH_COMMANDS", 3_000))
DAYS = 365
BLOCK = 50  # ours and raw take turns, so load on the machine hits both alike
LOADS = int(os.environ.get("BENCH_LOADS", 50))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
VEHICLES = 24
FIRST_DAY = date(2030, 1, 1)
LOAD_DAY = date(2031, 6, 1)
PAGE_DAY = date(2031, 6, 2)
SMALL_DAY = date(2031, 6, 3)


def seed_cache() -> list[str]:
    from apps.workshop.models import Customer, Vehicle

    owners = Customer.objects.bulk_create(
        Customer(customer_id=uuid.uuid4(), name=f"Owner {n}", telephone_number="06")
        for n in range(VEHICLES)
    )
    vehicles = Vehicle.objects.bulk_create(
        Vehicle(
            license_number=f"{n:02d}-AB-12",
            brand="Volkswagen",
            type="Golf",
            owner_id=owner.customer_id,
        )
        for n, owner in enumerate(owners)
    )
    return [vehicle.license_number for vehicle in vehicles]


def at(day: date, minutes: int) -> datetime:
    from django.utils import timezone

    moment = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
    return timezone.make_aware(moment)


def command(n: int, licenses: list[str]):
    """The n-th job: days take turns; three jobs share each two-hour slot."""
    from apps.workshop.commands import PlanMaintenanceJob

    day = FIRST_DAY + timedelta(days=n % DAYS)
    slot = n // DAYS
    start = 7 * 60 + (slot // 3) * 120
    return PlanMaintenanceJob(
        planning_date=day,
        start_time=at(day, start),
        end_time=at(day, start + 120),
        license_number=licenses[slot],
        description=f"Job {n}",
    )


def short_job(day: date, n: int, minutes: int, licenses: list[str]):
    """The n-th of many short jobs on one day, three at a time."""
    from apps.workshop.commands import PlanMaintenanceJob

    start = (n // 3) * minutes
    return PlanMaintenanceJob(
        planning_date=day,
        start_time=at(day, start),
        end_time=at(day, start + minutes),
        license_number=licenses[n % VEHICLES],
        description=f"Short job {n}",
    )


class RawLoop:
    """The same SQL shape as a command, written by hand with psycopg."""

    def __init__(self, url: str, consumers: list[str]) -> None:
        import psycopg

        self.conn = psycopg.connect(url)
        self.consumers = consumers
        self.action = str(uuid.uuid4())  # correlation and causation, as traced

    def plan(self, cmd) -> None:
        from psycopg.types.json import Jsonb

        stream = f"raw-{cmd.planning_date.isoformat()}"
        payload = cmd.model_dump(mode="json")
        now = datetime.now().astimezone()
        envelope = {"event_type": "MaintenanceJobPlanned", "data": payload}
        with self.conn.transaction():
            # The vehicle and its owner, as the command reads them for the job.
            _, brand, type_, owner_id, name, telephone = self.conn.execute(
                "SELECT v.license_number, v.brand, v.type, c.customer_id, c.name, "
                "c.telephone_number FROM workshop_vehicle v LEFT JOIN "
                "workshop_customer c ON c.customer_id = v.owner_id "
                "WHERE v.license_number = %s",
                [cmd.license_number],
            ).fetchone()
            rows = self.conn.execute(
                "SELECT version, event_type, payload FROM workshop_planningevent "
                "WHERE stream_id = %s ORDER BY version",
                [stream],
            ).fetchall()
            self.conn.execute(
                "INSERT INTO workshop_planningevent "
                "(stream_id, version, event_type, payload, metadata, recorded_at) "
                "VALUES (%s, %s, %s, %s, %s, now())",
                [stream, len(rows) + 1, "JobPlanned", Jsonb(payload), Jsonb({})],
            )
            self.conn.execute(
                "INSERT INTO workshop_maintenancejob (job_id, planning_date, "
                "start_time, end_time, description, status, customer_id, "
                "customer_name, customer_telephone_number, license_number, brand, "
                "type, notes, cancel_reason) VALUES "
                "(%s, %s, %s, %s, %s, 'Planned', %s, %s, %s, %s, %s, %s, '', '')",
                [uuid.uuid4(), cmd.planning_date, cmd.start_time, cmd.end_time,
                 cmd.description, owner_id, name, telephone, cmd.license_number,
                 brand, type_],
            )  # fmt: skip
            (event_id,) = self.conn.execute(
                "INSERT INTO kernel_outboxevent (event_id, event_type, source, "
                "occurred_at, envelope, correlation_id, causation_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [uuid.uuid4(), "MaintenanceJobPlanned", "workshop", now,
                 Jsonb(envelope), self.action, self.action],
            ).fetchone()  # fmt: skip
            with self.conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO kernel_delivery (event_id, consumer, state, "
                    "attempts, last_error, created_at, due_at, ordering_key) "
                    "VALUES (%s, %s, 'pending', 0, '', %s, %s, '')",
                    [(event_id, consumer, now, now) for consumer in self.consumers],
                )

    def load(self, stream: str) -> list:
        with self.conn.transaction():
            return self.conn.execute(
                "SELECT version, event_type, payload FROM workshop_planningevent "
                "WHERE stream_id = %s ORDER BY version",
                [stream],
            ).fetchall()


class Stopwatch:
    """Wraps a function and adds up the time spent in it."""

    def __init__(self, function) -> None:
        self.function = function
        self.seconds = 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def throughput(licenses: list[str], raw: RawLoop) -> dict:
    from apps.workshop import handlers
    from garage.kernel import bus

    commands = [command(n, licenses) for n in range(COMMANDS)]
    publish = bus.publish = Stopwatch(bus.publish)
    ours = bare = 0.0
    for first in range(0, COMMANDS, BLOCK):
        block = commands[first : first + BLOCK]
        started = time.perf_counter()
        for cmd in block:
            raw.plan(cmd)
        bare += time.perf_counter() - started
        started = time.perf_counter()
        for cmd in block:
            handlers.plan_maintenance_job(cmd)
        ours += time.perf_counter() - started
    bus.publish = publish.function
    return {
        "a. commands": COMMANDS,
        "a. ours: commands/s": COMMANDS / ours,
        "a. raw psycopg: commands/s": COMMANDS / bare,
        "a. ratio ours/raw (target >= 0.8)": bare / ours,
        "a. ours: ms per command": ours / COMMANDS * 1000,
        "a. of which kernel bus.publish ms": publish.seconds / COMMANDS * 1000,
        "a. bus.publish share of the command": publish.seconds / ours,
        "a. raw psycopg: ms per command": bare / COMMANDS * 1000,
    }


def finished_job_events(n: int, licenses: list[str]) -> list:
    """A job's life as release 2 stores it: planned, checked in, started and
    finished with labour hours and parts (every other one as release 1 stored
    it: no hours, no parts)."""
    from decimal import Decimal

    from apps.workshop.domain import WorkshopPlanning as P
    from apps.workshop.domain.model import PartLine

    job_id, start = uuid.uuid4(), at(LOAD_DAY, 7 * 60 + n)
    end = start + timedelta(hours=1)
    parts = tuple(
        PartLine(f"Part {k} for job {n}", Decimal("2.5"), Decimal("12.40"))
        for k in range(3)
    )
    release_2 = {"labour_hours": Decimal("1.25"), "parts": parts} if n % 2 else {}
    return [
        P.JobPlanned(
            job_id=job_id, start_time=start, end_time=end, description=f"Job {n}",
            customer_id=uuid.uuid4(), customer_name=f"Owner {n}",
            customer_telephone_number="06", license_number=licenses[n % VEHICLES],
            brand="Volkswagen", type="Golf",
        ),
        P.JobCheckedIn(job_id=job_id, license_number=licenses[n % VEHICLES],
                       odometer_km=10_000 + n, at=start),
        P.JobStarted(job_id=job_id, workstation="Bay 1", mechanic="Mo", at=start),
        P.JobFinished(job_id=job_id, actual_start_time=start, actual_end_time=end,
                      notes="Done.", **release_2),
    ]  # fmt: skip


def seed_load_day(licenses: list[str]) -> int:
    """600 events on the planning of LOAD_DAY: 150 jobs through their life
    (the last one not finished yet)."""
    from apps.workshop import repository
    from apps.workshop.domain import WorkshopPlanning
    from apps.workshop.models import PlanningEvent
    from garage.kernel import eventstore

    events = [WorkshopPlanning.Created(date=LOAD_DAY)]
    for n in range(150):
        events += finished_job_events(n, licenses)
    new = [
        eventstore.NewEvent(e.type_name(), e.model_dump_json(), {})
        for e in events[:600]
    ]
    return eventstore.append(PlanningEvent, repository.stream_id(LOAD_DAY), 0, new)


def loading(licenses: list[str], raw: RawLoop) -> dict:
    from apps.workshop import repository

    assert seed_load_day(licenses) == 600
    planning = repository.load(LOAD_DAY)
    assert planning.version == 600 and len(planning.jobs) == 150
    ours, bare = [], []
    for _ in range(LOADS):
        started = time.perf_counter()
        repository.load(LOAD_DAY)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = raw.load(LOAD_DAY.isoformat())
        bare.append(time.perf_counter() - started)
    assert len(rows) == 600
    return {
        "b. events (150 jobs: planned, checked in, started, finished)": 600,
        "b. ours: load + replay median ms": common.median(ours) * 1000,
        "b. raw select median ms": common.median(bare) * 1000,
        "b. ratio ours/raw (target <= 1.25)": common.median(ours) / common.median(bare),
    }


def page(licenses: list[str]) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.workshop import handlers
    from apps.workshop.models import MaintenanceJob

    for day, jobs in ((PAGE_DAY, 300), (SMALL_DAY, 10)):
        for n in range(jobs):
            handlers.plan_maintenance_job(short_job(day, n, 4, licenses))
    assert MaintenanceJob.objects.filter(planning_date=PAGE_DAY).count() == 300
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.create_superuser("bench"))
    queries = {}
    for day in (PAGE_DAY, SMALL_DAY):
        client.get(f"/workshop/{day}/")  # warm up
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/workshop/{day}/").status_code == 200
        queries[day] = len(captured)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(f"/workshop/{PAGE_DAY}/")
        times.append((time.perf_counter() - started) * 1000)
    assert response.content.count(b"<tr class=") == 300
    return {
        "c. planning page, 300 jobs: queries": queries[PAGE_DAY],
        "c. planning page, 10 jobs: queries": queries[SMALL_DAY],
        "c. planning page, 300 jobs: median ms": common.median(times),
        "c. planning page, 300 jobs: p95 ms": common.percentile(times, 95),
    }


def main() -> None:
    url = common.setup("workshop")
    from django.conf import settings

    from apps.workshop import clock
    from garage.kernel import bus

    settings.DEBUG = False  # as in production: no query log kept in memory
    clock.today = lambda: FIRST_DAY
    licenses = seed_cache()
    raw = RawLoop(url, bus.consumers_of("MaintenanceJobPlanned"))
    relay_after_commit = bus._relay_after_commit
    bus._relay_after_commit = lambda ids: None  # delivery is not measured
    figures = {"subscribers of MaintenanceJobPlanned": len(raw.consumers)}
    figures |= throughput(licenses, raw)
    figures |= loading(licenses, raw)
    bus._relay_after_commit = relay_after_commit  # the page needs its read model
    figures |= page(licenses)
    common.report("workshop", figures)


if __name__ == "__main__":
    main()
