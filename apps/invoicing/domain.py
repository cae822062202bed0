"""The money rules of invoicing: pure Python, no Django.

Amounts are ``Decimal`` from start to finish; a float never touches money.
Every amount is rounded half-up to cents once, where it is made: a line's
amount, then the VAT of the subtotal. Totals are sums of rounded amounts, so
what the customer reads adds up.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from garage.kernel.errors import RuleViolationError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MICROSECONDS_PER_HOUR = 3_600_000_000


class InvalidJobTimesError(ValueError):
    pass


class PaymentRefusedError(RuleViolationError):
    code = "payment_refused"


class CreditRefusedError(RuleViolationError):
    code = "credit_refused"


class LineKind(StrEnum):
    LABOUR = "labour"
    PART = "part"


class Kind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class Status(StrEnum):
    OPEN = "Open"
    PARTLY_PAID = "Partly paid"
    PAID = "Paid"
    OVERDUE = "Overdue"
    CREDITED = "Credited"
    CREDIT_NOTE = "Credit note"


class CustomersJob(Protocol):
    customer_id: UUID


@dataclass(frozen=True)
class Part:
    description: str
    quantity: Decimal
    unit_price: Decimal  # excl. VAT


@dataclass(frozen=True)
class FinishedJob:
    """A job as the workshop finished it. ``labour_hours`` None (a job
    finished before release 2, or without hours entered) bills the actual
    duration, to the microsecond."""

    job_id: UUID
    day: date
    description: str
    license_number: str
    started_at: datetime
    ended_at: datetime
    labour_hours: Decimal | None = None
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class InvoiceLine:
    job_id: UUID
    day: date
    kind: LineKind
    description: str
    license_number: str
    quantity: Decimal  # hours for labour, pieces for a part
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal  # excl. VAT
    vat_rate: Decimal  # percent
    vat: Decimal
    total: Decimal  # incl. VAT

    def negated(self) -> "Totals":
        return Totals(-self.subtotal, self.vat_rate, -self.vat, -self.total)


@dataclass(frozen=True)
class InvoiceDraft:
    lines: tuple[InvoiceLine, ...]
    totals: Totals

    @property
    def total(self) -> Decimal:
        return self.totals.total


def to_cents(amount: Decimal) -> Decimal:
    """Half-up to cents; half a cent rounds away from zero, so a negated
    amount rounds to the negated result."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def worked_microseconds(started_at: datetime, ended_at: datetime) -> int:
    if ended_at <= started_at:
        raise InvalidJobTimesError("A job must end after it starts.")
    return (ended_at - started_at) // timedelta(microseconds=1)


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


def labour_line(job: FinishedJob, hourly_rate: Decimal) -> InvoiceLine:
    if job.labour_hours is None:
        hours = hours_worked(job.started_at, job.ended_at)
        amount = job_amount(job.started_at, job.ended_at, hourly_rate)
    else:
        hours, amount = job.labour_hours, to_cents(job.labour_hours * hourly_rate)
    return InvoiceLine(
        job_id=job.job_id,
        day=job.day,
        kind=LineKind.LABOUR,
        description=job.description,
        license_number=job.license_number,
        quantity=hours,
        unit_price=hourly_rate,
        amount=amount,
    )


def part_line(job: FinishedJob, part: Part) -> InvoiceLine:
    return InvoiceLine(
        job_id=job.job_id,
        day=job.day,
        kind=LineKind.PART,
        description=part.description,
        license_number=job.license_number,
        quantity=part.quantity,
        unit_price=part.unit_price,
        amount=to_cents(part.quantity * part.unit_price),
    )


def job_lines(job: FinishedJob, hourly_rate: Decimal) -> tuple[InvoiceLine, ...]:
    """A job's labour line, then a line per part."""
    parts = (part_line(job, part) for part in job.parts)
    return (labour_line(job, hourly_rate), *parts)


def totals(lines: Iterable[InvoiceLine], vat_rate: Decimal) -> Totals:
    """Subtotal = the lines; VAT = subtotal x rate, to cents; total = both."""
    subtotal = sum((line.amount for line in lines), ZERO)
    vat = to_cents(subtotal * vat_rate / 100)
    return Totals(subtotal, vat_rate, vat, subtotal + vat)


def draft_invoice(
    jobs: Iterable[FinishedJob], hourly_rate: Decimal, vat_rate: Decimal
) -> InvoiceDraft:
    """The jobs' lines in the order given, and the invoice's totals."""
    lines = tuple(line for job in jobs for line in job_lines(job, hourly_rate))
    return InvoiceDraft(lines, totals(lines, vat_rate))


