"""The money rules of invoicing: pure Python, no Django.

Amounts are ``Decimal`` from start to finish; a float never touches money.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import attrgetter
from typing import Protocol
from uuid import UUID

CENT = Decimal("0.01")
MICROSECONDS_PER_HOUR = 3_600_000_000


class InvalidJobTimesError(ValueError):
    pass


class CustomersJob(Protocol):
    customer_id: UUID


@dataclass(frozen=True)
class FinishedJob:
    job_id: UUID
    day: date
    description: str
    license_number: str
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True)
class InvoiceLine:
    job_id: UUID
    day: date
    description: str
    license_number: str
    hours: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceDraft:
    lines: tuple[InvoiceLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def worked_microseconds(started_at: datetime, ended_at: datetime) -> int:
    if ended_at <= started_at:
        raise InvalidJobTimesError("A job must end after it starts.")
    return (ended_at - started_at) // timedelta(microseconds=1)


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def hours_worked(started_at: datetime, ended_at: datetime) -> Decimal:
    """The time worked in hours, rounded half-up to two decimals for display."""
    microseconds = Decimal(worked_microseconds(started_at, ended_at))
    return to_cents(microseconds / MICROSECONDS_PER_HOUR)


def job_amount(
    started_at: datetime, ended_at: datetime, hourly_rate: Decimal
) -> Decimal:
    """Time worked x hourly rate, rounded half-up to cents once, at the end.

    Multiplying before dividing keeps an exact half cent exact, so it rounds up.
    """
    microseconds = Decimal(worked_microseconds(started_at, ended_at))
    return to_cents(microseconds * hourly_rate / MICROSECONDS_PER_HOUR)


def per_customer[J: CustomersJob](jobs: Iterable[J]) -> Iterator[list[J]]:
    """One invoice per customer: the jobs, ordered by customer, in groups."""
    for _, group in groupby(jobs, key=attrgetter("customer_id")):
        yield list(group)


def draft_invoice(jobs: Iterable[FinishedJob], hourly_rate: Decimal) -> InvoiceDraft:
    """One line per job, in the order given; the total is the sum of the lines."""
    return InvoiceDraft(
        tuple(
            InvoiceLine(
                job_id=job.job_id,
                day=job.day,
                description=job.description,
                license_number=job.license_number,
                hours=hours_worked(job.started_at, job.ended_at),
                amount=job_amount(job.started_at, job.ended_at, hourly_rate),
            )
            for job in jobs
        )
    )


def invoice_number(year: int, sequence: int) -> str:
    """``2026-00042``: the year, then the invoice's place in that year."""
    return f"{year}-{sequence:05d}"


def due_date(invoice_date: date, payment_term_days: int) -> date:
    return invoice_date + timedelta(days=payment_term_days)
