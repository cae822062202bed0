from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction

from garage.kernel import bus
from garage.kernel.errors import RuleViolationError

from .commands import PassDay
from .events import DayHasPassed
from .models import BusinessDay
from .queries import get_current_business_day

MAX_DAYS_AT_ONCE = 366


class DayRuleError(RuleViolationError):
    """The day asked for cannot pass; shown next to the day on the form."""

    field = "day"


@dataclass(frozen=True)
class PassedDays:
    day: date
    published: list[date] = field(default_factory=list)

    @property
    def already_passed(self) -> bool:
        return not self.published


def pass_day(command: PassDay) -> PassedDays:
    """Publishes ``DayHasPassed`` for each missed day, in order, then the day.

    A day already published is a no-op; a day before the current business day
    is refused. Each day is committed on its own, in order, so its events are
    handled before the next day's; a run that loses the race for a day to a
    concurrent run (same primary key) skips it and carries on.
    """
    if BusinessDay.objects.filter(date=command.day).exists():
        return PassedDays(command.day)
    days = _days_to_pass(get_current_business_day(), command.day)
    published = [day for day in days if _publish_day(day, command.passed_by)]
    return PassedDays(command.day, published)


def days_to_pass(day: date) -> list[date]:
    """The days that passing ``day`` would publish, in order (none if it has
    passed already); raises ``DayRuleError`` if it may not pass."""
    if BusinessDay.objects.filter(date=day).exists():
        return []
    return _days_to_pass(get_current_business_day(), day)


def _days_to_pass(current: date | None, day: date) -> list[date]:
    if current is None:
        return [day]
    if day < current:
        raise DayRuleError(
            f"{day.isoformat()} is before the current business day "
            f"{current.isoformat()}; days only move forward.",
            code="day_in_the_past",
        )
    count = (day - current).days
    if count > MAX_DAYS_AT_ONCE:
        raise DayRuleError(
            f"Passing {day.isoformat()} would pass {count} days at once; "
            f"at most {MAX_DAYS_AT_ONCE} are allowed.",
            code="too_many_days",
        )
    return [current + timedelta(days=n) for n in range(1, count + 1)]


def _publish_day(day: date, passed_by: str) -> bool:
    try:
        with transaction.atomic():
            BusinessDay.objects.create(date=day, passed_by=passed_by)
            bus.publish(DayHasPassed(date=day))
    except IntegrityError:
        return False  # a concurrent run published this day first
    return True