def credit_note(original: InvoiceDraft) -> InvoiceDraft:
    """The original's lines and totals negated: together they come to zero."""
    lines = tuple(
        replace(line, quantity=-line.quantity, amount=-line.amount)
        for line in original.lines
    )
    return InvoiceDraft(lines, original.totals.negated())


def per_customer[J: CustomersJob](jobs: Iterable[J]) -> Iterator[list[J]]:
    """One invoice per customer: each customer's jobs in one group, in the
    order given, the groups in the order of their first job. Not only runs
    of one customer: jobs ordered by the name they were planned under put a
    renamed customer's jobs apart."""
    groups: dict[UUID, list[J]] = {}
    for job in jobs:
        groups.setdefault(job.customer_id, []).append(job)
    yield from groups.values()


def invoice_number(year: int, sequence: int) -> str:
    """``2026-00042``: the year, then the invoice's place in that year."""
    return f"{year}-{sequence:05d}"


def due_date(invoice_date: date, payment_term_days: int) -> date:
    return invoice_date + timedelta(days=payment_term_days)


# Payments -------------------------------------------------------------------


def open_amount(total: Decimal, paid: Decimal) -> Decimal:
    return total - paid


def check_payment(amount: Decimal, total: Decimal, paid: Decimal) -> None:
    """A payment is more than nothing and at most what is still open."""
    if amount <= 0:
        raise PaymentRefusedError("A payment must be more than € 0.00.")
    still_open = open_amount(total, paid)
    if amount > still_open:
        raise PaymentRefusedError(
            f"€ {amount} is more than the € {still_open} still open on this invoice."
        )


def status(
    kind: Kind,
    total: Decimal,
    paid: Decimal,
    due: date,
    today: date,
    credited: bool,
) -> Status:
    """Credited and credit notes first; then by what was paid; an invoice
    still open after its due date is Overdue."""
    if kind == Kind.CREDIT_NOTE:
        return Status.CREDIT_NOTE
    if credited:
        return Status.CREDITED
    if paid >= total:
        return Status.PAID
    if today > due:
        return Status.OVERDUE
    return Status.PARTLY_PAID if paid > 0 else Status.OPEN


def payment_reminder_due(due: date, today: date, reminder_days: int) -> bool:
    """Open ``reminder_days`` or more days past its due date."""
    return due <= last_due_date_to_remind(today, reminder_days)


def last_due_date_to_remind(today: date, reminder_days: int) -> date:
    """Invoices due on this day or before are reminded on ``today``."""
    return today - timedelta(days=reminder_days)


# Receivables ------------------------------------------------------------------

AGEING_BUCKETS = ("not due", "1-30", "31-60", "over 60")


def ageing_bucket(due: date, today: date) -> str:
    """How long an open amount is overdue, in the accountant's four buckets."""
    days_late = (today - due).days
    if days_late <= 0:
        return "not due"
    if days_late <= 30:
        return "1-30"
    if days_late <= 60:
        return "31-60"
    return "over 60"


class OpenInvoice(Protocol):
    customer_id: UUID
    customer_name: str
    invoice_date: date
    due_date: date
    open_amount: Decimal


@dataclass(frozen=True)
class Receivable:
    """What one customer still owes, by how late it is."""

    customer_id: UUID
    customer_name: str
    oldest_invoice_date: date
    invoices: int
    buckets: dict[str, Decimal]

    @property
    def open_amount(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)


def receivables(invoices: Sequence[OpenInvoice], today: date) -> list[Receivable]:
    """Open amounts per customer and bucket, the oldest open invoice first."""
    per_customer: dict[UUID, list[OpenInvoice]] = {}
    for invoice in invoices:
        per_customer.setdefault(invoice.customer_id, []).append(invoice)
    rows = []
    for customer_id, open_invoices in per_customer.items():
        buckets = dict.fromkeys(AGEING_BUCKETS, ZERO)
        for invoice in open_invoices:
            buckets[ageing_bucket(invoice.due_date, today)] += invoice.open_amount
        rows.append(
            Receivable(
                customer_id=customer_id,
                customer_name=open_invoices[0].customer_name,
                oldest_invoice_date=min(i.invoice_date for i in open_invoices),
                invoices=len(open_invoices),
                buckets=buckets,
            )
        )
    return sorted(rows, key=lambda row: (row.oldest_invoice_date, row.customer_name))
