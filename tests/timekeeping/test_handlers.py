import threading
from datetime import date

import pytest
from django.db import connection

from apps.timekeeping.commands import PassDay
from apps.timekeeping.events import DayHasPassed
from apps.timekeeping.handlers import pass_day
from apps.timekeeping.models import BusinessDay
from garage.kernel.errors import RuleViolationError
from garage.kernel.testing import published


@pytest.mark.django_db
def test_the_first_day_ever_is_published_alone():
    passed = pass_day(PassDay(day=date(2026, 3, 2), passed_by="ann"))

    assert passed.published == [date(2026, 3, 2)]
    assert [event.date for event in published(DayHasPassed)] == [date(2026, 3, 2)]


@pytest.mark.django_db
def test_a_refused_day_publishes_nothing():
    pass_day(PassDay(day=date(2026, 3, 2), passed_by="ann"))

    with pytest.raises(RuleViolationError) as refused:
        pass_day(PassDay(day=date(2026, 3, 1), passed_by="ann"))

    assert refused.value.code == "day_in_the_past"
    assert len(published(DayHasPassed)) == 1


def test_runs_at_the_same_time_publish_each_day_once(bus):
    pass_day(PassDay(day=date(2026, 3, 1), passed_by="setup"))
    start = threading.Barrier(4)
    errors: list[Exception] = []

    def run() -> None:
        try:
            start.wait()
            pass_day(PassDay(day=date(2026, 3, 6), passed_by="cron"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    bus.drain()  # the days' news is handled before the database is flushed
    assert errors == []
    days = [event.date for event in published(DayHasPassed)]
    assert days == [date(2026, 3, n) for n in range(1, 7)]
    assert BusinessDay.objects.count() == 6
