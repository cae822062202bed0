from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.timekeeping.events import DayHasPassed
from apps.timekeeping.models import BusinessDay
from garage.kernel.models import Delivery
from garage.kernel.testing import published
from tests.conftest import BROKER_MODE

pytestmark = pytest.mark.django_db


def day_has_passed(*args: str) -> str:
    out = StringIO()
    call_command("day_has_passed", *args, stdout=out)
    return out.getvalue()


def published_days() -> list[date]:
    return [event.date for event in published(DayHasPassed)]


def test_publishes_the_given_day():
    output = day_has_passed("--date", "2026-03-02")

    assert published_days() == [date(2026, 3, 2)]
    assert "Business day 2026-03-02 began (DayHasPassed published)." in output
    assert BusinessDay.objects.get().passed_by == "day_has_passed command"


def test_defaults_to_today_in_the_garage_time_zone():
    day_has_passed()

    assert published_days() == [timezone.localdate()]


def test_catches_up_missed_days_in_order_before_the_day():
    day_has_passed("--date", "2026-02-27")

    output = day_has_passed("--date", "2026-03-02")

    assert published_days() == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 2),
    ]
    assert output.index("2026-02-28") < output.index("2026-03-01")


def test_a_day_already_published_is_a_no_op_that_says_so():
    day_has_passed("--date", "2026-03-02")

    output = day_has_passed("--date", "2026-03-02")

    assert published_days() == [date(2026, 3, 2)]
    assert "2026-03-02 has already passed; nothing to do." in output


def test_an_earlier_day_than_the_current_one_is_refused():
    day_has_passed("--date", "2026-03-02")

    with pytest.raises(CommandError, match="before the current business day"):
        day_has_passed("--date", "2026-02-20")

    assert published_days() == [date(2026, 3, 2)]


def test_a_malformed_date_is_refused_clearly():
    with pytest.raises(CommandError, match="'2026-13-01' is not a date; use YYYY-MM"):
        day_has_passed("--date", "2026-13-01")

    assert published_days() == []


def test_refuses_to_pass_more_than_a_year_at_once():
    day_has_passed("--date", "2026-03-02")

    with pytest.raises(CommandError, match="at most 366"):
        day_has_passed("--date", "2036-03-02")


@pytest.mark.skipif(BROKER_MODE, reason="with a broker, separate workers handle events")
def test_in_the_embedded_default_the_events_are_handled_before_it_exits(bus):
    day_has_passed("--date", "2026-03-02")

    states = Delivery.objects.filter(event__event_type="DayHasPassed")
    assert set(states.values_list("consumer", "state")) == {
        ("notifications", Delivery.State.HANDLED),
        ("invoicing", Delivery.State.HANDLED),
        ("workshop", Delivery.State.HANDLED),
    }
