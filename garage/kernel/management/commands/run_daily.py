"""Runs a management command every day at a set time in the garage's time zone.

The scheduler of a compose deployment (``compose.yaml``) runs
``manage.py run_daily day_has_passed --at 00:05 --at-start``. It keeps no state
of its own, so the command it runs must be idempotent, as ``day_has_passed`` is:
running it at start (to catch up a day missed while this process was down), or
from two schedulers at once, then does no harm.
"""

import argparse
import signal
import time as clock
from datetime import UTC, datetime, time, timedelta

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone


def time_of_day(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a time of day; use HH:MM."
        ) from None


def next_run(now: datetime, at: time) -> datetime:
    """The first ``at`` o'clock after ``now`` on the wall clock of ``now``'s
    time zone, in UTC (so that waiting for it is plain arithmetic)."""
    for days in (0, 1):
        when = datetime.combine(now.date() + timedelta(days), at, now.tzinfo)
        if when.astimezone(UTC) > now.astimezone(UTC):
            return when.astimezone(UTC)
    raise AssertionError("unreachable: tomorrow's run is after now")


def sleep_until(when: datetime) -> None:
    # Short naps, so a suspended host or a changed clock is noticed.
    while (left := (when - timezone.now()).total_seconds()) > 0:
        clock.sleep(min(left, 60))


def stop(signum, frame) -> None:
    raise SystemExit(0)  # docker stop: leave at once, between transactions


class Command(BaseCommand):
    help = "Runs a management command daily at a time in TIME_ZONE (a scheduler)."

    def add_arguments(self, parser):
        parser.add_argument("command_name", help="e.g. day_has_passed")
        parser.add_argument("--at", type=time_of_day, default=time(0, 5))
        parser.add_argument(
            "--at-start", action="store_true", help="also run it once right away"
        )
        parser.add_argument(
            "--retry-after",
            type=int,
            default=300,
            help="seconds before a failed run is tried again (until the next one)",
        )

    def handle(self, *args, command_name: str, at: time, **options) -> None:
        if command_name not in get_commands():
            raise CommandError(f"No management command is named {command_name!r}.")
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Running {command_name} daily at {at:%H:%M} local time.")
        if options["at_start"]:
            self.run_until_done(command_name, at, options["retry_after"])
        while True:
            sleep_until(next_run(timezone.localtime(), at))
            self.run_until_done(command_name, at, options["retry_after"])

    def run_until_done(self, command_name: str, at: time, retry_after: int) -> None:
        """Runs the command; after a failure (a database that is restarting),
        tries again every ``retry_after`` seconds until the next run is due."""
        while not self.run_once(command_name):
            retry_at = timezone.now() + timedelta(seconds=retry_after)
            if retry_at >= next_run(timezone.localtime(), at):
                return
            sleep_until(retry_at)

    def run_once(self, command_name: str) -> bool:
        try:
            call_command(command_name, stdout=self.stdout, stderr=self.stderr)
            return True
        except Exception as exc:
            self.stderr.write(f"{command_name} failed: {exc!r}")
            return False
        finally:
            connections.close_all()  # a day's idle connection would go stale
