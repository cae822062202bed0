"""When a vehicle's next service is due (SPEC 14): the pure rules."""

from datetime import date

import pytest

from apps.notifications.domain import Due, Interval, Reading, Reason, next_service
from apps.notifications.domain.service import add_months, km_per_day, reading_at

YEAR = Interval(months=12, km=15_000)
SERVICE = date(2026, 3, 2)


def test_nothing_is_due_for_a_vehicle_never_serviced():
    assert next_service(None, [Reading(SERVICE, 10_000)], YEAR) is None


def test_without_readings_the_months_decide():
    assert next_service(SERVICE, [], YEAR) == Due(date(2027, 3, 2), Reason.DATE)


def test_one_reading_gives_no_average_so_the_months_decide():
    due = next_service(SERVICE, [Reading(SERVICE, 42_000)], YEAR)

    assert due == Due(date(2027, 3, 2), Reason.DATE, None, 42_000)


def test_two_readings_on_one_day_give_no_average():
    readings = [Reading(SERVICE, 1_000), Reading(SERVICE, 1_500)]

    assert next_service(SERVICE, readings, YEAR).reason == Reason.DATE


def test_a_vehicle_that_drives_0_km_is_due_by_the_months():
    readings = [Reading(date(2025, 3, 2), 30_000), Reading(SERVICE, 30_000)]

    due = next_service(SERVICE, readings, YEAR)

    assert due == Due(date(2027, 3, 2), Reason.DATE, None, 30_000)


def test_a_vehicle_that_drives_a_lot_is_due_by_the_mileage():
    # 100 km a day: 15,000 km after the service in 150 days.
    readings = [Reading(date(2026, 1, 1), 10_000), Reading(SERVICE, 16_000)]

    due = next_service(SERVICE, readings, YEAR)

    assert due == Due(date(2026, 7, 30), Reason.MILEAGE, 100.0, 16_000)
    assert (due.on - SERVICE).days == 150


def test_the_estimate_carries_on_from_the_last_reading():
    # Serviced at 20,000; read at 26,000 on 1 May; 100 km a day overall.
    readings = [
        Reading(date(2026, 1, 1), 14_100),
        Reading(SERVICE, 20_000),
        Reading(date(2026, 5, 1), 26_000),
    ]

    due = next_service(SERVICE, readings, YEAR)

    rate = (26_000 - 14_100) / 120
    assert due.km_per_day == rate
    # 9,000 km left at ~99.17 km a day: 91 days (rounded up) after 1 May.
    assert due == Due(date(2026, 7, 31), Reason.MILEAGE, rate, 20_000)


def test_a_mileage_already_passed_is_overdue():
    readings = [Reading(SERVICE, 20_000), Reading(date(2026, 6, 1), 50_000)]

    due = next_service(SERVICE, readings, YEAR)

    assert due.reason == Reason.MILEAGE and due.on < date(2026, 6, 1)


def test_the_earlier_of_the_two_wins_the_months_when_driven_little():
    # 10 km a day: 15,000 km would take four years.
    readings = [Reading(date(2025, 3, 2), 16_350), Reading(SERVICE, 20_000)]

    assert next_service(SERVICE, readings, YEAR) == Due(
        date(2027, 3, 2), Reason.DATE, 10.0, 20_000
    )


def test_a_barely_driven_car_is_not_due_in_a_distant_century():
    readings = [Reading(date(2000, 1, 1), 0), Reading(SERVICE, 1)]

    assert next_service(SERVICE, readings, YEAR).reason == Reason.DATE


def test_without_a_reading_at_the_last_service_only_the_months_count():
    readings = [Reading(date(2026, 4, 1), 10_000), Reading(date(2026, 5, 1), 40_000)]

    due = next_service(SERVICE, readings, YEAR)

    assert (due.on, due.reason, due.service_km) == (date(2027, 3, 2), Reason.DATE, None)


def test_the_intervals_are_settings():
    readings = [Reading(date(2026, 2, 20), 9_000), Reading(SERVICE, 10_000)]

    due = next_service(SERVICE, readings, Interval(months=6, km=100_000))

    assert due == Due(date(2026, 9, 2), Reason.DATE, 100.0, 10_000)


def test_readings_going_backwards_give_no_average():
    # The workshop refuses them; should one slip through, only months count.
    assert km_per_day([Reading(date(2026, 1, 1), 5), Reading(SERVICE, 3)]) is None


def test_readings_are_taken_in_any_order():
    shuffled = [Reading(SERVICE, 16_000), Reading(date(2026, 1, 1), 10_000)]

    assert km_per_day(shuffled) == 100.0
    assert reading_at(shuffled, SERVICE) == Reading(SERVICE, 16_000)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 3, 2), 12, date(2027, 3, 2)),
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_basis_names_the_intervals():
    assert YEAR.basis == "12m/15000km"
