"""The reminder rules."""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import groupby
from operator import attrgetter
from typing import Protocol
from uuid import UUID

ARRIVE_EARLY = timedelta(minutes=10)


class CustomersJob(Protocol):
    customer_id: UUID


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The instants ``day`` starts and ends in ``zone`` (the garage's)."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(1), time.min, tzinfo=zone)


def per_customer[J: CustomersJob](jobs: Iterable[J]) -> Iterator[list[J]]:
    """One reminder per customer: the jobs, ordered by customer, in groups."""
    for _, group in groupby(jobs, key=attrgetter("customer_id")):
        yield list(group)


def arrival_time(first_start: datetime) -> datetime:
    """The customer is asked to arrive shortly before their first job."""
    return first_start - ARRIVE_EARLY
