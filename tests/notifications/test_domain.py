from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from uuid import uuid4
from zoneinfo import ZoneInfo

from apps.notifications.domain import arrival_time, day_bounds, per_customer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_a_day_runs_from_local_midnight_to_local_midnight():
    start, end = day_bounds(date(2026, 3, 2), AMSTERDAM)

    assert start == datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 2, 23, 0, tzinfo=UTC)


def test_the_day_the_clocks_go_forward_lasts_23_hours():
    start, end = day_bounds(date(2026, 3, 29), AMSTERDAM)

    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


def test_each_customer_s_jobs_make_one_group_in_the_order_given():
    ann, bob = uuid4(), uuid4()
    jobs = [SimpleNamespace(customer_id=c, n=n) for n, c in enumerate([ann, ann, bob])]

    groups = [[job.n for job in group] for group in per_customer(jobs)]

    assert groups == [[0, 1], [2]]


def test_the_customer_is_asked_to_arrive_ten_minutes_early():
    first_job = datetime(2026, 3, 2, 9, 30, tzinfo=AMSTERDAM)

    assert arrival_time(first_job) == datetime(2026, 3, 2, 9, 20, tzinfo=AMSTERDAM)
