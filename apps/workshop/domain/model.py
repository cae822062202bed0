"""The values a planning is made of, and the errors its rules raise."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from uuid import UUID

from garage.kernel.errors import NotFoundError, RuleViolationError


class PlanningRuleError(RuleViolationError):
    """A planning rule forbids the command; ``field`` names the input at fault."""

    def __init__(self, message: str, code: str, field: str | None = None) -> None:
        super().__init__(message, code)
        self.field = field


class JobNotFoundError(NotFoundError):
    pass


@dataclass(frozen=True)
class Garage:
    """What the rules need to know about the garage itself: its bays (each runs
    one job at a time, so their number is the capacity) and its time zone."""

    bays: tuple[str, ...]
    time_zone: tzinfo

    @property
    def workstations(self) -> int:
        return len(self.bays)

    def bay(self, name: str) -> str | None:
        """The bay called ``name`` (in any case), as the garage spells it."""
        wanted = name.strip().casefold()
        return next((bay for bay in self.bays if bay.casefold() == wanted), None)


@dataclass(frozen=True)
class Customer:
    customer_id: UUID
    name: str
    telephone_number: str


@dataclass(frozen=True)
class Vehicle:
    """A vehicle as the workshop knows it; ``owner`` is None until known."""

    license_number: str
    brand: str
    type: str
    owner: Customer | None


@dataclass(frozen=True)
class PartLine:
    """A part used on a job: how many, at what price each (excl. VAT)."""

    description: str
    quantity: Decimal
    unit_price: Decimal


class Status(StrEnum):
    PLANNED = "Planned"
    CHECKED_IN = "Checked in"
    IN_PROGRESS = "In progress"
    WAITING_FOR_PARTS = "Waiting for parts"
    FINISHED = "Finished"
    CANCELLED = "Cancelled"


@dataclass
class Job:
    job_id: UUID
    start_time: datetime
    end_time: datetime
    description: str
    customer: Customer
    vehicle: Vehicle
    status: Status = Status.PLANNED
    odometer_km: int | None = None
    checked_in_at: datetime | None = None
    workstation: str = ""
    mechanic: str = ""
    started_at: datetime | None = None
    waiting_reason: str = ""
    actual_start_time: datetime | None = None
    actual_end_time: datetime | None = None
    notes: str = ""
    labour_hours: Decimal | None = None
    parts: tuple[PartLine, ...] = ()
    cancel_reason: str = ""

    @property
    def takes_capacity(self) -> bool:
        return self.status is not Status.CANCELLED

    def is_planned_as(
        self, start: datetime, end: datetime, license_number: str, description: str
    ) -> bool:
        return (self.start_time, self.end_time, self.description) == (
            start,
            end,
            description,
        ) and self.vehicle.license_number == license_number.upper()

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Half-open slots: one ending at 10:00 misses one starting at 10:00."""
        return self.start_time < end and start < self.end_time


CENT = Decimal("0.01")


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def instant(moment: datetime) -> timedelta:
    """``moment`` as the real time since 1970. Two times in one time zone
    compare and subtract by the clock on the wall, which skips or repeats an
    hour when the clocks change. (Converted to UTC instead, a time early on
    1 January of year 1 would fall before the calendar.)"""
    return moment - EPOCH


def hours_between(start: datetime, end: datetime) -> Decimal:
    """The hours from ``start`` to ``end``, to the hundredth (labour's default)."""
    hours = Decimal((instant(end) - instant(start)).total_seconds()) / 3600
    return hours.quantize(CENT, rounding=ROUND_HALF_UP)
