"""manage.py run_daily: compose's scheduler of day_has_passed."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from garage.kernel.management.commands import run_daily

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIVE_PAST_MIDNIGHT = time(0, 5)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 6, 1, 0, 4), local(2026, 6, 1, 0, 5)),
        (local(2026, 6, 1, 0, 5), local(2026, 6, 2, 0, 5)),
        (local(2026, 6, 1, 15, 0), local(2026, 6, 2, 0, 5)),
        # Clocks go forward on 29 March: the next run is 22:05 UTC, not 23:05.
        (local(2026, 3, 29, 12, 0), datetime(2026, 3, 29, 22, 5, tzinfo=UTC)),
        (local(2026, 10, 25, 12, 0), datetime(2026, 10, 25, 23, 5, tzinfo=UTC)),
    ],
)
def test_next_run_is_the_next_time_on_the_local_clock(now, expected):
    assert run_daily.next_run(now, FIVE_PAST_MIDNIGHT) == expected


@pytest.fixture
def naps(monkeypatch) -> list[datetime]:
    """Records each wait instead of sleeping; the third one ends the loop."""
    waits: list[datetime] = []

    def sleep_until(when: datetime) -> None:
        waits.append(when)
        if len(waits) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(run_daily, "sleep_until", sleep_until)
    return waits


@pytest.fixture
def runs(monkeypatch) -> list[str]:
    """Records each run of the scheduled command, failing the first."""
    names: list[str] = []

    def fake_call_command(name: str, **options) -> None:
        names.append(name)
        if len(names) == 1:
            raise CommandError("the database is restarting")

    monkeypatch.setattr(run_daily, "call_command", fake_call_command)
    return names


def test_runs_at_start_retries_a_failure_then_waits_for_the_time(naps, runs):
    at = (timezone.localtime() + timedelta(hours=12)).time().replace(microsecond=0)
    with pytest.raises(KeyboardInterrupt):
        call_command(
            "run_daily",
            "day_has_passed",
            "--at-start",
            "--retry-after=60",
            f"--at={at}",
        )
    # At start: failed, retried after a minute's nap; then daily at ``at``.
    assert runs == ["day_has_passed"] * 3
    retry, first_day, second_day = naps
    assert retry < first_day == second_day  # the clock stands still here
    assert timezone.localtime(first_day).time() == at


def test_gives_up_retrying_when_the_next_run_is_due(naps, runs):
    with pytest.raises(KeyboardInterrupt):
        call_command("run_daily", "day_has_passed", "--retry-after=90000")
    assert runs == ["day_has_passed", "day_has_passed"]


def test_refuses_an_unknown_command():
    with pytest.raises(CommandError, match="No management command is named"):
        call_command("run_daily", "no_such_command")


def test_refuses_a_time_that_is_no_time():
    with pytest.raises(CommandError, match="not a time of day"):
        call_command("run_daily", "day_has_passed", "--at", "25:00")
