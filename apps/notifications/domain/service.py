"""When a vehicle's next service is due (SPEC 14).

A vehicle is due at the earlier of two days: its last service plus an
interval of months, and the day its odometer is expected to pass the reading
at its last service plus an interval of kilometres. The expectation is a
straight line: the average kilometres per day from its first reading to its
last, carried on from the last. Without a last service nothing is due; without
a usable average (fewer than two readings on different days, a vehicle that
drove 0 km) or without a reading at the last service, only the months count.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Reason(StrEnum):
    DATE = "date"  # months since the last service
    MILEAGE = "mileage"  # kilometres since the last service, estimated


@dataclass(frozen=True, order=True)
class Reading:
    """The odometer read on a day (a check-in), in km."""

    day: date
    km: int


@dataclass(frozen=True)
class Interval:
    months: int = 12
    km: int = 15_000

    @property
    def basis(self) -> str:
        """A short label of the interval, to tell when a stored due date was
        reckoned with other settings."""
        return f"{self.months}m/{self.km}km"


@dataclass(frozen=True)
class Due:
    on: date
    reason: Reason
    km_per_day: float | None = None  # the estimate, when there is one
    service_km: int | None = None  # the reading at the last service


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def km_per_day(readings: Sequence[Reading]) -> float | None:
    """The average from the first reading to the last; None when there is no
    average to speak of: fewer than two readings on different days, no km
    driven, or readings going backwards (the workshop refuses those)."""
    if len(readings) < 2:
        return None
    first, last = min(readings), max(readings)
    days, km = (last.day - first.day).days, last.km - first.km
    return km / days if days > 0 and km > 0 else None


def reading_at(readings: Sequence[Reading], day: date) -> Reading | None:
    """The last reading on or before ``day``."""
    return max((r for r in readings if r.day <= day), default=None)


def next_service(
    last_service: date | None, readings: Sequence[Reading], interval: Interval
) -> Due | None:
    """When the next service is due, and why; None without a last service."""
    if last_service is None:
        return None
    by_date = add_months(last_service, interval.months)
    rate, at_service = km_per_day(readings), reading_at(readings, last_service)
    if rate is None or at_service is None:
        return Due(by_date, Reason.DATE, rate, at_service and at_service.km)
    by_km = _passes(at_service.km + interval.km, max(readings), readings, by_date)
    if by_km is not None and by_km < by_date:
        return Due(by_km, Reason.MILEAGE, rate, at_service.km)
    return Due(by_date, Reason.DATE, rate, at_service.km)


def _passes(
    km: int, last: Reading, readings: Sequence[Reading], cap: date
) -> date | None:
    """The first day the odometer is expected to show ``km`` or more, counted
    in whole days from the last reading in exact integers; None if after
    ``cap`` (the date wins anyway, and a car barely driven would be due in a
    distant century)."""
    first = min(readings)
    span_days, span_km = (last.day - first.day).days, last.km - first.km
    days = -((last.km - km) * span_days // span_km)  # ceil((km - last) / rate)
    if days > (cap - last.day).days:
        return None
    return last.day + timedelta(days=days)
