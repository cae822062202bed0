"""The web process's stand-in in the fault tests: real commands through the
API (Django's test client in this process, with a bearer token) and the
management commands, committing and relaying exactly as the web does.

    python -m tests.faults.driver seed
    python -m tests.faults.driver burst [--skip N] [--die-after-commit K]

``seed`` registers the customers and vehicles the burst plans jobs for and
passes today. ``burst`` runs the burst's commands in order (after skipping
``N``): registrations, jobs planned on today and the next three days, jobs of
the first two finished, and last, once the bus is quiet, the three days
passing. With ``K``, the
process kills itself (SIGKILL) right after the ``K``-th command's commit,
before its relay runs.
"""

import argparse
import os
import signal
import uuid
from datetime import date, datetime, time, timedelta
from time import monotonic, sleep

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garage.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from garage.kernel.models import ApiToken, Delivery  # noqa: E402

VEHICLES = 20
DAYS = 4  # today and the next three
SLOTS = 9  # jobs of 50 minutes from 08:00, on each of three workstations
BURST = 500
FINISHED_DAYS = 2
JOB_IDS = uuid.UUID("6b1f4c1e-0000-4000-8000-000000000000")
NIGHT_SECONDS = 90  # the longest the days wait for the bus to go quiet


def license_number(vehicle: int) -> str:
    return f"FT-{vehicle}-ZZ"


def customer(name: str) -> dict:
    return {
        "name": name,
        "address": "Keizersgracht 1",
        "postal_code": "1015 AA",
        "city": "Amsterdam",
        "telephone_number": "+31 20 123 4567",
        "email_address": f"{name.lower().replace(' ', '.')}@example.com",
    }


def at(day: date, minutes: int) -> str:
    moment = datetime.combine(day, time(8)) + timedelta(minutes=minutes)
    return moment.isoformat()


def jobs(today: date) -> list[tuple[str, dict, bool]]:
    """(path, payload, finished) of every job, in the order they are planned."""
    planned = []
    for offset in range(DAYS):
        day = today + timedelta(days=offset)
        for slot in range(SLOTS):
            for station in range(3):
                number = (offset * SLOTS + slot) * 3 + station
                payload = {
                    "job_id": str(uuid.uuid5(JOB_IDS, str(number))),
                    "start_time": at(day, slot * 60),
                    "end_time": at(day, slot * 60 + 50),
                    "license_number": license_number((slot * 3 + station) % VEHICLES),
                    "description": f"Job {number}",
                }
                path = f"/api/workshop/plannings/{day}/jobs"
                planned.append((path, payload, offset < FINISHED_DAYS))
    return planned


def burst_commands(today: date) -> list[tuple[str, dict | None]]:
    """(path, payload) of each command; a None payload passes the days."""
    work = []
    for path, payload, finished in jobs(today):
        work.append((path, payload))
        if finished:
            times = {
                "actual_start_time": payload["start_time"],
                "actual_end_time": payload["end_time"],
                "notes": "Done",
            }
            work.append((f"{path}/{payload['job_id']}/finish", times))
    registrations = BURST - 1 - len(work)
    every = len(work) // registrations + 1 if registrations else 0
    commands = []
    for index, command in enumerate(work):
        commands.append(command)
        if every and index % every == 0 and registrations:
            commands.append(("/api/customers", customer(f"Burst Customer {index}")))
            registrations -= 1
    commands += [
        ("/api/customers", customer(f"Late Customer {n}")) for n in range(registrations)
    ]
    return commands + [("days", None)]


class Api:
    def __init__(self) -> None:
        # A superuser: the driver plans, finishes and passes days alike.
        user, _ = get_user_model().objects.get_or_create(
            username="fault-driver", defaults={"is_superuser": True}
        )
        self.client = Client(HTTP_HOST="localhost")
        self.auth = f"Bearer {ApiToken.issue(user)}"

    def post(self, path: str, payload: dict) -> dict:
        response = self.client.post(
            path, payload, content_type="application/json", HTTP_AUTHORIZATION=self.auth
        )
        if response.status_code not in (200, 201):
            raise SystemExit(f"{path}: {response.status_code} {response.content!r}")
        return response.json()


def seed(api: Api, today: date) -> None:
    for vehicle in range(VEHICLES):
        owner = api.post("/api/customers", customer(f"Owner {vehicle}"))
        api.post(
            "/api/vehicles",
            {
                "license_number": license_number(vehicle),
                "brand": "Volkswagen",
                "type": "Golf",
                "owner_id": owner["customer_id"],
            },
        )
    call_command("day_has_passed", "--date", str(today))


def run(api: Api, today: date, path: str, payload: dict | None) -> None:
    if payload is None:
        night()
        call_command("day_has_passed", "--date", str(today + timedelta(DAYS - 1)))
    else:
        api.post(path, payload)


def night() -> None:
    """A day passes the next morning, when the day's news has long arrived:
    waits (a while) until no delivery is on its way. Passed at once after a
    fault, the days could overtake the jobs' news (order is kept per stream,
    not across streams), and no reminder would be made for jobs notifications
    did not know yet."""
    waiting = Delivery.objects.exclude(
        state__in=[Delivery.State.HANDLED, Delivery.State.DEAD]
    )
    deadline = monotonic() + NIGHT_SECONDS
    while waiting.exists() and monotonic() < deadline:
        sleep(0.2)


def burst(api: Api, today: date, skip: int, die_after_commit: int | None) -> None:
    for number, (path, payload) in enumerate(burst_commands(today), start=1):
        if number <= skip:
            continue
        if number != die_after_commit:
            run(api, today, path, payload)
            continue
        with transaction.atomic():
            # Registered first, so it runs before the relay's own callback.
            transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
            run(api, today, path, payload)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["seed", "burst"])
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--die-after-commit", type=int)
    args = parser.parse_args()
    api, today = Api(), timezone.localdate()
    if args.what == "seed":
        seed(api, today)
    else:
        burst(api, today, args.skip, args.die_after_commit)


if __name__ == "__main__":
    main()
